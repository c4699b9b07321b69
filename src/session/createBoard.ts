/** A new board: one document, initialised in one change by the member who made it. */
import * as A from "@automerge/automerge"
import { wasmInitialized } from "@automerge/automerge"
import type { Repo } from "@automerge/automerge-repo"
import { describeBoardError, initBoard, initBoardFromTemplate, validateBoard } from "../model"
import type { Board, Member } from "../model/types"
import { findDocument } from "../sync/findDocument"
import { changeBoard } from "./changeBoard"
import { claimNewBoard } from "./access"
import type { BoardId } from "./documentIds"

export async function createBoard(
  repo: Repo,
  options: { title: string; memberId: string; now: string },
): Promise<BoardId> {
  // A click in the first moments after the page opened can come before Automerge is running.
  await wasmInitialized()
  const handle = repo.create<Board>()
  changeBoard(handle, options.memberId, "initBoard", (d) => initBoard(d, options))
  // Its links' secrets, so it is claimed (this device its editor) once it reaches the relay.
  claimNewBoard(handle.documentId)
  return handle.documentId
}

/**
 * A new board made from board `sourceId` of this device (a template board, or any board): its
 * lists, labels, settings and template cards (see `initBoardFromTemplate`), with `member` on
 * it. The source is read, never changed. Rejects with a message a person can read when the
 * source cannot be read.
 */
export async function createBoardFromTemplate(
  repo: Repo,
  sourceId: BoardId,
  options: { title: string; member: Member; now: string },
): Promise<BoardId> {
  await wasmInitialized()
  const source = await findDocument<Board>(repo, sourceId).catch(() => {
    throw new Error("That board is not on this device now, so no board can be made from it.")
  })
  const doc = source.doc()
  const valid = validateBoard(doc)
  if (!valid.ok) throw new Error(`That board cannot be used: ${describeBoardError(valid.error)}`)
  const plain = A.toJS(doc) as Board
  const handle = repo.create<Board>()
  changeBoard(handle, options.member.id, "initBoardFromTemplate", (d) =>
    initBoardFromTemplate(d, plain, options),
  )
  claimNewBoard(handle.documentId)
  return handle.documentId
}
