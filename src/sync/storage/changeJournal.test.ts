import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId, StorageKey } from "@automerge/automerge-repo"
import { MemoryStorageAdapter } from "./MemoryStorageAdapter"
import { createChangeJournal } from "./changeJournal"
import { loadStoredDocumentsWhole } from "../repo"

type Doc = {
  items: string[]
}

/** localStorage as a map (optionally refusing writes, as a full one does). */
function memoryStore(full = false): Pick<Storage, "getItem" | "setItem" | "removeItem"> & {
  map: Map<string, string>
} {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new DOMException("full", "QuotaExceededError")
      map.set(k, v)
    },
    removeItem: (k) => void map.delete(k),
  }
}

/** IndexedDB as it is after the page closed: writes made after `cut()` never landed. */
class CutStorage extends MemoryStorageAdapter {
  #cut = false
  cut(): void {
    this.#cut = true
  }
  override async save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (this.#cut) return new Promise(() => {}) // the page went away mid-write
    await super.save(key, data)
  }
}

const nextIdle = (): { whenIdle: (t: () => void) => void; run: () => void } => {
  const tasks: (() => void)[] = []
  return { whenIdle: (t) => tasks.push(t), run: () => tasks.splice(0).forEach((t) => t()) }
}

describe("change journal", () => {
  it("keeps local changes until a saved document contains them", () => {
    const journal = createChangeJournal(memoryStore())
    let doc = A.from<Doc>({ items: [] })
    journal.recordLocalChange("d", doc)
    const beforeFirstSave = journal.recorded("d")
    doc = A.change(doc, (d) => void d.items.push("one"))
    journal.recordLocalChange("d", doc)
    journal.recordLocalChange("d", doc) // the same change twice is kept once
    doc = A.change(doc, (d) => void d.items.push("two"))
    journal.recordLocalChange("d", doc)
    expect(journal.pending("d")).toHaveLength(3)
    const [replayed] = A.applyChanges(A.init<Doc>(), journal.pending("d"))
    expect(replayed.items).toEqual(["one", "two"])

    const beforeSecondSave = journal.recorded("d")
    journal.settle("d", beforeFirstSave) // a save started before "one" finished
    expect(journal.pending("d")).toHaveLength(2)
    doc = A.change(doc, (d) => void d.items.push("three"))
    journal.recordLocalChange("d", doc) // made while the second save runs
    journal.settle("d", beforeSecondSave)
    // Only the change made during the second save is still kept.
    expect(journal.pending("d").map((c) => A.decodeChange(c).hash)).toEqual([
      A.decodeChange(A.getLastLocalChange(doc)!).hash,
    ])
  })

  it("writes the changes of a frame in one go after it, and before anything reads them", () => {
    const store = memoryStore()
    let writes = 0
    const counted = { ...store, setItem: (k: string, v: string) => (writes++, store.setItem(k, v)) }
    const later: (() => void)[] = []
    const journal = createChangeJournal(counted, (f) => later.push(f))
    let doc = A.from<Doc>({ items: [] })
    journal.recordLocalChange("d", doc)
    doc = A.change(doc, (d) => void d.items.push("one"))
    journal.recordLocalChange("d", doc)
    journal.recordLocalChange("d", doc)
    expect(writes).toBe(0)
    expect(later).toHaveLength(1) // one write scheduled for the whole frame
    later.splice(0).forEach((f) => f())
    expect(writes).toBe(1)
    // Another journal on the same storage (a reopened page) finds both changes.
    expect(createChangeJournal(store).pending("d")).toHaveLength(2)

    doc = A.change(doc, (d) => void d.items.push("two"))
    journal.recordLocalChange("d", doc)
    // Reading writes first: the change is counted before a save starts.
    expect(journal.recorded("d")).toHaveLength(3)
    expect(createChangeJournal(store).pending("d")).toHaveLength(3)
    later.splice(0).forEach((f) => f()) // the scheduled write finds nothing left to do
    expect(writes).toBe(2)
  })

  it("ignores a damaged entry and a full localStorage without throwing", () => {
    const store = memoryStore()
    store.map.set("baton.unsaved.d", "{not json")
    const journal = createChangeJournal(store)
    expect(journal.pending("d")).toEqual([])
    const full = createChangeJournal(memoryStore(true))
    expect(() => full.recordLocalChange("d", A.from<Doc>({ items: ["x"] }))).not.toThrow()
    expect(full.pending("d")).toEqual([])
  })
})

describe("opening a board whose last edits never reached IndexedDB", () => {
  it("applies them from the journal, saves them, then forgets them", async () => {
    const store = memoryStore()
    const storage = new CutStorage()
    const first = new Repo({ network: [], storage, saveDebounceRate: 0 })
    loadStoredDocumentsWhole(first, nextIdle().whenIdle, createChangeJournal(store))
    const journal = createChangeJournal(store)
    const handle = first.create<Doc>({ items: ["stored"] })
    await first.flush()
    const id: DocumentId = handle.documentId
    storage.cut()
    handle.change((d) => void d.items.push("typed just before the reload"))
    journal.recordLocalChange(id, handle.doc())
    expect(journal.pending(id)).toHaveLength(1)

    // The next visit reads what IndexedDB kept: the document without the edit.
    const kept = new MemoryStorageAdapter()
    for (const { key, data } of await storage.loadRange([id]))
      if (data !== undefined) await kept.save(key, data)
    const idle = nextIdle()
    const again = new Repo({ network: [], storage: kept, saveDebounceRate: 0 })
    loadStoredDocumentsWhole(again, idle.whenIdle, journal)
    const reopened = await again.find<Doc>(id)
    expect(reopened.doc().items).toEqual(["stored", "typed just before the reload"])
    idle.run() // the page is idle: the loaded document, edit included, is saved
    await again.flush()
    await new Promise((r) => setTimeout(r, 10))
    expect(journal.pending(id)).toEqual([])
    await again.shutdown()

    const third = new Repo({ network: [], storage: kept })
    loadStoredDocumentsWhole(third, nextIdle().whenIdle, createChangeJournal(memoryStore()))
    expect((await third.find<Doc>(id)).doc().items).toEqual([
      "stored",
      "typed just before the reload",
    ])
    await third.shutdown()
    // (`first` is left as the closed page left it: its last write never finishes.)
  })

  it("rebuilds a new board that IndexedDB never got from the journal alone", async () => {
    const journal = createChangeJournal(memoryStore())
    let doc = A.from<Doc>({ items: ["made offline"] })
    journal.recordLocalChange("b", doc)
    doc = A.change(doc, (d) => void d.items.push("and edited"))
    journal.recordLocalChange("b", doc)
    const repo = new Repo({ network: [], storage: new MemoryStorageAdapter() })
    loadStoredDocumentsWhole(repo, nextIdle().whenIdle, journal)
    const loaded = await repo.storageSubsystem?.loadDoc<Doc>("b" as DocumentId)
    expect(loaded?.items).toEqual(["made offline", "and edited"])
    await repo.shutdown()
  })
})
