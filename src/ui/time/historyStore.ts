/**
 * Card history indexes kept on this device (IndexedDB, one record per board), so opening a
 * card's history reads only the changes made since the index was last kept instead of the
 * whole history. Any failure (storage refused, full, damaged) just means reading it all again.
 */
import type { HistorySnapshot } from "../../model/catchup"

const DB = "baton-history-index"
const STORE = "boards"

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => resolve(null)
      req.onblocked = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
}

/** The kept index of a board, or `null`. */
export async function readHistoryIndex(documentId: string): Promise<unknown> {
  const db = await open()
  if (!db) return null
  return new Promise((resolve) => {
    try {
      const req = db.transaction(STORE, "readonly").objectStore(STORE).get(documentId)
      req.onsuccess = () => resolve(req.result ?? null)
      req.onerror = () => resolve(null)
    } catch {
      resolve(null)
    } finally {
      db.close()
    }
  })
}

/** Keeps a board's index; resolves `false` when storage refused (nothing else is lost). */
export async function writeHistoryIndex(
  documentId: string,
  snapshot: HistorySnapshot,
): Promise<boolean> {
  const db = await open()
  if (!db) return false
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(STORE, "readwrite")
      tx.objectStore(STORE).put(snapshot, documentId)
      tx.oncomplete = () => resolve(true)
      tx.onabort = () => resolve(false)
      tx.onerror = () => resolve(false)
    } catch {
      resolve(false)
    } finally {
      db.close()
    }
  })
}
