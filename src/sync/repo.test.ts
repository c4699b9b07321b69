import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId, PeerId, StorageKey } from "@automerge/automerge-repo"
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel"
import { MemoryStorageAdapter } from "./storage/MemoryStorageAdapter"
import { lateActorId, loadStoredDocumentsWhole, readStoredDocumentEarly } from "./repo"
import { createStorageHealth } from "./storage/storageHealth"
import { createChangeJournal } from "./storage/changeJournal"
import { takeDamage } from "./storage/damagedDocuments"
import { rng } from "../model/random"

// A type, not an interface: Automerge's `from` takes a record type.
type Doc = {
  items: string[]
  title: string
  notes: string[]
}

const random = rng(7)
const filler = Array.from({ length: 40 }, () => random().toString(36).repeat(2))

/** A memory adapter that records the keys written to it. */
class RecordingStorage extends MemoryStorageAdapter {
  saved: StorageKey[] = []
  override async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.saved.push(key)
    await super.save(key, data)
  }
}

/** A document stored as a snapshot plus incremental chunks, as a device that edited it has it. */
async function stored(): Promise<{ storage: RecordingStorage; id: DocumentId }> {
  const storage = new RecordingStorage()
  const first = new Repo({ network: [], storage, saveDebounceRate: 0 })
  // Large enough (over 1 KiB) that automerge-repo stores later edits as incremental chunks.
  const handle = first.create<Doc>({ items: ["kept"], title: "", notes: filler })
  await first.flush()
  for (let i = 0; i < 3; i++) {
    handle.change((d) => void d.items.push(`item ${i}`))
    await first.flush()
  }
  handle.change((d) => A.updateText(d, ["title"], "A title"))
  await first.flush()
  await first.shutdown()
  storage.saved = []
  return { storage, id: handle.documentId }
}

const expected: Doc = {
  items: ["kept", "item 0", "item 1", "item 2"],
  title: "A title",
  notes: filler,
}

/** `bytes` with a run of them flipped, as a damaged disk returns them. */
function garbled(bytes: Uint8Array): Uint8Array {
  return bytes.map((b, i) => (i > 8 && i < 40 ? b ^ 0xff : b))
}

function manualIdle(): { whenIdle: (task: () => void) => void; run: () => void } {
  const tasks: (() => void)[] = []
  return { whenIdle: (task) => tasks.push(task), run: () => tasks.splice(0).forEach((t) => t()) }
}

