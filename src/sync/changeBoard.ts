/**
 * Every change Baton makes to a board goes through `changeBoard`, so the Automerge change
 * message always says who did what (see `encodeChangeMeta`).
 */
import type { DocHandle } from "@automerge/automerge-repo"
import { encodeChangeMeta } from "../model/changeMeta"
import { changeJournal } from "./changeJournal"
import type { Board } from "../model/types"

/**
 * Applies `fn` to the board in one Automerge change carrying `{ memberId, op }` as its
 * message. Errors thrown by `fn` (e.g. a `ModelError`) propagate and nothing is committed.
 * The change is also kept in the change journal until it is stored (see changeJournal.ts).
 */
export function changeBoard(
  handle: DocHandle<Board>,
  memberId: string,
  op: string,
  fn: (doc: Board) => void,
): void {
  handle.change((doc) => fn(doc), { message: encodeChangeMeta({ memberId, op }) })
  // Kept synchronously until IndexedDB has it: a reload right after the edit must not lose it.
  changeJournal.recordLocalChange(handle.documentId, handle.doc())
}
