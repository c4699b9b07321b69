/**
 * Canaries for the automerge-repo internals `loadStoredDocumentsWhole` (src/sync/repo.ts)
 * replaces: it swaps the storage subsystem's `loadDoc` and `saveDoc` for its own. If an
 * upgrade of automerge-repo stops going through them, Baton's replacements would silently
 * stop running (no whole-document open, no failed-save retry, no damaged-copy recovery), so
 * these tests say so loudly instead.
 */
import { describe, expect, it } from "vitest"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { MemoryStorageAdapter } from "./storage/MemoryStorageAdapter"

type Doc = { items: string[] }

describe("automerge-repo's storage subsystem, which src/sync/repo.ts replaces parts of", () => {
  it("still has loadDoc and saveDoc as own replaceable methods", () => {
    const repo = new Repo({ network: [], storage: new MemoryStorageAdapter() })
    const storage = repo.storageSubsystem
    expect(storage, "Repo.storageSubsystem is gone").toBeDefined()
    expect(typeof storage!.loadDoc).toBe("function")
    expect(typeof storage!.saveDoc).toBe("function")
    expect(typeof storage!.loadDocData, "loadDocData (read by readStoredDocumentEarly)").toBe(
      "function",
    )
  })

  it("still opens a stored document through storageSubsystem.loadDoc and saves through saveDoc", async () => {
    const adapter = new MemoryStorageAdapter()
    const first = new Repo({ network: [], storage: adapter, saveDebounceRate: 0 })
    const saved: DocumentId[] = []
    const storage1 = first.storageSubsystem!
    const save = storage1.saveDoc.bind(storage1)
    storage1.saveDoc = async (id, doc) => {
      saved.push(id)
      await save(id, doc)
    }
    const handle = first.create<Doc>({ items: ["kept"] })
    handle.change((d) => void d.items.push("more"))
    await first.flush()
    expect(saved, "edits no longer saved through storageSubsystem.saveDoc").toContain(
      handle.documentId,
    )
    await first.shutdown()

    const second = new Repo({ network: [], storage: adapter })
    const loaded: DocumentId[] = []
    const storage2 = second.storageSubsystem!
    const load = storage2.loadDoc.bind(storage2)
    storage2.loadDoc = async <T>(id: DocumentId) => {
      loaded.push(id)
      return load<T>(id)
    }
    const reopened = await second.find<Doc>(handle.documentId)
    expect(reopened.doc().items).toEqual(["kept", "more"])
    expect(loaded, "stored documents no longer opened through storageSubsystem.loadDoc").toEqual([
      handle.documentId,
    ])
    await second.shutdown()
  })
})
