import { describe, expect, it, vi } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { MemoryStorageAdapter } from "../sync/storage/MemoryStorageAdapter"
import { formatBytes, hasLocalChange, readStorageStatus, watchFirstLocalEdit } from "./persistence"

describe("storage persistence", () => {
  it("tells local changes from changes merged from a peer", () => {
    const peer = A.change(A.from<{ n: number; m?: number }>({ n: 1 }), (d) => {
      d.n = 2
    })
    const loaded = A.load<{ n: number; m?: number }>(A.save(peer))
    expect(hasLocalChange(loaded)).toBe(false)
    const remote = A.change(A.clone(peer), (d) => {
      d.n = 3
    })
    const merged = A.merge(loaded, remote)
    expect(hasLocalChange(merged)).toBe(false)
    expect(merged.n).toBe(3)
    const edited = A.change(merged, (d) => {
      d.m = 1
    })
    expect(hasLocalChange(edited)).toBe(true)
  })

  it("fires once at the first edit made on this device, not for changes synced from a peer", async () => {
    const other = new Repo({ network: [] })
    const source = other.create<{ title: string }>({ title: "from a peer" })
    const repo = new Repo({ network: [], storage: new MemoryStorageAdapter() })
    let calls = 0
    const stop = watchFirstLocalEdit(repo, () => calls++)
    const handle = repo.import<{ title: string }>(A.save(source.doc()), {
      docId: source.documentId,
    })
    await handle.whenReady()
    source.change((d) => {
      d.title = "renamed by the peer"
    })
    handle.update((doc) => A.merge(doc, source.doc()))
    expect(handle.doc().title).toBe("renamed by the peer")
    expect(calls).toBe(0)
    await repo.flush()
    expect(calls).toBe(0)
    handle.change((d) => {
      d.title = "renamed here"
    })
    await vi.waitFor(() => expect(calls).toBe(1))
    handle.change((d) => {
      d.title = "again"
    })
    repo.create({ title: "another" }).change((d) => {
      d.title = "x"
    })
    await repo.flush()
    expect(calls).toBe(1)
    stop()
  })

  it("reports unknown storage facts as unknown rather than failing", async () => {
    expect(await readStorageStatus(null)).toEqual({ usage: null, quota: null, persisted: null })
    const broken = {
      estimate: () => Promise.reject(new Error("no")),
      persisted: () => Promise.resolve(true),
      persist: () => Promise.resolve(true),
    }
    expect(await readStorageStatus(broken)).toEqual({ usage: null, quota: null, persisted: true })
  })

  it("formats byte counts for people", () => {
    expect([0, 999, 1500, 12_345, 4_500_000, 1_200_000_000].map(formatBytes)).toEqual([
      "0 B",
      "999 B",
      "1.5 kB",
      "12 kB",
      "4.5 MB",
      "1.2 GB",
    ])
  })
})
