import * as A from "@automerge/automerge"
import type { DocumentId, Message, PeerId } from "@automerge/automerge-repo/slim"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { createAckHold, isAcknowledgement } from "./ackHold"

type Doc = { title: string; n: number }

const RELAY = "relay" as PeerId
const ME = "me" as PeerId

function syncMessage(documentId: string, data: Uint8Array, senderId = RELAY): Message {
  return { type: "sync", senderId, targetId: ME, documentId: documentId as DocumentId, data }
}

/**
 * A client and a relay copy of one document, with their sync states, after the opening
 * exchange (the first messages carry no changes: each side learns what the other has).
 */
function pair() {
  const base = A.change(A.init<Doc>(), (d) => {
    d.title = "start"
    d.n = 0
  })
  const peers = {
    client: A.clone(base, { actor: "aa".repeat(16) }),
    relay: A.clone(base, { actor: "bb".repeat(16) }),
    clientState: A.initSyncState(),
    relayState: A.initSyncState(),
  }
  for (let round = 0; round < 5; round++) {
    const [cs, toRelay] = A.generateSyncMessage(peers.client, peers.clientState)
    peers.clientState = cs
    if (toRelay !== null)
      [peers.relay, peers.relayState] = A.receiveSyncMessage(peers.relay, peers.relayState, toRelay)
    const [rs, toClient] = A.generateSyncMessage(peers.relay, peers.relayState)
    peers.relayState = rs
    if (toClient !== null)
      [peers.client, peers.clientState] = A.receiveSyncMessage(
        peers.client,
        peers.clientState,
        toClient,
      )
  }
  return peers
}

describe("isAcknowledgement", () => {
  it("tells sync messages without changes from those with changes and from other messages", () => {
    const p = pair()
    p.client = A.change(p.client, (d) => {
      d.n = 1
    })
    const [s1, withChanges] = A.generateSyncMessage(p.client, p.clientState)
    p.clientState = s1
    expect(withChanges).not.toBeNull()
    ;[p.relay, p.relayState] = A.receiveSyncMessage(p.relay, p.relayState, withChanges!)
    const [, ack] = A.generateSyncMessage(p.relay, p.relayState)
    expect(isAcknowledgement(syncMessage("d", ack!))).toBe(true)
    expect(isAcknowledgement(syncMessage("d", withChanges!))).toBe(false)
    expect(isAcknowledgement(syncMessage("d", new Uint8Array([1, 2, 3])))).toBe(false)
    const other = { type: "doc-unavailable", senderId: RELAY, targetId: ME, documentId: "d" }
    expect(isAcknowledgement(other as Message)).toBe(false)
  })
})

