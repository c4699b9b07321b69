/**
 * Pacing of sync messages to a peer that has not answered yet (RelayNetworkAdapter): driven
 * with a fake socket, so what the peer receives, and when, is exact.
 */
import { EventEmitter } from "node:events"
import * as A from "@automerge/automerge"
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { Message, PeerId } from "@automerge/automerge-repo"
import type { WebSocket } from "ws"
import { afterEach, describe, expect, it } from "vitest"
import { createLogger } from "./log"
import { RelayMetrics } from "./metrics"
import { RelayNetworkAdapter, SYNC_HOLD_MS } from "./RelayNetworkAdapter"

class FakeSocket extends EventEmitter {
  sent: Record<string, unknown>[] = []
  send(bytes: Uint8Array): void {
    this.sent.push(cbor.decode(bytes) as Record<string, unknown>)
  }
  close(): void {
    this.emit("close")
  }
  terminate(): void {
    this.emit("close")
  }
  /** A frame from the peer. */
  receive(message: Record<string, unknown>): void {
    this.emit("message", Buffer.from(cbor.encode(message)), true)
  }
}

const RELAY = "relay" as PeerId
const PEER = "peer" as PeerId
const adapters: RelayNetworkAdapter[] = []
afterEach(() => {
  for (const a of adapters.splice(0)) a.disconnect()
})

function setup(): { adapter: RelayNetworkAdapter; socket: FakeSocket; metrics: RelayMetrics } {
  const metrics = new RelayMetrics()
  const adapter = new RelayNetworkAdapter(
    {
      messagesPerSecond: 1000,
      messageBurst: 1000,
      documentsPerConnection: 100,
      keepAliveMs: 60_000,
    },
    createLogger("silent"),
    metrics,
  )
  adapters.push(adapter)
  adapter.connect(RELAY)
  const socket = new FakeSocket()
  adapter.accept(socket as unknown as WebSocket, "test")
  socket.receive({ type: "join", senderId: PEER, supportedProtocolVersions: ["1"] })
  expect(socket.sent.at(-1)?.type).toBe("peer")
  socket.sent.length = 0
  return { adapter, socket, metrics }
}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Both ends of one document: the relay's copy (which the adapter's messages come from) and
 * the peer's, which takes in what the fake socket received and answers through it.
 */
function pair(socket: FakeSocket, documentId: string) {
  let relay = A.from<Record<string, number>>({})
  let relayState = A.initSyncState()
  let peer = A.init<Record<string, number>>()
  let peerState = A.initSyncState()
  let seen = 0
  let n = 0
  return {
    /** A change on the relay's copy, and the sync message the relay would send for it. */
    change(key: string): Uint8Array | null {
      relay = A.change(relay, (d) => {
        d[key] = ++n
      })
      const [s, m] = A.generateSyncMessage(relay, relayState)
      relayState = s
      return m
    },
    /** The peer takes in everything it was sent since last time. */
    take(): void {
      for (const m of socket.sent.slice(seen))
        if (m.type === "sync")
          [peer, peerState] = A.receiveSyncMessage(peer, peerState, m.data as Uint8Array)
      seen = socket.sent.length
    },
    /** The peer answers (through the socket) and the relay's copy takes the answer in. */
    answer(): void {
      const [s, m] = A.generateSyncMessage(peer, peerState)
      peerState = s
      if (m === null) return
      ;[relay, relayState] = A.receiveSyncMessage(relay, relayState, m)
      socket.receive({ type: "sync", senderId: PEER, targetId: RELAY, documentId, data: m })
    },
    peerKeys: (): string[] => Object.keys(peer).sort(),
  }
}

/** Opens the exchange: after it the relay's changes travel in its sync messages. */
async function open(adapter: RelayNetworkAdapter, p: ReturnType<typeof pair>, documentId: string) {
  const first = p.change("a")
  if (first) adapter.send(syncMessage(documentId, first))
  await tick()
  p.take()
  p.answer()
  const second = p.change("b")
  if (second) adapter.send(syncMessage(documentId, second))
  await tick()
  p.take()
  p.answer()
  await tick()
  p.take()
  expect(p.peerKeys()).toEqual(["a", "b"])
}

function syncMessage(documentId: string, data: Uint8Array): Message {
  return { type: "sync", senderId: RELAY, targetId: PEER, documentId, data } as Message
}

describe("sync pacing", () => {
  it("sends at once to a peer that answered, and merges a burst for one that has not", async () => {
    const { adapter, socket, metrics } = setup()
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const p = pair(socket, documentId)
    await open(adapter, p, documentId)
    // An edit to a peer that has answered everything goes out at once.
    const before = socket.sent.length
    adapter.send(syncMessage(documentId, p.change("c")!))
    await tick()
    expect(socket.sent.length).toBe(before + 1)
    // It has not answered that one yet: the next three edits wait, merged into one message.
    adapter.send(syncMessage(documentId, p.change("d")!))
    adapter.send(syncMessage(documentId, p.change("e")!))
    adapter.send(syncMessage(documentId, p.change("f")!))
    await tick()
    expect(socket.sent.length).toBe(before + 1)
    // It answers: the held edits go out at once, as one message carrying all three.
    p.take()
    p.answer()
    await tick()
    expect(socket.sent.length).toBe(before + 2)
    const merged = socket.sent.at(-1)!.data as Uint8Array
    expect(A.decodeSyncMessage(merged).changes.length).toBe(3)
    expect(metrics.syncMessagesMerged).toBe(2)
    p.take()
    expect(p.peerKeys()).toEqual(["a", "b", "c", "d", "e", "f"])
  })

  it("sends what it held after SYNC_HOLD_MS when the peer never answers", async () => {
    const { adapter, socket } = setup()
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const p = pair(socket, documentId)
    await open(adapter, p, documentId)
    const before = socket.sent.length
    adapter.send(syncMessage(documentId, p.change("c")!))
    adapter.send(syncMessage(documentId, p.change("d")!))
    await tick()
    expect(socket.sent.length).toBe(before + 1)
    await tick(SYNC_HOLD_MS * 2)
    expect(socket.sent.length).toBe(before + 2)
    p.take()
    expect(p.peerKeys()).toEqual(["a", "b", "c", "d"])
  })

  it("keeps other messages about the document after the held sync message", async () => {
    const { adapter, socket } = setup()
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const p = pair(socket, documentId)
    await open(adapter, p, documentId)
    adapter.send(syncMessage(documentId, p.change("c")!))
    adapter.send(syncMessage(documentId, p.change("d")!))
    adapter.send({
      type: "ephemeral",
      senderId: RELAY,
      targetId: PEER,
      documentId,
      sessionId: "s",
      count: 1,
      data: cbor.encode({ hello: 1 }),
    } as unknown as Message)
    await tick()
    // The held edit went out before the ephemeral message, not after the hold.
    const types = socket.sent.slice(-3).map((m) => m.type)
    expect(types).toEqual(["sync", "sync", "ephemeral"])
    p.take()
    expect(p.peerKeys()).toEqual(["a", "b", "c", "d"])
  })
})
