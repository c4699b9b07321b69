import { describe, expect, it } from "vitest"
import { Repo } from "@automerge/automerge-repo"
import { MemoryStorageAdapter } from "./MemoryStorageAdapter"

describe("MemoryStorageAdapter", () => {
  it("keeps a document for a later repo on the same storage", async () => {
    const storage = new MemoryStorageAdapter()
    const first = new Repo({ network: [], storage })
    const handle = first.create<{ items: string[] }>({ items: ["kept"] })
    handle.change((d) => void d.items.push("and this"))
    await first.flush()
    await first.shutdown()
    const second = new Repo({ network: [], storage })
    const found = await second.find<{ items: string[] }>(handle.url)
    expect(found.doc().items).toEqual(["kept", "and this"])
    await second.shutdown()
  })

  it("loads and removes by key prefix only", async () => {
    const s = new MemoryStorageAdapter()
    await s.save(["a", "snapshot", "1"], new Uint8Array([1]))
    await s.save(["a", "incremental", "2"], new Uint8Array([2]))
    await s.save(["ab", "snapshot", "3"], new Uint8Array([3]))
    expect((await s.loadRange(["a"])).map((c) => c.key.join("/")).sort()).toEqual([
      "a/incremental/2",
      "a/snapshot/1",
    ])
    await s.removeRange(["a"])
    expect(await s.loadRange(["a"])).toEqual([])
    expect(await s.load(["ab", "snapshot", "3"])).toEqual(new Uint8Array([3]))
  })
})
