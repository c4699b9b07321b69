/**
 * Edits made while a board's document is still loading. The board page shows a board from its
 * saved snapshot at once, and accepts edits before the document itself is loaded (a 10,000-card
 * board takes seconds). Each such edit is kept here, in `localStorage` (synchronous, so a
 * reload or a closed tab right after the edit keeps it), as an `Intent`: the operation's name
 * and JSON arguments. Once the document is loaded the page runs them on it, in order, as
 * ordinary changes (which the change journal then keeps until IndexedDB has them), and removes
 * them here. A page opened again before that shows them on its snapshot and runs them then.
 */
import { isIntent } from "../../model/operations"
import type { OperationName } from "../../model/operations"
import { readStoredArray, writeStoredArray } from "./storedArray"

export interface EarlyEdit {
  /** Unique on this device: removing an edit removes exactly it. */
  id: string
  /** Who made it: the change is attributed to them. */
  memberId: string
  op: OperationName
  args: unknown[]
  /** When it was made (ms since the epoch). */
  at: number
}

const PREFIX = "baton.early."

export interface EarlyEdits {
  /** Keeps an edit; throws when it cannot be stored (e.g. the storage is full). */
  add(documentId: string, edit: Omit<EarlyEdit, "id">): EarlyEdit
  /** The edits kept for a board, oldest first. Entries that cannot be read are skipped. */
  list(documentId: string): EarlyEdit[]
  /** Removes the given edits (those applied to the document). */
  remove(documentId: string, ids: readonly string[]): void
  /** Drops all edits kept for a board (it was removed from this device). */
  forget(documentId: string): void
}

type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">

export function earlyEditsIn(storage: KeyValueStorage | null): EarlyEdits {
  let seq = 0
  const read = (documentId: string): EarlyEdit[] => {
    return readStoredArray(storage, PREFIX + documentId).filter(
      (e: unknown): e is EarlyEdit =>
        isIntent(e) &&
        typeof (e as Partial<EarlyEdit>).id === "string" &&
        typeof (e as Partial<EarlyEdit>).memberId === "string" &&
        typeof (e as Partial<EarlyEdit>).at === "number",
    )
  }
  const write = (documentId: string, edits: EarlyEdit[]): void =>
    writeStoredArray(storage, PREFIX + documentId, edits)
  return {
    add(documentId, edit) {
      const unique = `${(seq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`
      const kept: EarlyEdit = { ...edit, id: `${edit.at.toString(36)}.${unique}` }
      // Another tab may have added some meanwhile: read, append, write in one go.
      write(documentId, [...read(documentId), kept])
      return kept
    },
    list: read,
    remove(documentId, ids) {
      if (ids.length === 0) return
      const gone = new Set(ids)
      try {
        write(
          documentId,
          read(documentId).filter((e) => !gone.has(e.id)),
        )
      } catch (error) {
        console.error("Baton: could not update the edits kept while loading", error)
      }
    },
    forget(documentId) {
      try {
        storage?.removeItem(PREFIX + documentId)
      } catch {
        // nothing kept, or nothing to do
      }
    },
  }
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage
  } catch {
    return null
  }
}

export const earlyEdits: EarlyEdits = earlyEditsIn(browserStorage())
