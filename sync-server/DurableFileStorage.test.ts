/**
 * The relay's file storage: saves are durable and atomic files in automerge-repo's layout,
 * written in batches by a worker thread; one failing write rejects only its own save.
 */
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { DurableFileStorage } from "./DurableFileStorage"
import { createLogger } from "./log"
import { RelayMetrics } from "./metrics"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function storage(): Promise<{
  store: DurableFileStorage
  dir: string
  metrics: RelayMetrics
}> {
  const dir = await mkdtemp(join(tmpdir(), "baton-storage-"))
  const metrics = new RelayMetrics()
  const store = new DurableFileStorage(
    dir,
    createLogger("error", () => {}),
    metrics,
  )
  cleanups.push(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { store, dir, metrics }
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe("DurableFileStorage", () => {
  it("saves many files in few batches, each readable afterwards, with no temporary files left", async () => {
    const { store, dir, metrics } = await storage()
    const keys = Array.from({ length: 40 }, (_, i) => [`doc${i % 4}xyz`, "incremental", `c${i}`])
    await Promise.all(keys.map((k, i) => store.save(k, bytes(`chunk ${i}`))))
    expect(metrics.fsyncBatches).toBeLessThan(40)
    for (const [i, k] of keys.entries())
      expect(new TextDecoder().decode(await store.load(k))).toBe(`chunk ${i}`)
    const files = await readdir(dir, { recursive: true })
    expect(files.filter((f) => f.includes(".tmp-"))).toEqual([])
    // The later save of a key replaces the earlier one.
    await store.save(keys[0]!, bytes("replaced"))
    expect(new TextDecoder().decode(await store.load(keys[0]!))).toBe("replaced")
  })

  it("rejects only the save that cannot be written; the others in its batch are durable", async () => {
    const { store, dir } = await storage()
    // A file where the document's directory should be: its saves cannot be written.
    await mkdir(join(dir, "ba"), { recursive: true })
    await writeFile(join(dir, "ba", "dblocked"), "not a directory")
    const blocked = store.save(["badblocked", "snapshot", "s1"], bytes("lost"))
    const fine = store.save(["okdoc", "snapshot", "s1"], bytes("kept"))
    await expect(blocked).rejects.toThrow()
    await expect(fine).resolves.toBeUndefined()
    expect(await readFile(join(dir, "ok", "doc", "snapshot", "s1"), "utf8")).toBe("kept")
    // The storage keeps working after the failure.
    await store.save(["okdoc", "snapshot", "s2"], bytes("again"))
    expect(new TextDecoder().decode(await store.load(["okdoc", "snapshot", "s2"]))).toBe("again")
  })

  it("deletes in order with saves: a save after a deletion of the same key is kept", async () => {
    const { store, dir } = await storage()
    const key = ["deldocxyz", "incremental", "c1"]
    await store.save(key, bytes("first"))
    await store.remove(key)
    expect(await store.load(key)).toBeUndefined()
    await store.save(key, bytes("second"))
    await store.drain()
    expect(new TextDecoder().decode(await store.load(key))).toBe("second")
    await store.remove(key)
    await store.drain()
    expect(await store.load(key)).toBeUndefined()
    expect(await readdir(join(dir, "de", "ldocxyz", "incremental"))).toEqual([])
    // A deletion of a file that is not there is not an error.
    await store.remove(["nothing", "snapshot", "s"])
    await store.drain()
  })
})
