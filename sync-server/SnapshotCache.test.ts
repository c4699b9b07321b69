/**
 * The relay's snapshot cache: many requests cost one `A.save`; a document that moved on is
 * saved again only after the refresh interval; a document the relay lacks has no snapshot.
 */
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { describe, expect, it } from "vitest"
import { SnapshotCache } from "./SnapshotCache"

describe("SnapshotCache", () => {
  it("saves once for many requests, and again only after the refresh interval when the document moved", async () => {
    const repo = new Repo({})
    const handle = repo.create<{ n: number }>({ n: 1 })
    let now = 0
    const cache = new SnapshotCache(repo, 1000, () => now)
    const first = await cache.get(handle.documentId)
    await cache.get(handle.documentId)
    await Promise.all([cache.get(handle.documentId), cache.get(handle.documentId)])
    expect(cache.saves).toBe(1)
    handle.change((d) => {
      d.n = 2
    })
    now = 500
    expect(await cache.get(handle.documentId)).toBe(first)
    expect(cache.saves).toBe(1)
    now = 1500
    const second = await cache.get(handle.documentId)
    expect(cache.saves).toBe(2)
    expect(A.load<{ n: number }>(second!).n).toBe(2)
    // Unchanged since: the interval passes without a new save.
    now = 3000
    expect(await cache.get(handle.documentId)).toBe(second)
    expect(cache.saves).toBe(2)
    await repo.shutdown()
  })

  it("has no snapshot of a document the relay does not have", async () => {
    const repo = new Repo({})
    const missing = new Repo({}).create({}).documentId
    const cache = new SnapshotCache(repo)
    expect(await cache.get(missing)).toBeNull()
    await repo.shutdown()
  })
})
