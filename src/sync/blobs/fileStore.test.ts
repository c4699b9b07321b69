/**
 * The device's file store against an in-memory IndexedDB (fake-indexeddb): the upload queue
 * and the cache survive reopening (a reload), freeing the cache never drops a file still
 * waiting to upload, and a full disk rejects with QuotaExceededError and keeps what was there.
 */
import { IDBFactory } from "fake-indexeddb"
import { describe, expect, it } from "vitest"
import { createFileStore } from "./fileStore"
import { problemOf } from "../storage/storageHealth"

const B = "board1"
const bytes = (n: number, fill = 1): ArrayBuffer => new Uint8Array(n).fill(fill).buffer
const sha = (c: string): string => c.repeat(64)

describe("the device's file store", () => {
  it("keeps queued and cached files across a reload, with their bytes", async () => {
    const idb = new IDBFactory()
    const first = createFileStore(idb)
    await first.put(
      { board: B, sha256: sha("a"), mime: "image/png", size: 3, pending: true },
      bytes(3),
      1,
    )
    await first.put(
      { board: B, sha256: sha("b"), mime: "application/pdf", size: 5, pending: false },
      bytes(5, 2),
      2,
    )

    const again = createFileStore(idb) // a new page on the same device
    expect((await again.pending()).map((f) => f.sha256)).toEqual([sha("a")])
    expect(new Uint8Array((await again.bytes(B, sha("b")))!)).toEqual(new Uint8Array(5).fill(2))
    expect(await again.bytes(B, sha("c"))).toBeNull()
    expect(await again.usage()).toEqual({ bytes: 8, files: 2, pendingBytes: 3, pendingFiles: 1 })
  })

  it("frees the cache but never a file waiting to upload", async () => {
    const store = createFileStore(new IDBFactory())
    await store.put(
      { board: B, sha256: sha("a"), mime: "image/png", size: 3, pending: true },
      bytes(3),
      1,
    )
    await store.put(
      { board: B, sha256: sha("b"), mime: "image/png", size: 5, pending: false },
      bytes(5),
      2,
    )
    await store.put(
      { board: "other", sha256: sha("c"), mime: "text/plain", size: 7, pending: false },
      bytes(7),
      3,
    )
    expect(await store.freeCache()).toBe(12)
    expect(await store.usage()).toEqual({ bytes: 3, files: 1, pendingBytes: 3, pendingFiles: 1 })
    expect(await store.bytes(B, sha("a"))).not.toBeNull()
    expect(await store.bytes(B, sha("b"))).toBeNull()
    // Once uploaded it is a cached copy like any other, and goes with the next free.
    await store.uploaded(B, sha("a"))
    expect(await store.pending()).toEqual([])
    expect(await store.freeCache()).toBe(3)
    expect((await store.usage()).files).toBe(0)
  })

  it("keeps a file queued when the same bytes are cached again, and remembers a refusal", async () => {
    const store = createFileStore(new IDBFactory())
    await store.put(
      { board: B, sha256: sha("a"), mime: "image/png", size: 3, pending: true },
      bytes(3),
      1,
    )
    await store.setRefused(B, sha("a"), "Over the limit")
    await store.put(
      { board: B, sha256: sha("a"), mime: "image/png", size: 3, pending: false },
      bytes(3),
      2,
    )
    const [f] = await store.pending()
    expect(f).toMatchObject({ pending: true, refused: "Over the limit" })
    await store.setRefused(B, sha("a"), null)
    expect((await store.pending())[0]!.refused).toBeUndefined()
  })

  it("rejects a write on a full disk with QuotaExceededError, keeping what it held", async () => {
    const idb = new IDBFactory()
    const store = createFileStore(idb)
    await store.put(
      { board: B, sha256: sha("a"), mime: "image/png", size: 3, pending: true },
      bytes(3),
      1,
    )
    const proto = Object.getPrototypeOf(
      (
        await new Promise<IDBDatabase>((r) => {
          const o = idb.open("baton-files")
          o.onsuccess = () => r(o.result)
        })
      )
        .transaction("bytes", "readwrite")
        .objectStore("bytes"),
    ) as IDBObjectStore
    const put = proto.put
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
      const req = put.apply(this, args)
      const tx = this.transaction
      if (this.name === "bytes")
        req.addEventListener("success", () => {
          Object.defineProperty(tx, "error", {
            value: new DOMException("The quota has been exceeded.", "QuotaExceededError"),
          })
          tx.abort()
        })
      return req
    }
    try {
      const write = store.put(
        { board: B, sha256: sha("b"), mime: "image/png", size: 9, pending: true },
        bytes(9),
        2,
      )
      await expect(write).rejects.toThrow()
      expect(problemOf(await write.catch((e: unknown) => e))).toBe("full")
    } finally {
      proto.put = put
    }
    expect((await store.pending()).map((f) => f.sha256)).toEqual([sha("a")])
    expect(await store.get(B, sha("b"))).toBeNull()
  })
})
