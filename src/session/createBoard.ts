/** A new board: one document, initialised in one change by the member who made it. */
import { wasmInitialized } from "@automerge/automerge"
import type { Repo } from "@automerge/automerge-repo"
import { initBoard } from "../model"
import type { Board } from "../model/types"
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
