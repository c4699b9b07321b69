import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { clientRepo, closeRepos, waitFor, waitUntilRelayHas } from "./testHelpers"

interface Doc {
  title: string
  items: string[]
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-relay-"))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

async function startRelay(dataDir: string): Promise<Relay> {
  const relay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
  cleanups.push(() => relay.close())
  return relay
}

describe("relay sync over /sync", () => {
  it("lets two repos share a document, and keeps it across a restart on the same DATA_DIR", async () => {
    const dataDir = await tempDir()
    const relay = await startRelay(dataDir)
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(relay.port).toBeGreaterThan(0)

    const a = clientRepo(relay.url)
    const b = clientRepo(relay.url)
    cleanups.push(() => closeRepos(a, b))

    const handleA = a.create<Doc>({ title: "Launch", items: [] })
    await waitUntilRelayHas(a, handleA)

    const handleB = await b.find<Doc>(handleA.url)
    expect(handleB.doc().title).toBe("Launch")

    // Live edits flow both ways through the relay.
    handleA.change((d) => {
      d.items.push("from A")
    })
    await waitFor(() => handleB.doc().items.includes("from A"), "B to receive A's edit")
    handleB.change((d) => {
      d.title = "Launch v2"
    })
    await waitFor(() => handleA.doc().title === "Launch v2", "A to receive B's edit")
    await waitUntilRelayHas(b, handleB)

    // Stop the clients before the relay: the stock client adapter, left retrying against a
    // closed port, can drop its error listener from a socket that is still connecting.
    await closeRepos(a, b)
    await relay.close()
    const health = await fetch(relay.url + "/healthz").catch(() => null)
    expect(health).toBeNull()

    const again = await startRelay(dataDir)
    const c = clientRepo(again.url)
    cleanups.push(() => closeRepos(c))
    const handleC = await c.find<Doc>(handleA.url)
    expect(handleC.doc()).toEqual({ title: "Launch v2", items: ["from A"] })
  })

  it("does not push a peer's documents to other peers that never asked for them", async () => {
    const relay = await startRelay(await tempDir())
    const a = clientRepo(relay.url)
    const b = clientRepo(relay.url)
    cleanups.push(() => closeRepos(a, b))
    const secret = a.create<Doc>({ title: "private", items: [] })
    await waitUntilRelayHas(a, secret)
    // B is connected to the relay the whole time, yet learns nothing about A's document.
    await waitFor(() => b.peers.length === 1, "B to connect")
    const shared = a.create<Doc>({ title: "shared", items: [] })
    await waitUntilRelayHas(a, shared)
    await b.find<Doc>(shared.url)
    expect(Object.keys(b.handles)).toEqual([shared.documentId])
  })

  it("answers /healthz with status, uptime, peers and documents in memory", async () => {
    const relay = await startRelay(await tempDir())
    const before = (await (await fetch(relay.url + "/healthz")).json()) as Record<string, unknown>
    expect(before).toEqual({
      status: "ok",
      uptimeSeconds: expect.any(Number),
      peers: 0,
      documentsInMemory: 0,
    })

    const a = clientRepo(relay.url)
    cleanups.push(() => closeRepos(a))
    const h = a.create<Doc>({ title: "x", items: [] })
    await waitUntilRelayHas(a, h)
    const res = await fetch(relay.url + "/healthz")
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/^application\/json/)
    const after = (await res.json()) as Record<string, unknown>
    expect(after.peers).toBe(1)
    expect(after.documentsInMemory).toBe(1)
  })

  it("reports connections, messages, bytes, documents and storage write latency in /metrics", async () => {
    const relay = await startRelay(await tempDir())
    const a = clientRepo(relay.url)
    cleanups.push(() => closeRepos(a))
    const h = a.create<Doc>({ title: "m", items: [] })
    await waitUntilRelayHas(a, h)
    const res = await fetch(relay.url + "/metrics")
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    const value = (name: string): number =>
      Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1])
    expect(value("baton_relay_connections")).toBe(1)
    expect(value("baton_relay_connections_total")).toBe(1)
    expect(value('baton_relay_messages_total{direction="in"}')).toBeGreaterThan(0)
    expect(value('baton_relay_messages_total{direction="out"}')).toBeGreaterThan(0)
    expect(value('baton_relay_bytes_total{direction="in"}')).toBeGreaterThan(0)
    expect(value("baton_relay_documents_in_memory")).toBe(1)
    expect(value("baton_relay_documents_loaded_total")).toBe(1)
    expect(value("baton_relay_documents_evicted_total")).toBe(0)
    expect(value("baton_relay_storage_write_seconds_count")).toBeGreaterThan(0)
    expect(text).toMatch(/^# TYPE baton_relay_storage_write_seconds histogram$/m)
    // Process memory, for watching that eviction keeps it bounded.
    expect(value("process_resident_memory_bytes")).toBeGreaterThan(10 * 2 ** 20)
    expect(value("nodejs_heap_used_bytes")).toBeGreaterThan(0)
    expect(value("nodejs_array_buffers_bytes")).toBeGreaterThan(0)
    expect(text).toMatch(/^# TYPE baton_relay_rejected_frames_total counter$/m)
  })

  it("refuses WebSocket upgrades on paths other than /sync", async () => {
    const relay = await startRelay(await tempDir())
    const { WebSocket } = await import("ws")
    const ws = new WebSocket(relay.url.replace("http", "ws") + "/elsewhere")
    const outcome = await new Promise<string>((resolve) => {
      ws.on("open", () => resolve("open"))
      ws.on("unexpected-response", (_req, res) => resolve(`status ${res.statusCode}`))
      ws.on("error", () => resolve("error"))
    })
    expect(outcome).not.toBe("open")
    ws.terminate()
  })
})