describe("loadStoredDocumentsWhole", () => {
  it("opens stored documents as before, and later changes emit their patches", async () => {
    const { storage, id } = await stored()
    expect((await storage.loadRange([id, "incremental"])).length).toBeGreaterThan(0)
    const repo = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(repo, manualIdle().whenIdle)
    const handle = await repo.find<Doc>(id)
    expect(handle.doc()).toEqual(expected)
    const seen: A.Patch[][] = []
    handle.on("change", ({ patches }) => seen.push(patches))
    handle.change((d) => void d.items.push("later"))
    expect(seen).toHaveLength(1)
    expect(seen[0]?.map((p) => p.path.slice(0, 2))).toContainEqual(["items", 4])
    await repo.shutdown()
  })

  it("answers a diff from the empty document correctly after the open", async () => {
    const { storage, id } = await stored()
    const repo = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(repo, manualIdle().whenIdle)
    const doc = (await repo.find<Doc>(id)).doc()
    const heads = A.getHeads(doc)
    const patches = A.diff(doc, [], heads)
    expect(patches.length).toBeGreaterThan(0)
    expect(patches).toEqual(A.diff(A.clone(doc), [], heads))
    await repo.shutdown()
  })

  it("writes nothing for an unchanged open, then saves edits so a reopen finds them", async () => {
    const { storage, id } = await stored()
    const repo = new Repo({ network: [], storage, saveDebounceRate: 0 })
    const idle = manualIdle()
    loadStoredDocumentsWhole(repo, idle.whenIdle)
    const handle = await repo.find<Doc>(id)
    await repo.flush()
    expect(storage.saved).toEqual([])
    // Once idle, automerge-repo's storage gets its saved-heads record (one compaction) ...
    idle.run()
    await repo.flush()
    await new Promise((r) => setTimeout(r, 10))
    expect(storage.saved.map((k) => k[1])).toEqual(["snapshot"])
    // ... so an edit afterwards is written as just that edit.
    storage.saved = []
    handle.change((d) => void d.items.push("after idle"))
    await repo.flush()
    expect(storage.saved.map((k) => k[1])).toEqual(["incremental"])
    await repo.shutdown()

    const again = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(again, manualIdle().whenIdle)
    expect((await again.find<Doc>(id)).doc().items).toEqual([...expected.items, "after idle"])
    await again.shutdown()
  })

  it("does not write back a document deleted before the page was idle", async () => {
    const { storage, id } = await stored()
    const repo = new Repo({ network: [], storage, saveDebounceRate: 0 })
    const idle = manualIdle()
    loadStoredDocumentsWhole(repo, idle.whenIdle)
    await repo.find<Doc>(id)
    repo.delete(id)
    await new Promise((r) => setTimeout(r, 10))
    idle.run()
    await new Promise((r) => setTimeout(r, 10))
    expect((await storage.loadRange([id])).map((c) => c.key)).toEqual([])
    // (automerge-repo's shutdown trips over the deleted handle; nothing of ours.)
    await repo.shutdown().catch(() => undefined)
  })

  it("saves an edit made before the page was idle", async () => {
    const { storage, id } = await stored()
    const repo = new Repo({ network: [], storage, saveDebounceRate: 0 })
    const idle = manualIdle()
    loadStoredDocumentsWhole(repo, idle.whenIdle)
    const handle = await repo.find<Doc>(id)
    handle.change((d) => void d.items.push("early"))
    await repo.flush()
    idle.run()
    await repo.flush()
    await repo.shutdown()

    const again = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(again, manualIdle().whenIdle)
    expect((await again.find<Doc>(id)).doc().items).toEqual([...expected.items, "early"])
    await again.shutdown()
  })

  it("opens stored changes whose dependencies are missing as automerge-repo does", async () => {
    const { storage, id } = await stored()
    for (const chunk of await storage.loadRange([id, "snapshot"])) await storage.remove(chunk.key)
    const open = async (
      whole: boolean,
      byChunk = false,
    ): Promise<{ state: string; doc: unknown }> => {
      const repo = new Repo({ network: [], storage })
      const journal = createChangeJournal(null)
      if (whole)
        loadStoredDocumentsWhole(
          repo,
          manualIdle().whenIdle,
          journal,
          byChunk ? { adapter: storage } : {},
        )
      const handle = await repo.find<Doc>(id, { allowableStates: ["ready", "unavailable"] })
      const state = handle.state
      const doc = handle.isReady() ? handle.doc() : null
      if (handle.isReady()) await repo.shutdown()
      return { state, doc }
    }
    expect(await open(true)).toEqual(await open(false))
    expect(await open(true, true)).toEqual(await open(false))
  })

  it("opens a board with a damaged chunk in the middle, which a whole load fails on", async () => {
    const storage = new RecordingStorage()
    const first = new Repo({ network: [], storage, saveDebounceRate: 0 })
    const handle = first.create<Doc>({ items: ["kept"], title: "", notes: filler })
    await first.flush()
    for (const item of ["item 0", "item 1"]) {
      handle.change((d) => void d.items.push(item))
      await first.flush()
    }
    const damaged = storage.saved[storage.saved.length - 1]!
    expect(damaged[1]).toBe("incremental")
    handle.change((d) => void (d.notes = ["later"]))
    await first.flush()
    await first.shutdown()
    const id = handle.documentId
    const bytes = (await storage.load(damaged))!
    await storage.save(damaged, garbled(bytes))

    const repo = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(repo, manualIdle().whenIdle, createChangeJournal(null), {
      adapter: storage,
    })
    const opened = await repo.find<Doc>(id, { allowableStates: ["ready", "unavailable"] })
    expect(takeDamage(id)).toMatchObject({ skipped: 1 })
    // What came before the damaged change is there; the change after it builds on it, so it
    // waits for a peer to bring the damaged one.
    expect(opened.isReady()).toBe(true)
    expect(opened.doc().items).toEqual(["kept", "item 0"])
    expect(opened.doc().notes).toEqual(filler)
    await repo.shutdown()
  })

  it("edits with a new actor that sorts after every actor already in the document", async () => {
    // A board edited by a stock client whose random id starts with ff (1 in 256 do) and by an
    // earlier visit.
    const stock = "ff" + "c0ffee".repeat(5)
    const earlier = lateActorId(Date.now() - 60_000)
    const byStock = A.from<Doc>({ items: ["kept"], title: "", notes: filler }, { actor: stock })
    const both = A.change(A.clone(byStock, { actor: earlier }), (d) => void d.items.push("theirs"))
    const storage = new MemoryStorageAdapter()
    const repo = new Repo({ network: [], storage })
    const id = repo.import<Doc>(A.save(both)).documentId
    await repo.flush()
    await repo.shutdown()

    const again = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(again, manualIdle().whenIdle)
    const handle = await again.find<Doc>(id)
    const before = new Set(A.getAllChanges(handle.doc()).map((c) => A.decodeChange(c).actor))
    expect(before).toEqual(new Set([stock, earlier]))
    handle.change((d) => void d.items.push("mine"))
    const actor = A.getActorId(handle.doc())
    expect(before.has(actor)).toBe(false)
    for (const other of before) expect(actor > other).toBe(true)
    await again.shutdown()
  })
})

