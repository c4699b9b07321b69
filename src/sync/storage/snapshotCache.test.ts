// @vitest-environment jsdom
/**
 * The render snapshot cache against an in-memory IndexedDB (fake-indexeddb): a board saved on
 * one visit is read back on the next; missing, corrupt or foreign records and a storage that
 * refuses writes (quota) give "no snapshot" / `false` and never throw nor lose the snapshot
 * already stored; the saver writes once changes pause (and at least every so often while they
 * do not) and at once when the page hides.
 */
import * as A from "@automerge/automerge"
import { IDBFactory } from "fake-indexeddb"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { fixtureBoard } from "../../model/testkit"
import { validateBoard } from "../../model/validate"
import type { Board } from "../../model/types"
import type * as Cache from "./snapshotCache"

let cache: typeof Cache

beforeEach(async () => {
  // A fresh, empty IndexedDB and a fresh module (it keeps its database open) for every test.
  vi.stubGlobal("indexedDB", new IDBFactory())
  vi.resetModules()
  cache = await import("./snapshotCache")
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

function snapshotOf(doc: A.Doc<Board>, documentId = "doc1"): Cache.BoardSnapshot {
  return {
    documentId,
    heads: A.getHeads(doc),
    savedAt: Date.parse("2026-11-25T04:00:00.000Z"),
    board: A.toJS(doc),
  }
}

/** Puts a raw value under a key of the snapshot store, bypassing the module's checks. */
async function putRaw(key: string, value: unknown): Promise<void> {
  expect(await cache.readSnapshot("warm-up")).toBeNull() // creates the database and store
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open("baton-snapshots")
    open.onsuccess = () => {
      const tx = open.result.transaction("boards", "readwrite")
      tx.objectStore("boards").put(value, key)
      tx.oncomplete = () => {
        open.result.close()
        resolve()
      }
      tx.onerror = () => reject(tx.error ?? new Error("put failed"))
    }
    open.onerror = () => reject(open.error ?? new Error("open failed"))
  })
}

