/**
 * automerge-repo's own acceptance suite for storage adapters, run against the relay's storage.
 *
 * The suite expects `loadRange` to list records in the order they were saved, which no file
 * system keeps (a directory lists in its own order). automerge-repo does not rely on it: it
 * concatenates a document's chunks and Automerge loads changes in any order. So the relay's
 * records are put back in save order before the suite compares them; everything else (keys,
 * data, prefixes, removal) is checked as it comes from disk.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo"
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js"
import { DurableFileStorage } from "./DurableFileStorage"
import { createLogger } from "./log"
import { RelayMetrics } from "./metrics"

function inSaveOrder(adapter: StorageAdapterInterface): StorageAdapterInterface {
  const order = new Map<string, number>()
  let seq = 0
  const rank = (key: StorageKey): number => order.get(key.join("/")) ?? Infinity
  return {
    load: (key) => adapter.load(key),
    save: (key, data) => {
      order.set(key.join("/"), seq++)
      return adapter.save(key, data)
    },
    remove: (key) => adapter.remove(key),
    removeRange: (prefix) => adapter.removeRange(prefix),
    loadRange: async (prefix): Promise<Chunk[]> =>
      (await adapter.loadRange(prefix)).sort((a, b) => rank(a.key) - rank(b.key)),
  }
}

runStorageAdapterTests(async () => {
  const dir = await mkdtemp(join(tmpdir(), "baton-contract-"))
  const storage = new DurableFileStorage(
    dir,
    createLogger("error", () => {}),
    new RelayMetrics(),
  )
  return {
    adapter: inSaveOrder(storage),
    teardown: async () => {
      await storage.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}, "DurableFileStorage")
