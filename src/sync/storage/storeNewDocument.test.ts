/**
 * A document stored with `storeNewDocument` opens in a repo on that storage as any stored
 * document does, whole, and a later edit through the repo is kept with it.
 */
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { IDBFactory, IDBKeyRange } from "fake-indexeddb"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { IndexedDBStorage } from "./IndexedDBStorage"
import { storeNewDocument } from "./storeNewDocument"

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory())
  vi.stubGlobal("IDBKeyRange", IDBKeyRange)
})

afterEach(() => {
  vi.unstubAllGlobals()
})

const ID = "3K9zczzhaat4SWQakinGaoQ1AT5G" as DocumentId

describe("storeNewDocument", () => {
  it("stores a saved document that a repo then finds whole, and keeps later edits with it", async () => {
    const doc = A.from({ title: "Imported", cards: { a: { title: "One" } } })
    await storeNewDocument(ID, A.save(doc), A.getHeads(doc), "test-db")

    const repo = new Repo({ storage: new IndexedDBStorage("test-db"), network: [] })
    const handle = await repo.find<{ title: string; cards: Record<string, { title: string }> }>(ID)
    expect(handle.doc()).toEqual({ title: "Imported", cards: { a: { title: "One" } } })
    expect(A.getHeads(handle.doc())).toEqual(A.getHeads(doc))
    handle.change((d) => {
      d.cards.b = { title: "Two" }
    })
    await repo.flush()
    await repo.shutdown()

    const again = new Repo({ storage: new IndexedDBStorage("test-db"), network: [] })
    const reopened = await again.find<{ cards: Record<string, { title: string }> }>(ID)
    expect(Object.keys(reopened.doc().cards).sort()).toEqual(["a", "b"])
    await again.shutdown()
  })

  it("rejects when the storage refuses the write, and leaves nothing stored", async () => {
    const doc = A.from({ title: "Imported" })
    vi.spyOn(IndexedDBStorage.prototype, "save").mockRejectedValueOnce(
      new DOMException("full", "QuotaExceededError"),
    )
    await expect(storeNewDocument(ID, A.save(doc), A.getHeads(doc), "test-db")).rejects.toThrow(
      "full",
    )
    vi.restoreAllMocks()
    expect(await new IndexedDBStorage("test-db").hasAny([ID])).toBe(false)
  })
})