describe("createAckHold", () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  /** Acknowledgement-shaped messages: real sync messages without changes. */
  function acks(count: number): Uint8Array[] {
    const p = pair()
    const out: Uint8Array[] = []
    for (let i = 0; i < count; i++) {
      p.client = A.change(p.client, (d) => {
        d.n = i + 1
      })
      const [cs, m] = A.generateSyncMessage(p.client, p.clientState)
      p.clientState = cs
      ;[p.relay, p.relayState] = A.receiveSyncMessage(p.relay, p.relayState, m!)
      const [rs, ack] = A.generateSyncMessage(p.relay, p.relayState)
      p.relayState = rs
      out.push(ack!)
    }
    return out
  }

  it("hands acknowledgements on at once when the person is not busy", () => {
    const delivered: Message[] = []
    const hold = createAckHold({ busy: () => false, deliver: (m) => delivered.push(m) })
    const [a] = acks(1)
    hold.receive(syncMessage("d", a!))
    expect(delivered).toHaveLength(1)
  })

  it("while busy keeps only the newest acknowledgement per document and hands it on after a pause", () => {
    let busy = true
    const delivered: Message[] = []
    const hold = createAckHold({
      busy: () => busy,
      deliver: (m) => delivered.push(m),
      quietMs: 100,
    })
    const list = acks(3)
    hold.receive(syncMessage("d1", list[0]!))
    hold.receive(syncMessage("d2", list[0]!))
    // The first message for each document is the opening exchange: never held.
    expect(delivered).toHaveLength(2)
    delivered.length = 0
    for (const a of list) hold.receive(syncMessage("d1", a))
    hold.receive(syncMessage("d2", list[1]!))
    vi.advanceTimersByTime(1_000)
    expect(delivered).toHaveLength(0)
    busy = false
    vi.advanceTimersByTime(100)
    expect(delivered.map((m) => [m.documentId, (m as { data: Uint8Array }).data])).toEqual([
      ["d1", list[2]],
      ["d2", list[1]],
    ])
  })

  it("releases a held acknowledgement before the next message for that document, in order", () => {
    const delivered: Message[] = []
    const hold = createAckHold({ busy: () => true, deliver: (m) => delivered.push(m) })
    const [a] = acks(1)
    hold.receive(syncMessage("d", a!))
    hold.receive(syncMessage("other", a!))
    delivered.length = 0
    hold.receive(syncMessage("d", a!))
    hold.receive(syncMessage("other", a!))
    expect(delivered).toHaveLength(0)
    const p = pair()
    p.client = A.change(p.client, (d) => {
      d.title = "remote edit"
    })
    const [, withChanges] = A.generateSyncMessage(p.client, p.clientState)
    hold.receive(syncMessage("d", withChanges!))
    expect(delivered.map((m) => (m as { data: Uint8Array }).data)).toEqual([a, withChanges])
    // The other document's acknowledgement is still held.
    hold.flush()
    expect(delivered.map((m) => m.documentId)).toEqual(["d", "d", "other"])
  })

  it("holds an acknowledgement no longer than maxHoldMs during a steady stream of input", () => {
    const delivered: Message[] = []
    const hold = createAckHold({
      busy: () => true,
      deliver: (m) => delivered.push(m),
      quietMs: 100,
      maxHoldMs: 1_000,
      now: () => Date.now(),
    })
    const list = acks(2)
    hold.receive(syncMessage("d", list[0]!)) // the opening message
    delivered.length = 0
    hold.receive(syncMessage("d", list[0]!))
    vi.advanceTimersByTime(500)
    hold.receive(syncMessage("d", list[1]!)) // replaces the first, keeps its age
    vi.advanceTimersByTime(400)
    expect(delivered).toHaveLength(0)
    vi.advanceTimersByTime(200)
    expect(delivered.map((m) => (m as { data: Uint8Array }).data)).toEqual([list[1]])
  })

  it("forgets what it holds when the relay goes away", () => {
    let busy = true
    const delivered: Message[] = []
    const hold = createAckHold({ busy: () => busy, deliver: (m) => delivered.push(m) })
    const [a] = acks(1)
    hold.receive(syncMessage("d", a!))
    hold.receive(syncMessage("d", a!))
    expect(delivered).toHaveLength(1)
    hold.drop()
    busy = false
    vi.advanceTimersByTime(10_000)
    expect(delivered).toHaveLength(1)
    // After reconnecting, the first message is again part of an opening exchange.
    busy = true
    hold.receive(syncMessage("d", a!))
    expect(delivered).toHaveLength(2)
  })
})

describe("holding acknowledgements during a burst of edits", () => {
  it("still leaves client and relay with the same document and nothing more to send", () => {
    vi.useFakeTimers()
    try {
      const p = pair()
      let busy = true
      let acksDelivered = 0
      const hold = createAckHold({
        busy: () => busy,
        quietMs: 50,
        deliver: (m) => {
          acksDelivered++
          ;[p.client, p.clientState] = A.receiveSyncMessage(
            p.client,
            p.clientState,
            (m as { data: Uint8Array }).data,
          )
        },
      })
      const toRelay = (): void => {
        const [cs, m] = A.generateSyncMessage(p.client, p.clientState)
        p.clientState = cs
        if (m === null) return
        ;[p.relay, p.relayState] = A.receiveSyncMessage(p.relay, p.relayState, m)
        const [rs, back] = A.generateSyncMessage(p.relay, p.relayState)
        p.relayState = rs
        if (back !== null) hold.receive(syncMessage("d", back))
      }
      // 40 keystrokes, each sent at once; the relay acknowledges every one, all but the first
      // (this connection's opening message for the document) held.
      for (let i = 0; i < 40; i++) {
        p.client = A.change(p.client, (d) => {
          A.splice(d, ["title"], d.title.length, 0, String(i % 10))
          d.n = i
        })
        toRelay()
        expect(A.getHeads(p.relay)).toEqual(A.getHeads(p.client))
      }
      // Only the opening acknowledgement reached the client while it was busy.
      expect(acksDelivered).toBe(1)
      // A concurrent edit on the relay's side while acknowledgements are held.
      p.relay = A.change(p.relay, (d) => {
        d.n = 1000
      })
      const [rs, remote] = A.generateSyncMessage(p.relay, p.relayState)
      p.relayState = rs
      hold.receive(syncMessage("d", remote!))
      busy = false
      vi.advanceTimersByTime(100)
      for (let round = 0; round < 10; round++) toRelay()
      expect(p.client).toEqual(p.relay)
      expect(A.getHeads(p.client)).toEqual(A.getHeads(p.relay))
      expect(p.client.title).toBe("start" + "0123456789".repeat(4))
      expect(A.generateSyncMessage(p.client, p.clientState)[1]).toBeNull()
      expect(A.generateSyncMessage(p.relay, p.relayState)[1]).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })
})
