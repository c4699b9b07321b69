/**
 * Both directions of compatibility with upstream automerge-repo: a stock client (with its own
 * storage, like a browser) syncs through Baton's relay, and clients configured like Baton's
 * browser repo (src/sync/repo.ts: stock WebSocketClientAdapter, remote heads gossiping,
 * persistent storage) sync through a stock relay.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { afterEach, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { createStockRelay } from "./stockRelay"
import { closeRepos, syncUrl, waitFor, waitUntilRelayHas } from "./testHelpers"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-compat-"))
  // The stock relay's file storage can still be finishing a write after it has closed: retry
  // while the directory is not empty yet.
  cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }))
  return dir
}

/** A client set up like Baton's browser repo, with file storage standing in for IndexedDB. */
async function batonStyleClient(relay: Relay): Promise<Repo> {
  const repo = new Repo({
    storage: new NodeFSStorageAdapter(await tempDir()),
    network: [new WebSocketClientAdapter(syncUrl(relay.url), 100)],
    enableRemoteHeadsGossiping: true,
  })
  cleanups.push(async () => {
    await closeRepos(repo)
    // automerge-repo saves sync states on a 100 ms throttle that shutdown() does not cancel:
    // let a pending save land before the storage directory is removed.
    await new Promise((resolve) => setTimeout(resolve, 250))
  })
  return repo
}

interface Board {
  lists: string[]
}

async function expectPairSyncs(relay: Relay): Promise<void> {
  const a = await batonStyleClient(relay)
  const b = await batonStyleClient(relay)
  const ha = a.create<Board>({ lists: ["To do"] })
  await waitUntilRelayHas(a, ha)
  const hb = await b.find<Board>(ha.url)
  expect(hb.doc().lists).toEqual(["To do"])
  ha.change((d) => {
    d.lists.push("Doing")
  })
  hb.change((d) => {
    d.lists.push("Done")
  })
  await waitFor(
    () => ha.doc().lists.length === 3 && hb.doc().lists.length === 3,
    "both edits on both sides",
  )
  expect(ha.doc()).toEqual(hb.doc())
  // Each side learns that the relay stored its heads: what Baton's sync indicator relies on.
  await waitUntilRelayHas(a, ha)
  await waitUntilRelayHas(b, hb)
}

describe("compatibility with upstream automerge-repo", () => {
  it("stock clients with their own storage sync through Baton's relay", async () => {
    const relay = await createRelay({
      port: 0,
      dataDir: await tempDir(),
      staticDir: null,
      logLevel: "silent",
    })
    cleanups.push(() => relay.close())
    await expectPairSyncs(relay)
  })

  it("Baton-style clients sync through a stock automerge-repo relay", async () => {
    const relay = await createStockRelay({ dataDir: await tempDir() })
    cleanups.push(() => relay.close())
    await expectPairSyncs(relay)
  })
})
