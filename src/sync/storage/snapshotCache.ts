/**
 * A render snapshot of each board on this device: the plain board (as JSON-like data) and the
 * document heads it was taken at, kept in IndexedDB. Opening a big board shows this snapshot
 * at once, read-only, while the real Automerge document loads (loading a long history takes
 * seconds); the live document then replaces it. The snapshot is only a cache: it is never
 * synced, never edited, and a missing or corrupt one is simply ignored.
 */
import { whenDone } from "./IndexedDBStorage"
import { whenQuiet } from "../../shared/idle"
import { onPageHidden } from "../../shared/pageHidden"

export interface BoardSnapshot {
  documentId: string
  heads: string[]
  /** Epoch ms when it was taken. */
  savedAt: number
  board: unknown
}

const DB_NAME = "baton-snapshots"
const STORE = "boards"

let dbPromise: Promise<IDBDatabase | null> | null = null

/** Opens the database with its store; `version` above the current one adds a missing store. */
function openVersion(version: number | undefined, retry: boolean): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB_NAME, version)
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE)
      }
      req.onsuccess = () => {
        const db = req.result
        if (db.objectStoreNames.contains(STORE)) return resolve(db)
        // A database of that name without our store (e.g. created empty elsewhere): add it.
        const next = db.version + 1
        db.close()
        resolve(retry ? openVersion(next, false) : null)
      }
      req.onerror = () => resolve(null)
      req.onblocked = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
}

function openDb(): Promise<IDBDatabase | null> {
  dbPromise ??= openVersion(undefined, true).then((db) => {
    // Another tab upgrading the database: let it, and open again on the next use.
    if (db !== null)
      db.onversionchange = () => {
        db.close()
        dbPromise = null
      }
    return db
  })
  return dbPromise
}

function isSnapshot(v: unknown, documentId: string): v is BoardSnapshot {
  if (typeof v !== "object" || v === null) return false
  const o = v as Record<string, unknown>
  return (
    o.documentId === documentId &&
    Array.isArray(o.heads) &&
    o.heads.every((h) => typeof h === "string") &&
    typeof o.savedAt === "number" &&
    typeof o.board === "object" &&
    o.board !== null
  )
}

/** The snapshot of a board, or `null` (none, unreadable, or storage unavailable). Never throws. */
export async function readSnapshot(documentId: string): Promise<BoardSnapshot | null> {
  const db = await openDb()
  if (db === null) return null
  return new Promise((resolve) => {
    try {
      const req = db.transaction(STORE, "readonly").objectStore(STORE).get(documentId)
      req.onsuccess = () => resolve(isSnapshot(req.result, documentId) ? req.result : null)
      req.onerror = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
}

/** Saves a snapshot; returns false when storage refused (e.g. full). Never throws. */
export async function writeSnapshot(snapshot: BoardSnapshot): Promise<boolean> {
  const db = await openDb()
  if (db === null) return false
  try {
    const tx = db.transaction(STORE, "readwrite")
    tx.objectStore(STORE).put(snapshot, snapshot.documentId)
    return await whenDone(tx, () => true)
  } catch {
    return false
  }
}

export async function deleteSnapshot(documentId: string): Promise<void> {
  const db = await openDb()
  if (db === null) return
  try {
    const tx = db.transaction(STORE, "readwrite")
    tx.objectStore(STORE).delete(documentId)
    await whenDone(tx, () => undefined)
  } catch {
    // Not deleted: it is only a cache, and a later snapshot replaces it.
  }
}

/**
 * Saves snapshots of one board once it has been quiet for `quietMs` after a change (writing a
 * large board's snapshot blocks the page for tens of milliseconds, so not while someone is
 * typing), but at most `maxWaitMs` after the first unsaved change, when the page is idle, and at
 * once when the page is hidden or the board closed. `take` returns the current snapshot.
 */
export function snapshotSaver(
  take: () => BoardSnapshot,
  options: { quietMs?: number; maxWaitMs?: number } = {},
): { changed(): void; flush(): void; stop(): void } {
  let stopped = false
  const saver = whenQuiet(
    () => {
      if (stopped) return
      try {
        void writeSnapshot(take())
      } catch {
        // A snapshot is only a cache.
      }
    },
    {
      quietMs: options.quietMs ?? 2000,
      maxWaitMs: options.maxWaitMs ?? 30_000,
      idleTimeoutMs: 2000,
    },
  )
  const stopListening = onPageHidden(saver.flush)
  return {
    changed() {
      if (!stopped) saver.poke()
    },
    flush: saver.flush,
    stop() {
      saver.flush()
      stopped = true
      stopListening()
    },
  }
}
