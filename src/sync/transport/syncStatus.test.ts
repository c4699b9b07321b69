import { afterEach, describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { AddressInfo } from "node:net"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { WebSocket, WebSocketServer } from "ws"
import { RelayClientAdapter } from "./RelayClientAdapter"
import type { WebSocketLike } from "./RelayClientAdapter"
import {
  RELAY_REACHED_KEY,
  countUnsynced,
  recordRelayReached,
  storageHeadsMemory,
  unsyncedCounter,
  watchSyncStatus,
} from "./syncStatus"
import type { SyncStatus } from "./syncStatus"

function memoryStorage(): Pick<Storage, "getItem" | "setItem"> {
  const map = new Map<string, string>()
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) }
}

describe("countUnsynced", () => {
  it("counts the changes the relay's heads do not include", () => {
    let relay = A.from({ n: 0 })
    let local = A.clone(relay)
    expect(countUnsynced(local, A.getHeads(relay))).toBe(0)
    local = A.change(local, (d) => void (d.n = 1))
    local = A.change(local, (d) => void (d.n = 2))
    expect(countUnsynced(local, A.getHeads(relay))).toBe(2)
    // The relay got something from someone else that this device does not have yet: the
    // count cannot be told from those heads (the caller falls back to older ones).
    relay = A.change(relay, (d) => void (d.n = 9))
    expect(countUnsynced(local, A.getHeads(relay))).toBeNull()
    relay = A.merge(relay, local)
    local = A.merge(local, relay)
    expect(countUnsynced(local, A.getHeads(relay))).toBe(0)
  })

  it("is unknown without relay heads, and counts everything when the relay has nothing", () => {
    const doc = A.change(A.from({ n: 0 }), (d) => void (d.n = 1))
    expect(countUnsynced(doc, null)).toBeNull()
    expect(countUnsynced(doc, [])).toBe(2)
  })
})

describe("unsyncedCounter", () => {
  it("gives countUnsynced's count through local edits, merges and relay progress", () => {
    // Three peers: this device, the relay, and a teammate who syncs with the relay.
    let local = A.from<{ n: number; log: number[] }>({ n: 0, log: [] })
    let relay = A.clone(local)
    let mate = A.clone(local)
    const count = unsyncedCounter()
    let seed = 7
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const seen = new Set<number | null>()
    for (let step = 0; step < 300; step++) {
      const r = rand()
      if (r < 0.45) local = A.change(local, (d) => void d.log.push(step))
      else if (r < 0.6) mate = A.change(mate, (d) => void (d.n = step))
      else if (r < 0.7)
        relay = A.merge(relay, local) // the relay receives this device's edits
      else if (r < 0.8) relay = A.merge(relay, mate)
      else if (r < 0.9)
        local = A.merge(local, relay) // this device receives the relay's
      else mate = A.merge(mate, relay)
      const heads = rand() < 0.1 ? null : A.getHeads(relay)
      const expected = countUnsynced(local, heads)
      expect(count(local, heads)).toBe(expected)
      seen.add(expected === null ? null : Math.min(expected, 2))
    }
    // The walk went through every kind of answer: unknown, nothing unsynced, some unsynced.
    expect(seen).toEqual(new Set([null, 0, 1, 2]))
  })
})

describe("storageHeadsMemory", () => {
  it("survives corrupt entries", () => {
    const storage = memoryStorage()
    const memory = storageHeadsMemory(storage)
    storage.setItem("baton.relayHeads.x", "{not json")
    expect(memory.get("x")).toBeNull()
    storage.setItem("baton.relayHeads.x", JSON.stringify([1, 2]))
    expect(memory.get("x")).toBeNull()
    memory.set("x", ["abc"])
    expect(memory.get("x")).toEqual(["abc"])
  })
})

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