describe("readStoredDocumentEarly", () => {
  /** Counts the storage reads of `id`'s chunks. */
  function countReads(storage: MemoryStorageAdapter): { count: () => number } {
    let n = 0
    const loadRange = storage.loadRange.bind(storage)
    storage.loadRange = (prefix) => {
      n++
      return loadRange(prefix)
    }
    return { count: () => n }
  }

  it("lets the next load use bytes read beforehand, and only that load", async () => {
    const { storage, id } = await stored()
    const reads = countReads(storage)
    const repo = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(repo, manualIdle().whenIdle)
    readStoredDocumentEarly(repo, id)
    expect(reads.count()).toBeGreaterThan(0)
    const handle = await repo.find<Doc>(id)
    expect(handle.doc()).toEqual(expected)
    // One read of the document (its snapshot chunks, then its incremental ones), not two.
    const early = reads.count()
    expect(early).toBe(2)
    // A document the repo holds is not read ahead; a later load reads storage again.
    readStoredDocumentEarly(repo, id)
    expect(reads.count()).toBe(early)
    handle.change((d) => void d.items.push("after"))
    await repo.flush()
    await repo.removeFromCache(id)
    const again = await repo.find<Doc>(id)
    expect(again.doc().items).toEqual([...expected.items, "after"])
    expect(reads.count()).toBeGreaterThan(early)
    await repo.shutdown()
  })
})

/** A memory adapter whose writes fail, as a full disk's do, while `full` is set. */
class FillableStorage extends MemoryStorageAdapter {
  full = false
  override async save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (this.full) throw new DOMException("The quota has been exceeded.", "QuotaExceededError")
    await super.save(key, data)
  }
}

