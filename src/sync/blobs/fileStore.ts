/**
 * The bytes of attached files on this device, by board and SHA-256, in IndexedDB (database
 * `baton-files`): files attached here and still to be uploaded (the upload queue, which
 * survives a reload), and files opened here (the cache, so they open offline). A small record
 * per file (`files`) is kept apart from its bytes (`bytes`), so listing the queue or adding up
 * the usage never reads a file's bytes.
 *
 * Writes reject with the browser's error (a `QuotaExceededError` when the disk is full);
 * `problemOf` in storage/storageHealth.ts tells a full disk from a refusal.
 */
import { whenDone } from "../storage/IndexedDBStorage"

export interface StoredFile {
  board: string
  sha256: string
  mime: string
  size: number
  /** Attached on this device and not yet on the relay. Such a file is never freed. */
  pending: boolean
  /** Why the relay refused it (the upload stopped until the person tries again). */
  refused?: string
  /** When it was stored or last opened (ms since the epoch). */
  usedAt: number
}

export interface FileUsage {
  /** Bytes of every file kept on this device. */
  bytes: number
  files: number
  /** Of those, bytes still waiting to upload (never freed). */
  pendingBytes: number
  pendingFiles: number
}

export interface FileStore {
  /** Stores a file's bytes; `pending` queues it for upload. Keeps a pending mark already set. */
  put(file: Omit<StoredFile, "usedAt">, bytes: ArrayBuffer, now: number): Promise<void>
  /** The file's bytes, or `null` when this device does not hold them. */
  bytes(board: string, sha256: string): Promise<ArrayBuffer | null>
  get(board: string, sha256: string): Promise<StoredFile | null>
  /** Every file waiting to upload, oldest first. */
  pending(): Promise<StoredFile[]>
  /** The relay has the file: it stays as a cached copy. */
  uploaded(board: string, sha256: string): Promise<void>
  /** The relay refused it (`reason`), or (`null`) it may be tried again. */
  setRefused(board: string, sha256: string, reason: string | null): Promise<void>
  usage(): Promise<FileUsage>
  /** Deletes every file not waiting to upload; returns the bytes freed. */
  freeCache(): Promise<number>
}

const FILES = "files"
const BYTES = "bytes"

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"))
  })
}

function isStoredFile(v: unknown): v is StoredFile {
  if (typeof v !== "object" || v === null) return false
  const o = v as Record<string, unknown>
  return (
    typeof o.board === "string" &&
    typeof o.sha256 === "string" &&
    typeof o.mime === "string" &&
    typeof o.size === "number" &&
    typeof o.pending === "boolean" &&
    typeof o.usedAt === "number"
  )
}

export function createFileStore(
  factory: IDBFactory = globalThis.indexedDB,
  name = "baton-files",
): FileStore {
  let db: Promise<IDBDatabase> | null = null
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(name, 1)
      req.onupgradeneeded = () => {
        req.result.createObjectStore(FILES)
        req.result.createObjectStore(BYTES)
      }
      req.onsuccess = () => {
        const d = req.result
        // Another tab upgrading the database: let it, and open again on the next use.
        d.onversionchange = () => {
          d.close()
          db = null
        }
        resolve(d)
      }
      req.onerror = () => {
        db = null
        reject(req.error ?? new Error("The browser refused to open Baton's file storage."))
      }
    })
    return db
  }
  const key = (board: string, sha256: string): string[] => [board, sha256]

  const all = async (): Promise<StoredFile[]> => {
    const d = await open()
    const values = await request(d.transaction(FILES).objectStore(FILES).getAll())
    return (values as unknown[]).filter(isStoredFile)
  }

  const update = async (
    board: string,
    sha256: string,
    change: (f: StoredFile) => void,
  ): Promise<void> => {
    const d = await open()
    const tx = d.transaction(FILES, "readwrite")
    const files = tx.objectStore(FILES)
    const req = files.get(key(board, sha256))
    req.onsuccess = () => {
      const f: unknown = req.result
      if (!isStoredFile(f)) return
      change(f)
      files.put(f, key(board, sha256))
    }
    await whenDone(tx, () => undefined)
  }

  return {
    async put(file, bytes, now) {
      const d = await open()
      const tx = d.transaction([FILES, BYTES], "readwrite")
      const files = tx.objectStore(FILES)
      const k = key(file.board, file.sha256)
      const req = files.get(k)
      req.onsuccess = () => {
        const old: unknown = req.result
        const pending = file.pending || (isStoredFile(old) && old.pending)
        const record: StoredFile = { ...file, pending, usedAt: now }
        if (isStoredFile(old) && old.refused !== undefined && pending) record.refused = old.refused
        else delete record.refused
        files.put(record, k)
        tx.objectStore(BYTES).put(bytes, k)
      }
      await whenDone(tx, () => undefined)
    },
    async bytes(board, sha256) {
      const d = await open()
      const v: unknown = await request(
        d.transaction(BYTES).objectStore(BYTES).get(key(board, sha256)),
      )
      return v instanceof ArrayBuffer ? v : null
    },
    async get(board, sha256) {
      const d = await open()
      const v: unknown = await request(
        d.transaction(FILES).objectStore(FILES).get(key(board, sha256)),
      )
      return isStoredFile(v) ? v : null
    },
    async pending() {
      return (await all()).filter((f) => f.pending).sort((a, b) => a.usedAt - b.usedAt)
    },
    uploaded: (board, sha256) =>
      update(board, sha256, (f) => {
        f.pending = false
        delete f.refused
      }),
    setRefused: (board, sha256, reason) =>
      update(board, sha256, (f) => {
        if (reason === null) delete f.refused
        else f.refused = reason
      }),
    async usage() {
      const out: FileUsage = { bytes: 0, files: 0, pendingBytes: 0, pendingFiles: 0 }
      for (const f of await all()) {
        out.bytes += f.size
        out.files++
        if (f.pending) {
          out.pendingBytes += f.size
          out.pendingFiles++
        }
      }
      return out
    },
    async freeCache() {
      const d = await open()
      const tx = d.transaction([FILES, BYTES], "readwrite")
      const files = tx.objectStore(FILES)
      let freed = 0
      // Read and delete in one transaction: a file queued meanwhile by another tab stays.
      const cursor = files.openCursor()
      cursor.onsuccess = () => {
        const c = cursor.result
        if (c === null) return
        const f: unknown = c.value
        if (!isStoredFile(f) || !f.pending) {
          if (isStoredFile(f)) freed += f.size
          tx.objectStore(BYTES).delete(c.primaryKey)
          c.delete()
        }
        c.continue()
      }
      return whenDone(tx, () => freed)
    },
  }
}
