/**
 * A copy of a board as a new board of this device's own: what a device keeps when the relay
 * no longer lets it reach the board (its link was stopped), so nothing it changed is lost.
 * The copy has the board's whole history under a new id; this device claims it as its editor
 * the first time it is online.
 */
import type { DocHandle, Repo } from "@automerge/automerge-repo"
import { renameBoard } from "../model/board"
import type { Board } from "../model/types"
import { claimNewBoard } from "./access"
import { changeBoard } from "./changeBoard"
import type { BoardId } from "./documentIds"

export function copyAsNewBoard(repo: Repo, handle: DocHandle<Board>, memberId: string): BoardId {
  const copy = repo.clone(handle)
  claimNewBoard(copy.documentId)
  const title = `${handle.doc().title} (my copy)`.slice(0, 200)
  try {
    changeBoard(copy, memberId, "renameBoard", (d) => renameBoard(d, title))
  } catch (e) {
    console.error(e)
  }
  return copy.documentId
}