function memoryKeyValue(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const data = new Map<string, string>()
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

describe("a storage that refuses writes", () => {
  it("is reported, keeps the journal, fails flush, and saves everything once it takes writes again", async () => {
    const { storage: recorded, id } = await stored()
    const storage = new FillableStorage()
    for (const chunk of await recorded.loadRange([id]))
      if (chunk.data !== undefined) await storage.save(chunk.key, chunk.data)
    const health = createStorageHealth()
    const journal = createChangeJournal(memoryKeyValue())
    const repo = new Repo({ network: [], storage, saveDebounceRate: 0 })
    const idle = manualIdle()
    loadStoredDocumentsWhole(repo, idle.whenIdle, journal, { health, retryMs: 30 })
    const handle = await repo.find<Doc>(id)
    idle.run()
    await repo.flush()

    storage.full = true
    for (const item of ["while full 1", "while full 2"]) {
      handle.change((d) => void d.items.push(item))
      journal.recordLocalChange(id, handle.doc())
    }
    await expect(repo.flush([id])).rejects.toThrow(/storage is full, so 1 board is not saved/)
    expect(health.current()).toMatchObject({ failing: [id], problem: "full" })
    expect(journal.pending(id)).toHaveLength(2)

    // Room again: the retry (30 ms here) saves without another edit.
    storage.full = false
    for (let i = 0; i < 50 && health.isFailing(id); i++) await new Promise((r) => setTimeout(r, 10))
    expect(health.current().failing).toEqual([])
    expect(journal.pending(id)).toEqual([])
    await repo.flush([id])
    await repo.shutdown()

    const again = new Repo({ network: [], storage })
    loadStoredDocumentsWhole(again, manualIdle().whenIdle, createChangeJournal(null))
    expect((await again.find<Doc>(id)).doc().items).toEqual([
      ...expected.items,
      "while full 1",
      "while full 2",
    ])
    await again.shutdown()
  })
})

describe("a damaged copy on this device", () => {
  it("opens what is readable, says what was skipped, and takes the rest from a peer", async () => {
    const { storage, id } = await stored()
    const whole = new MemoryStorageAdapter() // an undamaged copy, for the peer
    for (const chunk of await storage.loadRange([id]))
      if (chunk.data !== undefined) await whole.save(chunk.key, chunk.data)
    const snapshot = (await storage.loadRange([id, "snapshot"]))[0]!
    // The disk garbles the snapshot that the later changes build on.
    await storage.save(snapshot.key, garbled(snapshot.data!))

    // As automerge-repo opens it (and as Baton did): the board cannot be opened at all.
    const plain = new Repo({ network: [], storage })
    await expect(plain.find<Doc>(id)).rejects.toThrow()
    await plain.shutdown().catch(() => undefined)

    // A peer that has the board, over a BroadcastChannel of this test's own.
    const channelName = `damaged-${Math.random()}`
    const peer = new Repo({
      network: [new BroadcastChannelNetworkAdapter({ channelName })],
      storage: whole,
      peerId: "peer" as PeerId,
    })
    const repo = new Repo({
      network: [new BroadcastChannelNetworkAdapter({ channelName })],
      storage,
      peerId: "damaged" as PeerId,
    })
    loadStoredDocumentsWhole(repo, manualIdle().whenIdle, createChangeJournal(null), {
      adapter: storage,
    })
    const opened = await repo.find<Doc>(id)
    expect(opened.doc()).toEqual(expected)
    expect(takeDamage(id)).toEqual({ skipped: 1, read: 3 })
    expect(takeDamage(id)).toBeNull()
    await repo.shutdown()
    await peer.shutdown()
  })
})

describe("lateActorId", () => {
  it("is a valid actor id, sorts by time, and differs between calls at the same time", () => {
    const t = Date.parse("2026-11-25T09:00:00Z")
    const a = lateActorId(t)
    expect(a).toMatch(/^ffff[0-9a-f]{28}$/)
    expect(() => A.init({ actor: a })).not.toThrow()
    expect(lateActorId(t + 1) > lateActorId(t, () => 0.999)).toBe(true)
    expect(lateActorId(t)).not.toBe(a)
    // After random ids (what other clients use) except the 1 in 65,536 that start with ffff.
    expect(a > "fffe" + "f".repeat(28)).toBe(true)
    // After the ids of visits before this format (`ff`, time, random).
    expect(a > "ff" + t.toString(16).padStart(12, "0") + "f".repeat(18)).toBe(true)
  })
})
