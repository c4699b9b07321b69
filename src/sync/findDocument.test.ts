import { Repo } from "@automerge/automerge-repo"
import type { Chunk, StorageKey } from "@automerge/automerge-repo"
import { afterEach, describe, expect, it } from "vitest"
import { MemoryStorageAdapter } from "./storage/MemoryStorageAdapter"
import { findDocument } from "./findDocument"

/** Storage whose reads wait until `release()`: a find that is still loading. */
class SlowStorage extends MemoryStorageAdapter {
  #release: () => void = () => undefined
  #gate = new Promise<void>((r) => (this.#release = r))
  release(): void {
    this.#release()
  }
  override async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    await this.#gate
    return super.loadRange(prefix)
  }
}

const repos: Repo[] = []
afterEach(async () => {
  // An unavailable handle makes shutdown's flush throw; nothing is left to save in these repos.
  for (const r of repos.splice(0)) await r.shutdown().catch(() => undefined)
})

describe("findDocument", () => {
  it("finds a document as repo.find does", async () => {
    const repo = new Repo({})
    repos.push(repo)
    const created = repo.create({ title: "Launch" })
    const handle = await findDocument<{ title: string }>(repo, created.url)
    expect(handle.doc().title).toBe("Launch")
  })

  it("stops waiting when aborted, and the find finishing later raises nothing", async () => {
    const storage = new SlowStorage()
    const writer = new Repo({ storage: new MemoryStorageAdapter() })
    repos.push(writer)
    const url = writer.create({ title: "Launch" }).url
    const repo = new Repo({ storage })
    repos.push(repo)
    const abort = new AbortController()
    const waiting = findDocument(repo, url, { signal: abort.signal })
    abort.abort()
    await expect(waiting).rejects.toThrow(/abort/i)
    // The find underneath ends (unavailable) once storage answers; vitest fails the run on
    // an unhandled rejection, so getting past this wait is the assertion.
    storage.release()
    await new Promise((r) => setTimeout(r, 200))
  })

  it("rejects at once when the signal is already aborted", async () => {
    const repo = new Repo({})
    repos.push(repo)
    const created = repo.create({ title: "Launch" })
    await expect(findDocument(repo, created.url, { signal: AbortSignal.abort() })).rejects.toThrow(
      /abort/i,
    )
  })
})
