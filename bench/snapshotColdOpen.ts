/**
 * One-off measure of a cold open in Node: a fresh device gets a board with history from the
 * relay through the snapshot path, then (another fresh device) through the normal protocol.
 * Reports time to the document and the relay's bytes sent. `npx tsx bench/snapshotColdOpen.ts [cards] [edits]`
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import { WebSocket } from "ws"
import { createRelay } from "../sync-server/createRelay"
import {
  clientRepo,
  closeRepos,
  syncUrl,
  waitFor,
  waitUntilRelayHas,
} from "../sync-server/testHelpers"
import { RelayClientAdapter } from "../src/sync/transport/RelayClientAdapter"
import type { WebSocketLike } from "../src/sync/transport/RelayClientAdapter"
import { firstLoadFromSnapshot } from "../src/sync/snapshotFirstLoad"

const cards = Number(process.argv[2] ?? 1000)
const edits = Number(process.argv[3] ?? 5)
const dir = await mkdtemp(join(tmpdir(), "baton-cold-"))
const relay = await createRelay({ dataDir: dir, logLevel: "error" })
const bytesOut = async (): Promise<number> =>
  Number(
    /^baton_relay_bytes_total\{direction="out"\} (\d+)/m.exec(
      await (await fetch(`${relay.url}/metrics`)).text(),
    )?.[1] ?? "NaN",
  )
const author = clientRepo(relay.url)
const buckets = 100
const handle = author.create<{ b: Record<string, Record<string, { t: string }>> }>({ b: {} })
handle.change((d) => {
  for (let k = 0; k < buckets; k++) d.b[`k${k}`] = {}
})
for (let e = 0; e < edits; e++)
  for (let i = 0; i < cards; i++)
    handle.change((d) => {
      d.b[`k${i % buckets}`]![`c${i}`] = { t: `card ${i} v${e}` }
    })
await waitUntilRelayHas(author, handle)

async function coldOpen(snapshot: boolean): Promise<void> {
  const adapter = new RelayClientAdapter({
    url: syncUrl(relay.url),
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
  })
  const repo = new Repo({ network: [adapter] })
  await waitFor(() => adapter.state === "connected", "connected")
  const before = await bytesOut()
  const cpu = process.cpuUsage()
  const start = performance.now()
  if (snapshot) await firstLoadFromSnapshot(repo, adapter, handle.documentId)
  const h = await repo.find(handle.documentId)
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  const sent = (await bytesOut()) - before
  console.log(
    `${snapshot ? "snapshot" : "sync    "}: document in ${ms.toFixed(0)} ms, process CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, relay sent ${(sent / 1024).toFixed(0)} KiB, keys ${Object.keys(h.doc() as object).length}`,
  )
  await closeRepos(repo)
}

console.log(`${cards} cards, ${cards * edits} changes`)
for (const s of [true, false, true, false]) await coldOpen(s)
await closeRepos(author)
await relay.close()
await rm(dir, { recursive: true, force: true })
process.exit(0)
