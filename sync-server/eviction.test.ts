/**
 * Bounded memory: idle documents leave memory, limits on connections and on documents per
 * connection hold, and eviction never costs a peer an update.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { generateSyncMessage, initSyncState, init } from "@automerge/automerge"
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { AutomergeUrl, DocHandle } from "@automerge/automerge-repo"
import { WebSocket } from "ws"
import { afterEach, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import type { Relay, RelayOptions } from "./createRelay"
import { clientRepo, closeRepos, syncUrl, waitFor, waitUntilRelayHas } from "./testHelpers"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function startRelay(options: Partial<RelayOptions>): Promise<Relay> {
  const dataDir = await mkdtemp(join(tmpdir(), "baton-evict-"))
  const relay = await createRelay({
    port: 0,
    dataDir,
    staticDir: null,
    logLevel: "silent",
    ...options,
  })
  cleanups.push(async () => {
    await relay.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  return relay
}

async function health(relay: Relay): Promise<{ documentsInMemory: number; peers: number }> {
  return (await (await fetch(relay.url + "/healthz")).json()) as {
    documentsInMemory: number
    peers: number
  }
}

/** Polls an async condition (the relay's /healthz) until it holds. */
async function waitForAsync(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe("eviction", () => {
  it("does not keep documents that were each requested once, and evicted documents still sync", async () => {
    const relay = await startRelay({ docIdleMs: 500 })
    const writer = clientRepo(relay.url)
    const reader = clientRepo(relay.url)
    cleanups.push(() => closeRepos(writer, reader))

    const handles: DocHandle<{ n: number }>[] = []
    for (let i = 0; i < 150; i++) handles.push(writer.create<{ n: number }>({ n: i }))
    for (const h of handles) await waitUntilRelayHas(writer, h)

    // The reader asks for every document once, plus 100 that exist nowhere.
    const found = await Promise.all(handles.map((h) => reader.find<{ n: number }>(h.url)))
    expect(found.map((h) => h.doc().n)).toEqual(handles.map((_, i) => i))
    const missing = Array.from({ length: 100 }, () => generateAutomergeUrl())
    await Promise.all(missing.map((url) => reader.find(url).catch(() => null)))
    expect((await health(relay)).documentsInMemory).toBeGreaterThan(0)

    // Both peers stay connected, yet the idle documents leave the relay's memory.
    await waitForAsync(async () => (await health(relay)).documentsInMemory === 0, "eviction")
    expect((await health(relay)).peers).toBe(2)
    const metrics = await (await fetch(relay.url + "/metrics")).text()
    const evicted = Number(/baton_relay_documents_evicted_total (\d+)/.exec(metrics)?.[1])
    expect(evicted).toBeGreaterThanOrEqual(250)

    // An evicted document comes back from disk, and its earlier readers still get updates.
    const h7 = handles[7]!
    h7.change((d) => {
      d.n = 700
    })
    await waitFor(
      () => found[7]!.doc().n === 700,
      "the reader to get an edit to an evicted document",
    )
    found[9]!.change((d) => {
      d.n = 900
    })
    await waitFor(() => handles[9]!.doc().n === 900, "the writer to get the reader's edit")

    const late = clientRepo(relay.url)
    cleanups.push(() => closeRepos(late))
    const again = await late.find<{ n: number }>(handles[3]!.url as AutomergeUrl)
    expect(again.doc().n).toBe(3)
  })

  it("closes a connection that opens more documents than allowed with 1008", async () => {
    const relay = await startRelay({ maxDocumentsPerConnection: 20 })
    const ws = new WebSocket(syncUrl(relay.url))
    const received: Record<string, unknown>[] = []
    ws.on("message", (d: Buffer) =>
      received.push(cbor.decode(new Uint8Array(d)) as Record<string, unknown>),
    )
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on("close", (code, reason) => r({ code, reason: reason.toString() })),
    )
    await new Promise((r) => ws.once("open", r))
    ws.send(
      cbor.encode({
        type: "join",
        senderId: "greedy",
        peerMetadata: {},
        supportedProtocolVersions: ["1"],
      }),
    )
    await waitFor(() => received.some((m) => m.type === "peer"), "peer message")
    const relayId = received.find((m) => m.type === "peer")!.senderId
    const data = generateSyncMessage(init(), initSyncState())[1]!
    for (let i = 0; i < 25; i++) {
      const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
      ws.send(
        cbor.encode({ type: "request", senderId: "greedy", targetId: relayId, documentId, data }),
      )
    }
    const result = await closed
    expect(result.code).toBe(1008)
    expect(result.reason).toMatch(/too many documents/)
  })

  it("refuses connections over the connection limit with 503, and serves the others", async () => {
    const relay = await startRelay({ maxConnections: 2 })
    const a = clientRepo(relay.url)
    const b = clientRepo(relay.url)
    cleanups.push(() => closeRepos(a, b))
    await waitFor(() => a.peers.length === 1 && b.peers.length === 1, "two connections")
    const third = new WebSocket(syncUrl(relay.url))
    const status = await new Promise<number | string>((resolve) => {
      third.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0))
      third.on("open", () => resolve("open"))
      third.on("error", () => resolve("error"))
    })
    expect(status).toBe(503)
    const h = a.create<{ ok: boolean }>({ ok: true })
    await waitUntilRelayHas(a, h)
    expect((await b.find<{ ok: boolean }>(h.url)).doc().ok).toBe(true)
  })
})
