/**
 * Every change Baton makes to a board goes through `changeBoard`, so the Automerge change
 * message always says who did what (see `encodeChangeMeta`).
 */
import type * as A from "@automerge/automerge"
import type { DocHandle } from "@automerge/automerge-repo"
import { encodeChangeMeta } from "../model/changeMeta"
import { changeJournal } from "../sync/storage/changeJournal"
import type { Board } from "../model/types"
import type { BoardDoc } from "./BoardDoc"

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

/** A session's document backed by a `DocHandle` (which extensions are given). */
export interface HandleBoardDoc extends BoardDoc {
  readonly handle: DocHandle<Board>
}

/** A `DocHandle` as a session's document: changes go through `changeBoard`. */
export function handleBoardDoc(handle: DocHandle<Board>): HandleBoardDoc {
  return {
    handle,
    documentId: handle.documentId,
    doc: () => handle.doc(),
    change: (fn, meta) => changeBoard(handle, meta.memberId, meta.op, fn),
    on(_event, listener) {
      const onChange = (payload: { patches: A.Patch[]; doc: A.Doc<Board> }): void =>
        listener({ patches: payload.patches, doc: payload.doc })
      handle.on("change", onChange)
      return () => void handle.off("change", onChange)
    },
  }
}
