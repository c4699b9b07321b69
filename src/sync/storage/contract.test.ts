/**
 * automerge-repo's own acceptance suite for storage adapters, run against Baton's: the
 * IndexedDB storage (over fake-indexeddb, a fresh database per test) and the memory adapter.
 */
import { IDBFactory, IDBKeyRange } from "fake-indexeddb"
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js"
import { afterEach, beforeEach, vi } from "vitest"
import { IndexedDBStorage } from "./IndexedDBStorage"
import { MemoryStorageAdapter } from "./MemoryStorageAdapter"

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory())
  vi.stubGlobal("IDBKeyRange", IDBKeyRange)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

runStorageAdapterTests(async () => ({ adapter: new IndexedDBStorage("baton") }), "IndexedDBStorage")
runStorageAdapterTests(
  async () => ({ adapter: new MemoryStorageAdapter() }),
  "MemoryStorageAdapter",
)
