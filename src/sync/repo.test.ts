import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { MemoryStorageAdapter } from "./MemoryStorageAdapter"
import { reuseLoadPatches } from "./repo"

interface Doc {
  items: string[]
  title: string
}

async function stored(): Promise<{ storage: MemoryStorageAdapter; id: DocumentId }> {
  const storage = new MemoryStorageAdapter()
  const first = new Repo({ network: [], storage })
  const handle = first.create<Doc>({ items: ["kept"], title: "" })
  handle.change((d) => {
    d.items.push("and this")
    A.updateText(d, ["title"], "A title")
  })
  await first.flush()
  await first.shutdown()
  return { storage, id: handle.documentId }
}

describe("reuseLoadPatches", () => {
  it("opens stored documents as before, and later changes still emit their patches", async () => {
    const { storage, id } = await stored()
    const repo = new Repo({ network: [], storage })
    reuseLoadPatches(repo)
    const handle = await repo.find<Doc>(id)
    expect(handle.doc()).toEqual({ items: ["kept", "and this"], title: "A title" })
    const seen: A.Patch[][] = []
    handle.on("change", ({ patches }) => seen.push(patches))
    handle.change((d) => void d.items.push("later"))
    expect(seen).toHaveLength(1)
    expect(seen[0]?.map((p) => p.path.slice(0, 2))).toContainEqual(["items", 2])
    await repo.shutdown()
  })

  it("lets the diff from the empty document reuse the patches the load made", async () => {
    const { storage, id } = await stored()
    const repo = new Repo({ network: [], storage })
    reuseLoadPatches(repo)
    const doc = await repo.storageSubsystem?.loadDoc<Doc>(id)
    if (doc === null || doc === undefined) throw new Error("not loaded")
    const heads = A.getHeads(doc)
    const first = A.diff(doc, [], heads)
    // Served from the load (the same array), and the same as a diff computed afresh.
    expect(A.diff(doc, [], heads)).toBe(first)
    expect(first).toEqual(A.diff(A.clone(doc), [], heads))
    await repo.shutdown()
  })
})
