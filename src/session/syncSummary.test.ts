/**
 * The one watch per board that both the board's indicator and home read: it goes on after the
 * board is left, and records each new count for home.
 */
import { afterEach, describe, expect, it } from "vitest"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { AddressInfo } from "node:net"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { WebSocket, WebSocketServer } from "ws"
import { RelayClientAdapter } from "../sync/transport/RelayClientAdapter"
import type { WebSocketLike } from "../sync/transport/RelayClientAdapter"
import { setRelayConnection } from "../sync/transport/relayConnection"
import type { SyncStatus } from "../sync/transport/syncStatus"
import { recordBoardSyncWith, unsyncedOf, watchBoardSync } from "./syncSummary"

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe("a board's sync summary", () => {
  it("is kept as home shows it: 0 saved, a count, some, or nothing to tell", () => {
    expect(unsyncedOf({ kind: "saved" })).toBe(0)
    expect(unsyncedOf({ kind: "local-only" })).toBeNull()
    expect(unsyncedOf({ kind: "offline", unsynced: 3 })).toBe(3)
    expect(unsyncedOf({ kind: "connecting", unsynced: null })).toBe(-1)
    expect(unsyncedOf({ kind: "unreachable", since: "2026-12-07T14:32:00Z", unsynced: 2 })).toBe(2)
  })

  it("is one watch for every reader, and records new counts after the last reader left", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-summary-"))
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" })
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()))
    const server = new Repo({
      network: [new WebSocketServerAdapter(wss as never)],
      storage: new NodeFSStorageAdapter(dataDir),
      sharePolicy: async () => false,
    })
    const relay = new RelayClientAdapter({
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
      backoff: { initialMs: 20, maxMs: 100 },
      joinTimeoutMs: 300,
    })
    const repo = new Repo({ network: [relay], sharePolicy: async () => true })
    cleanups.push(async () => {
      await repo.shutdown()
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
      await server.shutdown()
      await rm(dataDir, { recursive: true, force: true })
    })
    setRelayConnection(repo, relay)
    const recorded: (number | null)[] = []
    recordBoardSyncWith((_id, unsynced) => recorded.push(unsynced))

    const handle = repo.create<{ n: number }>({ n: 0 })
    const indicator: SyncStatus[] = []
    const page: SyncStatus[] = []
    const offIndicator = watchBoardSync(handle, (s) => indicator.push(s))
    const offPage = watchBoardSync(handle, (s) => page.push(s))
    await until(() => recorded.at(-1) === 0, "saved")
    expect(page.at(-1)).toEqual(indicator.at(-1))
    expect(page.at(-1)).toEqual({ kind: "saved" })

    // The board is left; then the relay goes away and the device makes two changes.
    offIndicator()
    offPage()
    const seen = indicator.length
    for (const c of wss.clients) c.terminate()
    await new Promise<void>((r) => wss.close(() => r()))
    await until(() => relay.state !== "connected", "disconnect")
    handle.change((d) => void (d.n = 1))
    handle.change((d) => void (d.n = 2))
    await until(() => recorded.at(-1) === 2, "two changes recorded for home")
    expect(indicator.length).toBe(seen)

    // A reader that comes back gets the current status at once.
    const again: SyncStatus[] = []
    watchBoardSync(handle, (s) => again.push(s))()
    expect(again).toHaveLength(1)
    expect(unsyncedOf(again[0]!)).toBe(2)
  })
})
