import { afterEach, describe, expect, it } from "vitest"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { AddressInfo } from "node:net"
import { Repo } from "@automerge/automerge-repo"
import type { DocHandle } from "@automerge/automerge-repo"
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { WebSocket, WebSocketServer } from "ws"
import { RelayClientAdapter, backoffDelay } from "./RelayClientAdapter"
import type { ConnectionState, WebSocketLike } from "./RelayClientAdapter"

/** A stock automerge-repo sync server, assembled the way the upstream example is. */
async function startStockRelay(dataDir: string, port = 0) {
  const wss = new WebSocketServer({ port, host: "127.0.0.1" })
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()))
  const repo = new Repo({
    network: [new WebSocketServerAdapter(wss as never)],
    storage: new NodeFSStorageAdapter(dataDir),
    sharePolicy: async () => false,
  })
  const actualPort = (wss.address() as AddressInfo).port
  return {
    port: actualPort,
    url: `ws://127.0.0.1:${actualPort}`,
    async close() {
      await repo.flush()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await repo.shutdown()
    },
  }
}

function clientRepo(url: string) {
  const adapter = new RelayClientAdapter({
    url,
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    backoff: { initialMs: 20, maxMs: 200 },
    joinTimeoutMs: 300,
  })
  const repo = new Repo({ network: [adapter], sharePolicy: async () => true })
  return { repo, adapter }
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

describe("backoffDelay", () => {
  it("grows exponentially, stays within [ceiling/2, ceiling] and is capped", () => {
    const b = { initialMs: 500, maxMs: 30_000 }
    expect(backoffDelay(0, b, () => 0)).toBe(250)
    expect(backoffDelay(0, b, () => 0.999999)).toBe(500)
    expect(backoffDelay(3, b, () => 0)).toBe(2000)
    expect(backoffDelay(3, b, () => 0.999999)).toBe(4000)
    expect(backoffDelay(50, b, () => 0.999999)).toBe(30_000)
    const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(4, b, () => i / 20)))
    expect(spread.size).toBeGreaterThan(10)
  })
})

describe("RelayClientAdapter against a stock automerge-repo relay", () => {
  it("syncs a document between two clients and reconnects after the relay restarts", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-client-"))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    let relay = await startStockRelay(dataDir)
    const port = relay.port
    const a = clientRepo(relay.url)
    const b = clientRepo(relay.url)
    cleanups.push(async () => {
      await a.repo.shutdown()
      await b.repo.shutdown()
    })
    const states: ConnectionState[] = []
    a.adapter.onStateChange((s) => states.push(s))

    const handleA = a.repo.create<{ items: string[] }>({ items: ["first"] })
    // A stock relay that accepts sockets before its storage is ready ignores early joins; the
    // adapter's join timeout retries until it is answered.
    await until(() => a.adapter.state === "connected" && b.adapter.state === "connected", "connect")
    const handleB: DocHandle<{ items: string[] }> = await b.repo.find(handleA.url)
    expect(handleB.doc().items).toEqual(["first"])

    // The relay goes away: clients notice, keep editing locally, and come back by themselves.
    await relay.close()
    await until(() => a.adapter.state !== "connected", "a to notice the relay is gone")
    handleA.change((d) => {
      d.items.push("while the relay was down")
    })
    relay = await startStockRelay(dataDir, port)
    cleanups.push(() => relay.close())
    await until(
      () => a.adapter.state === "connected" && b.adapter.state === "connected",
      "reconnect",
    )
    await until(
      () => handleB.doc().items.includes("while the relay was down"),
      "the offline edit to reach b",
    )
    expect(states).toContain("connecting")
    expect(states.at(-1)).toBe("connected")
  })

  it("does not throw when the repo sends while disconnected", async () => {
    const adapter = new RelayClientAdapter({
      url: "ws://127.0.0.1:9",
      createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
      backoff: { initialMs: 1000, maxMs: 1000 },
    })
    const repo = new Repo({ network: [adapter] })
    cleanups.push(() => repo.shutdown())
    const handle = repo.create<{ n: number }>({ n: 1 })
    expect(() =>
      handle.change((d) => {
        d.n = 2
      }),
    ).not.toThrow()
    expect(adapter.state).not.toBe("connected")
  })
})
