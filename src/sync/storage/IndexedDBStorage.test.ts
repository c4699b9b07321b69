/**
 * Baton's IndexedDB storage against an in-memory IndexedDB (fake-indexeddb): it reads what the
 * official adapter wrote and the other way round (boards stored by either version of Baton
 * open in the other), and a write whose transaction aborts (what a full disk does) rejects
 * instead of never settling, after which writes go through again.
 */
import { IDBFactory, IDBKeyRange } from "fake-indexeddb"
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { IndexedDBStorage } from "./IndexedDBStorage"

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory())
  vi.stubGlobal("IDBKeyRange", IDBKeyRange)
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values)

/** How `promise` ends within `ms`: a hang fails an assertion instead of timing the test out. */
function outcome(promise: Promise<unknown>, ms = 1000): Promise<string> {
  return Promise.race([
    promise.then(
      () => "resolved",
      (error: unknown) => `rejected: ${error instanceof Error ? error.name : String(error)}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve("never settled"), ms)),
  ])
}

/** The object store prototype of the IndexedDB in use, to make its operations fail. */
async function storePrototype(): Promise<IDBObjectStore> {
  const store = await new Promise<IDBObjectStore>((resolve, reject) => {
    const open = indexedDB.open("baton")
    open.onsuccess = () => resolve(open.result.transaction("documents").objectStore("documents"))
    open.onerror = () => reject(new Error("open failed"))
  })
  return Object.getPrototypeOf(store) as IDBObjectStore
}

/**
 * Makes the store's `method` fail as a full disk does in Chromium: the request succeeds, then
 * the transaction aborts at commit (an abort event, no error event). Returns the spy.
 */
async function abortAfterSuccess(method: "put" | "delete") {
  const store = await storePrototype()
  const real = Reflect.get(store, method) as (...args: unknown[]) => IDBRequest
  return vi.spyOn(store, method).mockImplementation(function (
    this: IDBObjectStore,
    ...args: unknown[]
  ) {
    const request = Reflect.apply(real, this, args) as IDBRequest<IDBValidKey>
    request.addEventListener("success", () => this.transaction.abort())
    return request
  })
}

describe("IndexedDBStorage", () => {
  it("says whether anything of a document is stored, without mixing up documents", async () => {
    const storage = new IndexedDBStorage("baton-has", "documents")
    expect(await storage.hasAny(["docA"])).toBe(false)
    await storage.save(["docAB", "snapshot", "h1"], bytes(1))
    expect(await storage.hasAny(["docA"])).toBe(false)
    await storage.save(["docA", "incremental", "h2"], bytes(2))
    expect(await storage.hasAny(["docA"])).toBe(true)
    await storage.removeRange(["docA"])
    expect(await storage.hasAny(["docA"])).toBe(false)
    expect(await storage.hasAny(["docAB"])).toBe(true)
  })

  it("shares its records with the official adapter, both ways", async () => {
    const ours = new IndexedDBStorage("baton")
    const official = new IndexedDBStorageAdapter("baton")
    await official.save(["doc1", "snapshot", "h1"], bytes(1, 2, 3))
    await official.save(["doc1", "incremental", "h2"], bytes(4))
    await official.save(["doc2", "snapshot", "h3"], bytes(5))
    expect(await ours.load(["doc1", "snapshot", "h1"])).toEqual(bytes(1, 2, 3))
    expect(await ours.load(["doc1", "snapshot", "nope"])).toBeUndefined()
    const range = await ours.loadRange(["doc1"])
    expect(range.map((c) => [c.key, c.data])).toEqual([
      [["doc1", "incremental", "h2"], bytes(4)],
      [["doc1", "snapshot", "h1"], bytes(1, 2, 3)],
    ])

    await ours.save(["doc3", "snapshot", "h4"], bytes(9, 9))
    expect(await official.load(["doc3", "snapshot", "h4"])).toEqual(bytes(9, 9))
    await ours.remove(["doc1", "incremental", "h2"])
    expect(await official.loadRange(["doc1"])).toHaveLength(1)
    await ours.removeRange(["doc1"])
    expect(await official.loadRange(["doc1"])).toEqual([])
    expect(await official.load(["doc2", "snapshot", "h3"])).toEqual(bytes(5))
  })

  it("rejects a write whose transaction aborts, keeps what was stored, and writes again later", async () => {
    const storage = new IndexedDBStorage("baton")
    await storage.save(["doc1", "snapshot", "h1"], bytes(1))
    const put = await abortAfterSuccess("put")
    expect(await outcome(storage.save(["doc1", "incremental", "h2"], bytes(2)))).toMatch(
      /^rejected/,
    )
    // Or the put itself throws.
    put.mockImplementation(() => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError")
    })
    expect(await outcome(storage.save(["doc1", "incremental", "h2"], bytes(2)))).toBe(
      "rejected: QuotaExceededError",
    )
    put.mockRestore()
    expect((await storage.loadRange(["doc1"])).map((c) => c.key)).toEqual([
      ["doc1", "snapshot", "h1"],
    ])
    expect(await outcome(storage.save(["doc1", "incremental", "h2"], bytes(2)))).toBe("resolved")
    expect(await storage.load(["doc1", "incremental", "h2"])).toEqual(bytes(2))
  })

  it("a removal whose transaction aborts rejects too, and removes nothing", async () => {
    const storage = new IndexedDBStorage("baton")
    await storage.save(["doc1", "snapshot", "h1"], bytes(1))
    const remove = await abortAfterSuccess("delete")
    expect(await outcome(storage.removeRange(["doc1"]))).toMatch(/^rejected/)
    remove.mockRestore()
    expect(await storage.load(["doc1", "snapshot", "h1"])).toEqual(bytes(1))
  })
})
