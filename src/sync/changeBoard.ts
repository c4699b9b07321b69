/**
 * Every change Baton makes to a board goes through `changeBoard`, so the Automerge change
 * message always says who did what (see `encodeChangeMeta`).
 */
import type { DocHandle } from "@automerge/automerge-repo"
import { encodeChangeMeta } from "../model/changeMeta"
import { changeJournal } from "./changeJournal"
import type { Board } from "../model/types"

const beforeChange = new WeakMap<DocHandle<Board>, () => void>()

/**
 * Runs `fn` before every `changeBoard` on `handle` (until the returned function is called):
 * the board page writes an edit it has shown but not yet made (see pendingEdit.ts).
 */
export function beforeChangeOf(handle: DocHandle<Board>, fn: () => void): () => void {
  beforeChange.set(handle, fn)
  return () => {
    if (beforeChange.get(handle) === fn) beforeChange.delete(handle)
  }
}

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
  // An edit already shown but not yet written goes first: changes keep the order they were made.
  beforeChange.get(handle)?.()
  handle.change((doc) => fn(doc), { message: encodeChangeMeta({ memberId, op }) })
  // Kept synchronously until IndexedDB has it: a reload right after the edit must not lose it.
  changeJournal.recordLocalChange(handle.documentId, handle.doc())
}
