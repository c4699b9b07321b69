/**
 * automerge-repo's storage in IndexedDB, in the layout of the official adapter
 * (`@automerge/automerge-repo-storage-indexeddb`: one object store, `{ key, binary }` records
 * under array keys), so boards stored by either are read by the other.
 *
 * The difference: every operation settles when its transaction fails. A write that exceeds
 * the quota (a full disk) succeeds as a request and then aborts the whole transaction with
 * `QuotaExceededError`, firing `abort` but no `error`; the official adapter 2.5.6 listens for
 * `error` and `complete` only, so its promise never settles, and automerge-repo, which waits
 * for each save of a document before the next, stopped saving that document for the rest of
 * the visit. Here the write rejects with the transaction's error, the caller can say so, and
 * a later save (once there is room) goes through.
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo"

interface StoredRecord {
  key: StorageKey
  binary: Uint8Array
}

/**
 * Settles with `value()` once `tx` has committed, or rejects with why it did not: on its error
 * or its abort (a full disk aborts a transaction whose requests all succeeded).
 */
export function whenDone<T>(tx: IDBTransaction, value: () => T, request?: IDBRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (): void => {
      const error: unknown = tx.error ?? request?.error ?? null
      reject(
        error instanceof Error || error instanceof DOMException
          ? error
          : new Error("the browser's storage refused the operation"),
      )
    }
    tx.oncomplete = () => resolve(value())
    tx.onerror = fail
    tx.onabort = fail
  })
}

export class IndexedDBStorage implements StorageAdapterInterface {
  readonly #database: string
  readonly #store: string
  #db: Promise<IDBDatabase> | null = null

  constructor(database = "automerge", store = "documents") {
    this.#database = database
    this.#store = store
    // Opened at once, as the official adapter does: the first read of a board finds it open.
    // A failure here is met again, and reported, by the first operation.
    this.#open().catch(() => undefined)
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(this.#database, 1)
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(this.#store))
          request.result.createObjectStore(this.#store)
      }
      request.onsuccess = () => {
        const db = request.result
        // Another tab upgrading the database: let it, and open again when next needed.
        db.onversionchange = () => {
          db.close()
          this.#db = null
        }
        db.onclose = () => {
          this.#db = null
        }
        resolve(db)
      }
      request.onerror = () => {
        this.#db = null
        reject(request.error ?? new Error("the browser's storage could not be opened"))
      }
      request.onblocked = () => undefined
    })
    return this.#db
  }

  async #transaction(mode: IDBTransactionMode): Promise<[IDBTransaction, IDBObjectStore]> {
    const db = await this.#open()
    const tx = db.transaction(this.#store, mode)
    return [tx, tx.objectStore(this.#store)]
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const [tx, store] = await this.#transaction("readonly")
    const request = store.get(key)
    return whenDone(
      tx,
      () => {
        const found: unknown = request.result
        return typeof found === "object" && found !== null && "binary" in found
          ? (found as StoredRecord).binary
          : undefined
      },
      request,
    )
  }

  async save(key: StorageKey, binary: Uint8Array): Promise<void> {
    const [tx, store] = await this.#transaction("readwrite")
    const request = store.put({ key, binary } satisfies StoredRecord, key)
    return whenDone(tx, () => undefined, request)
  }

  async remove(key: StorageKey): Promise<void> {
    const [tx, store] = await this.#transaction("readwrite")
    const request = store.delete(key)
    return whenDone(tx, () => undefined, request)
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const [tx, store] = await this.#transaction("readonly")
    const request = store.openCursor(IDBKeyRange.bound(prefix, [...prefix, "\uffff"]))
    const chunks: Chunk[] = []
    request.onsuccess = () => {
      const cursor = request.result
      if (cursor === null) return
      const value = cursor.value as StoredRecord
      chunks.push({ key: cursor.key as StorageKey, data: value.binary })
      cursor.continue()
    }
    return whenDone(tx, () => chunks, request)
  }

  /** Whether anything is stored under `prefix` (counts keys; reads no value). */
  async hasAny(prefix: StorageKey): Promise<boolean> {
    const [tx, store] = await this.#transaction("readonly")
    const request = store.count(IDBKeyRange.bound(prefix, [...prefix, "\uffff"]))
    return whenDone(tx, () => request.result > 0, request)
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    const [tx, store] = await this.#transaction("readwrite")
    const request = store.delete(IDBKeyRange.bound(prefix, [...prefix, "\uffff"]))
    return whenDone(tx, () => undefined, request)
  }
}
