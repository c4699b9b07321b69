/**
 * A journal of this device's edits that are not yet in IndexedDB.
 *
 * automerge-repo writes an edit to IndexedDB as soon as it is made, but the write is
 * asynchronous: a page reloaded or closed within those milliseconds (longer when the write
 * waits for the compaction of a freshly opened board) loses the edit, and with no relay in
 * reach it is gone. So each local change is also kept here, in `localStorage`, whose writes
 * are synchronous, until a save to IndexedDB that contains it has finished; opening the
 * board applies what the journal still holds (Automerge ignores changes it already has).
 */
import * as A from "@automerge/automerge"
import { readStoredArray, writeStoredArray } from "./storedArray"
import { base64ToBytes, bytesToBase64 } from "./base64"

type KeyValue = Pick<Storage, "getItem" | "setItem" | "removeItem">

interface Entry {
  /** An id for the entry, unique on this device. */
  h: string
  /** The change's bytes, base64. */
  c: string
}

const PREFIX = "baton.unsaved."

export interface ChangeJournal {
  /** Keeps `doc`'s latest local change (call right after making it). */
  recordLocalChange(documentId: string, doc: A.Doc<unknown>): void
  /**
   * The ids of the changes kept now. Take them before a save starts: the save stores at
   * least those (a document's state only grows, and the save reads it when it runs).
   */
  recorded(documentId: string): string[]
  /** Forgets the changes `ids` names, once a save taken after `recorded` has finished. */
  settle(documentId: string, ids: readonly string[]): void
  /** The changes still waiting for IndexedDB, oldest first (unreadable entries skipped). */
  pending(documentId: string): Uint8Array[]
  /** Forgets everything for a document (removed from this device). */
  forget(documentId: string): void
}

export function createChangeJournal(store: KeyValue | null): ChangeJournal {
  let seq = 0
  const read = (documentId: string): Entry[] => {
    return readStoredArray(store, PREFIX + documentId).filter(
      (e): e is Entry =>
        typeof e === "object" &&
        e !== null &&
        typeof (e as Entry).h === "string" &&
        typeof (e as Entry).c === "string",
    )
  }
  const write = (documentId: string, entries: Entry[]): void => {
    if (store === null) return
    try {
      writeStoredArray(store, PREFIX + documentId, entries)
    } catch (error) {
      // Full or unavailable: IndexedDB still gets the edit, only the reload window is open.
      console.warn("Baton: could not keep an unsaved edit in localStorage", error)
    }
  }
  return {
    recordLocalChange(documentId, doc) {
      if (store === null) return
      const change = A.getLastLocalChange(doc)
      if (change === undefined) return
      const bytes = bytesToBase64(change)
      const entries = read(documentId)
      // An edit that changed nothing leaves the last change as it was: already kept.
      if (entries[entries.length - 1]?.c === bytes) return
      entries.push({ h: `${Date.now().toString(36)}.${(seq++).toString(36)}`, c: bytes })
      write(documentId, entries)
    },
    recorded(documentId) {
      return store === null ? [] : read(documentId).map((e) => e.h)
    },
    settle(documentId, ids) {
      if (ids.length === 0) return
      const entries = read(documentId)
      const saved = new Set(ids)
      const left = entries.filter((e) => !saved.has(e.h))
      if (left.length !== entries.length) write(documentId, left)
    },
    pending(documentId) {
      const out: Uint8Array[] = []
      for (const e of read(documentId)) {
        try {
          out.push(base64ToBytes(e.c))
        } catch {
          // a damaged entry: skipped (the rest may still apply)
        }
      }
      return out
    },
    forget(documentId) {
      write(documentId, [])
    },
  }
}

/** The browser's journal (none outside a browser). */
export const changeJournal: ChangeJournal = createChangeJournal(
  typeof localStorage === "undefined" ? null : localStorage,
)