describe("snapshot cache", () => {
  it("reads back the board and heads saved on an earlier visit, as a valid board", async () => {
    const doc = fixtureBoard()
    expect(await cache.writeSnapshot(snapshotOf(doc))).toBe(true)
    const snap = await cache.readSnapshot("doc1")
    expect(snap).not.toBeNull()
    expect(snap?.heads).toEqual(A.getHeads(doc))
    expect(snap?.board).toEqual(A.toJS(doc))
    expect(validateBoard(snap?.board).ok).toBe(true)
    // Another board has no snapshot.
    expect(await cache.readSnapshot("doc2")).toBeNull()
  })

  it("keeps one snapshot per board, the latest one", async () => {
    const doc = fixtureBoard()
    const later = A.change(doc, (d) => {
      d.title = "Renamed board"
    })
    await cache.writeSnapshot(snapshotOf(doc, "doc1"))
    await cache.writeSnapshot(snapshotOf(doc, "doc2"))
    await cache.writeSnapshot(snapshotOf(later, "doc1"))
    expect((await cache.readSnapshot("doc1"))?.heads).toEqual(A.getHeads(later))
    expect(((await cache.readSnapshot("doc1"))?.board as Board).title).toBe("Renamed board")
    expect((await cache.readSnapshot("doc2"))?.heads).toEqual(A.getHeads(doc))
  })

  it("stores a copy: later changes to the shown board do not alter the saved snapshot", async () => {
    const snap = snapshotOf(fixtureBoard())
    await cache.writeSnapshot(snap)
    const title = (snap.board as Board).title
    ;(snap.board as Board).title = "changed after saving"
    expect(((await cache.readSnapshot("doc1"))?.board as Board).title).toBe(title)
  })

  it("forgets the snapshot of a board removed from the device", async () => {
    await cache.writeSnapshot(snapshotOf(fixtureBoard()))
    await cache.deleteSnapshot("doc1")
    expect(await cache.readSnapshot("doc1")).toBeNull()
    await expect(cache.deleteSnapshot("never-saved")).resolves.toBeUndefined()
  })

  it.each([
    ["a string", "not a snapshot"],
    ["null", null],
    ["another board's snapshot", { documentId: "other", heads: [], savedAt: 1, board: {} }],
    ["heads that are not strings", { documentId: "doc1", heads: [1, 2], savedAt: 1, board: {} }],
    ["no board", { documentId: "doc1", heads: [], savedAt: 1, board: null }],
    ["no time", { documentId: "doc1", heads: [], board: {} }],
  ])("ignores a corrupt record (%s)", async (_what, value) => {
    await putRaw("doc1", value)
    expect(await cache.readSnapshot("doc1")).toBeNull()
    // And a good snapshot replaces it.
    expect(await cache.writeSnapshot(snapshotOf(fixtureBoard()))).toBe(true)
    expect(await cache.readSnapshot("doc1")).not.toBeNull()
  })

  it("without IndexedDB: no snapshot, writes refused, nothing throws", async () => {
    vi.stubGlobal("indexedDB", undefined)
    vi.resetModules()
    const bare = await import("./snapshotCache")
    expect(await bare.readSnapshot("doc1")).toBeNull()
    expect(await bare.writeSnapshot(snapshotOf(fixtureBoard()))).toBe(false)
    await expect(bare.deleteSnapshot("doc1")).resolves.toBeUndefined()
  })

  it("a database that cannot be opened gives no snapshot", async () => {
    vi.spyOn(IDBFactory.prototype, "open").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError")
    })
    vi.resetModules()
    const denied = await import("./snapshotCache")
    expect(await denied.readSnapshot("doc1")).toBeNull()
    expect(await denied.writeSnapshot(snapshotOf(fixtureBoard()))).toBe(false)
  })

  it("a full disk refuses the write (false) and keeps the snapshot already stored", async () => {
    const doc = fixtureBoard()
    await cache.writeSnapshot(snapshotOf(doc))
    const later = A.change(doc, (d) => {
      d.title = "Too big to store"
    })
    const store = Object.getPrototypeOf(
      (await openStore()).transaction("boards", "readwrite").objectStore("boards"),
    ) as IDBObjectStore
    // Quota exhaustion aborts the transaction (as browsers do when the disk is full)...
    const put = vi.spyOn(store, "put").mockImplementation(function (this: IDBObjectStore) {
      this.transaction.abort()
      return {} as IDBRequest<IDBValidKey>
    })
    expect(await cache.writeSnapshot(snapshotOf(later))).toBe(false)
    // ...or throws synchronously.
    put.mockImplementation(() => {
      throw new DOMException("quota", "QuotaExceededError")
    })
    expect(await cache.writeSnapshot(snapshotOf(later))).toBe(false)
    put.mockRestore()
    const kept = await cache.readSnapshot("doc1")
    expect(kept?.heads).toEqual(A.getHeads(doc))
    expect((kept?.board as Board).title).toBe(doc.title)
  })
})

async function openStore(): Promise<IDBDatabase> {
  await cache.readSnapshot("warm-up")
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("baton-snapshots")
    open.onsuccess = () => resolve(open.result)
    open.onerror = () => reject(open.error ?? new Error("open failed"))
  })
}

