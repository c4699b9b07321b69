/**
 * A journal of this device's edits that are not yet in IndexedDB.
 *
 * automerge-repo writes an edit to IndexedDB as soon as it is made, but the write is
 * asynchronous: a page reloaded or closed within those milliseconds (longer when the write
 * waits for the compaction of a freshly opened board) loses the edit, and with no relay in
 * reach it is gone. So each local change is also kept here, in `localStorage`, whose writes
 * are synchronous, until a save to IndexedDB that contains it has finished; opening the
 * board applies what the journal still holds (Automerge ignores changes it already has).
 *
 * The change's bytes are taken at once, but written to `localStorage` right after the frame
 * that shows the edit (several edits of one frame in one write), or earlier when the page is
 * hidden or left (`pagehide`, `visibilitychange`, `freeze`) and whenever the journal is read:
 * the write (reading, parsing and writing the board's entry) then never delays the screen's
 * response to a key. Only a browser crash within that frame could lose an edit from the
 * journal, as it can lose an IndexedDB write.
 */
import * as A from "@automerge/automerge"
import { readStoredArray, writeStoredArray } from "./storedArray"
import { base64ToBytes, bytesToBase64 } from "./base64"
import { afterFrame } from "../../shared/afterFrame"

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

/**
 * When the changes taken are written: `later(flush)` is called once per batch. The browser's
 * journal writes right after the next frame, and at once when the page is hidden or left.
 */
export type JournalSchedule = (flush: () => void) => void

export function createChangeJournal(
  store: KeyValue | null,
  later: JournalSchedule = (flush) => queueMicrotask(flush),
): ChangeJournal {
  let seq = 0
  /** Changes taken and not yet written, per document, oldest first (base64). */
  const queued = new Map<string, string[]>()
  let scheduled = false
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
  const flush = (): void => {
    scheduled = false
    if (queued.size === 0) return
    const batches = [...queued]
    queued.clear()
    for (const [documentId, changes] of batches) {
      const entries = read(documentId)
      const before = entries.length
      for (const bytes of changes) {
        // An edit that changed nothing leaves the last change as it was: already kept.
        if (entries[entries.length - 1]?.c === bytes) continue
        entries.push({ h: `${Date.now().toString(36)}.${(seq++).toString(36)}`, c: bytes })
      }
      if (entries.length !== before) write(documentId, entries)
    }
  }
  return {
    recordLocalChange(documentId, doc) {
      if (store === null) return
      // Taken now: the document moves on with the next edit.
      const change = A.getLastLocalChange(doc)
      if (change === undefined) return
      const bytes = bytesToBase64(change)
      const list = queued.get(documentId)
      if (list === undefined) queued.set(documentId, [bytes])
      else if (list[list.length - 1] !== bytes) list.push(bytes)
      if (!scheduled) {
        scheduled = true
        later(flush)
      }
    },
    recorded(documentId) {
      flush()
      return store === null ? [] : read(documentId).map((e) => e.h)
    },
    settle(documentId, ids) {
      if (ids.length === 0) return
      flush()
      const entries = read(documentId)
      const saved = new Set(ids)
      const left = entries.filter((e) => !saved.has(e.h))
      if (left.length !== entries.length) write(documentId, left)
    },
    pending(documentId) {
      flush()
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
      queued.delete(documentId)
      write(documentId, [])
    },
  }
}

/** The browser's journal (none outside a browser). */
export const changeJournal: ChangeJournal = createChangeJournal(
  typeof localStorage === "undefined" ? null : localStorage,
  typeof document === "undefined" ? undefined : afterFrame,
)