describe("watchSyncStatus against a relay with storage", () => {
  it("says saved only once the relay holds every local change, and counts what it lacks", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-status-"))
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" })
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()))
    const server = new Repo({
      network: [new WebSocketServerAdapter(wss as never)],
      storage: new NodeFSStorageAdapter(dataDir),
      sharePolicy: async () => false,
    })
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
    const relay = new RelayClientAdapter({
      url,
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

    const handle = repo.create<{ n: number }>({ n: 0 })
    const statuses: SyncStatus[] = []
    const stop = watchSyncStatus(
      { repo, relay, handle, storage: memoryStorage(), throttleMs: 10 },
      (s) => statuses.push(s),
    )
    cleanups.push(async () => stop())
    await until(() => statuses.at(-1)?.kind === "saved", "saved")

    // Relay goes away: local edits are counted, never reported as saved.
    for (const c of wss.clients) c.terminate()
    await new Promise<void>((r) => wss.close(() => r()))
    await until(() => relay.state !== "connected", "disconnect")
    handle.change((d) => void (d.n = 1))
    handle.change((d) => void (d.n = 2))
    await until(() => {
      const s = statuses.at(-1)
      return s !== undefined && s.kind !== "saved" && "unsynced" in s && s.unsynced === 2
    }, "two unsynced changes")
    expect(statuses.at(-1)?.kind).toMatch(/offline|connecting/)
  })
})

/** A relay connection that never connects, as when the relay is down or the device offline. */
function unreachableRelay(state: "connecting" | "offline", downSince: number) {
  const listeners = new Set<(s: "offline" | "connecting" | "connected") => void>()
  return {
    state,
    remotePeerId: undefined,
    downSince,
    onStateChange(l: (s: "offline" | "connecting" | "connected") => void): () => void {
      listeners.add(l)
      return () => void listeners.delete(l)
    },
  }
}

describe("a relay out of reach", () => {
  it("says connecting at first, then since when the relay cannot be reached, with the count kept here", async () => {
    const repo = new Repo({ network: [] })
    cleanups.push(() => repo.shutdown())
    const handle = repo.create<{ n: number }>({ n: 0 })
    const storage = memoryStorage()
    storageHeadsMemory(storage).set(handle.documentId, A.getHeads(handle.doc()))
    handle.change((d) => void (d.n = 1))
    const t0 = Date.now()
    const statuses: SyncStatus[] = []
    const stop = watchSyncStatus(
      {
        repo,
        relay: unreachableRelay("connecting", t0),
        handle,
        storage,
        throttleMs: 10,
        unreachableAfterMs: 150,
      },
      (s) => statuses.push(s),
    )
    cleanups.push(async () => stop())
    expect(statuses).toEqual([{ kind: "connecting", unsynced: 1 }])
    // No change happens meanwhile: the status moves by itself once the time has passed.
    await until(() => statuses.length === 2, "unreachable")
    expect(statuses[1]).toEqual({
      kind: "unreachable",
      since: new Date(t0).toISOString(),
      unsynced: 1,
    })
    handle.change((d) => void (d.n = 2))
    await until(() => statuses.length === 3, "the new count")
    expect(statuses[2]).toMatchObject({ kind: "unreachable", unsynced: 2 })
  })

  it("gives the time another tab last reached the relay, when that was earlier", async () => {
    const repo = new Repo({ network: [] })
    cleanups.push(() => repo.shutdown())
    const handle = repo.create<{ n: number }>({ n: 0 })
    const storage = memoryStorage()
    // Another tab's connection: up, then lost at `lost`.
    const lost = Date.now() - 60_000
    let clock = lost - 3_600_000
    const other = unreachableRelay("connecting", 0) as ReturnType<typeof unreachableRelay> & {
      state: "offline" | "connecting" | "connected"
    }
    const listeners: ((s: "offline" | "connecting" | "connected") => void)[] = []
    other.onStateChange = (l) => {
      listeners.push(l)
      return () => undefined
    }
    recordRelayReached(other, storage, () => clock)
    for (const l of listeners) l("connected")
    clock = lost
    for (const l of listeners) l("offline")
    expect(storage.getItem(RELAY_REACHED_KEY)).toBe(String(lost))

    // This tab opened later, offline from the start.
    const statuses: SyncStatus[] = []
    const stop = watchSyncStatus(
      { repo, relay: unreachableRelay("offline", Date.now() - 20_000), handle, storage },
      (s) => statuses.push(s),
    )
    cleanups.push(async () => stop())
    expect(statuses.at(-1)).toMatchObject({
      kind: "unreachable",
      since: new Date(lost).toISOString(),
    })
  })
})