describe("snapshot saver", () => {
  it("saves once a burst of changes is over, then again after more changes", async () => {
    let doc = fixtureBoard()
    const take = vi.fn(() => snapshotOf(doc))
    const saver = cache.snapshotSaver(take, { quietMs: 30 })
    for (let i = 0; i < 50; i++) {
      doc = A.change(doc, (d) => {
        d.title = `Title ${i}`
      })
      saver.changed()
    }
    expect(take).not.toHaveBeenCalled() // nothing on the input path
    await vi.waitFor(async () =>
      expect(((await cache.readSnapshot("doc1"))?.board as Board | undefined)?.title).toBe(
        "Title 49",
      ),
    )
    expect(take).toHaveBeenCalledTimes(1)
    doc = A.change(doc, (d) => {
      d.title = "After the save"
    })
    saver.changed()
    await vi.waitFor(async () =>
      expect(((await cache.readSnapshot("doc1"))?.board as Board | undefined)?.title).toBe(
        "After the save",
      ),
    )
    expect(take).toHaveBeenCalledTimes(2)
    saver.stop()
    expect(take).toHaveBeenCalledTimes(2) // nothing new to save
  })

  it("waits while changes keep coming (typing), but not longer than the longest wait", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "requestIdleCallback"] })
    try {
      const take = vi.fn(() => snapshotOf(fixtureBoard()))
      const saver = cache.snapshotSaver(take, { quietMs: 2000, maxWaitMs: 10_000 })
      // A keystroke every 150 ms for 25 s.
      const saves: number[] = []
      for (let t = 0; t < 25_000; t += 150) {
        saver.changed()
        const before = take.mock.calls.length
        vi.advanceTimersByTime(150)
        if (take.mock.calls.length > before) saves.push(t)
      }
      // Saved every ~10 s of continuous typing, never every keystroke.
      expect(saves.length).toBe(2)
      expect(saves[0]).toBeGreaterThanOrEqual(9_800)
      expect(saves[0]).toBeLessThanOrEqual(10_200)
      // Then once, 2 s after the last keystroke.
      vi.advanceTimersByTime(1_500)
      expect(take).toHaveBeenCalledTimes(2)
      vi.advanceTimersByTime(1_000)
      expect(take).toHaveBeenCalledTimes(3)
      saver.stop()
    } finally {
      vi.useRealTimers()
    }
  })

  it("saves at once when the page is hidden (tab closed or switched)", async () => {
    const doc = fixtureBoard()
    const saver = cache.snapshotSaver(() => snapshotOf(doc), { quietMs: 600_000 })
    saver.changed()
    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden")
    document.dispatchEvent(new Event("visibilitychange"))
    visibility.mockRestore()
    await vi.waitFor(async () => expect(await cache.readSnapshot("doc1")).not.toBeNull())
    saver.stop()
  })

  it("saves pending changes when the board is closed, and nothing after", async () => {
    let doc = fixtureBoard()
    const take = vi.fn(() => snapshotOf(doc))
    const saver = cache.snapshotSaver(take, { quietMs: 600_000 })
    saver.changed()
    saver.stop()
    expect(take).toHaveBeenCalledTimes(1)
    await vi.waitFor(async () => expect(await cache.readSnapshot("doc1")).not.toBeNull())
    doc = A.change(doc, (d) => {
      d.title = "After closing"
    })
    saver.changed()
    saver.flush()
    expect(take).toHaveBeenCalledTimes(1)
  })

  it("a snapshot that cannot be taken is skipped without breaking the page", async () => {
    const saver = cache.snapshotSaver(
      () => {
        throw new Error("store gone")
      },
      { quietMs: 1 },
    )
    saver.changed()
    expect(() => saver.flush()).not.toThrow()
    saver.stop()
    expect(await cache.readSnapshot("doc1")).toBeNull()
  })
})

describe("snapshot database", () => {
  it("adds its store to a database of the same name that lacks it, and keeps working", async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open("baton-snapshots", 1)
      open.onsuccess = () => {
        open.result.close()
        resolve()
      }
      open.onerror = () => reject(open.error ?? new Error("open failed"))
    })
    expect(await cache.readSnapshot("doc1")).toBeNull()
    expect(await cache.writeSnapshot(snapshotOf(fixtureBoard()))).toBe(true)
    expect((await cache.readSnapshot("doc1"))?.documentId).toBe("doc1")
  })

  it("lets another tab upgrade the database, then opens it again", async () => {
    await cache.writeSnapshot(snapshotOf(fixtureBoard()))
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open("baton-snapshots", 5)
      open.onsuccess = () => {
        open.result.close()
        resolve()
      }
      open.onerror = () => reject(open.error ?? new Error("open failed"))
      open.onblocked = () => reject(new Error("blocked by the open database"))
    })
    expect((await cache.readSnapshot("doc1"))?.documentId).toBe("doc1")
  })
})
