/**
 * Hostile input: every kind of bad frame closes only the offending connection, with a close
 * code and a reason, and a well-behaved pair of clients keeps syncing through the relay.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { generateSyncMessage, initSyncState, from as amFrom } from "@automerge/automerge"
import { WebSocket } from "ws"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { clientRepo, closeRepos, syncUrl, waitFor, waitUntilRelayHas } from "./testHelpers"
import { hostileRelayTarget } from "./postgres/hostileRelayTarget"

let dir: string
let relay: Relay
const logLines: Record<string, unknown>[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-hostile-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    ...hostileRelayTarget,
    staticDir: null,
    logLevel: "warn",
    log: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
    maxFrameBytes: 64 * 1024,
    maxMessagesPerSecond: 100,
    messageBurst: 200,
  })
})

afterAll(async () => {
  await relay.close()
  await rm(dir, { recursive: true, force: true })
})

/** A raw WebSocket to /sync that records what the relay sends and how it closes. */
class RawPeer {
  ws: WebSocket
  received: Record<string, unknown>[] = []
  closed: Promise<{ code: number; reason: string }>
  opened: Promise<void>
  constructor() {
    this.ws = new WebSocket(syncUrl(relay.url))
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve())
      this.ws.once("error", reject)
    })
    this.closed = new Promise((resolve) => {
      this.ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }))
    })
    this.ws.on("message", (data: Buffer) =>
      this.received.push(cbor.decode(new Uint8Array(data)) as Record<string, unknown>),
    )
  }
  sendCbor(value: unknown): void {
    this.ws.send(cbor.encode(value))
  }
  /** Joins as `peerId` and resolves with the relay's peer id. */
  async join(peerId: string): Promise<string> {
    await this.opened
    this.sendCbor({
      type: "join",
      senderId: peerId,
      peerMetadata: {},
      supportedProtocolVersions: ["1"],
    })
    await waitFor(() => this.received.some((m) => m.type === "peer"), "the relay's peer message")
    return this.received.find((m) => m.type === "peer")!.senderId as string
  }
}

/** A doc id valid for automerge-repo, for frames that must pass the id check. */
const validDocId = (): string => parseAutomergeUrl(generateAutomergeUrl()).documentId

/** A well-behaved pair still shares a document and a live edit through the relay. */
async function expectPairStillSyncs(): Promise<void> {
  const a = clientRepo(relay.url)
  const b = clientRepo(relay.url)
  try {
    const ha = a.create<{ n: number }>({ n: 1 })
    await waitUntilRelayHas(a, ha)
    const hb = await b.find<{ n: number }>(ha.url)
    expect(hb.doc().n).toBe(1)
    ha.change((d) => {
      d.n = 2
    })
    await waitFor(() => hb.doc().n === 2, "B to receive A's edit")
  } finally {
    await closeRepos(a, b)
  }
}

async function expectClosed(peer: RawPeer, code: number, reason: RegExp): Promise<void> {
  const closed = await peer.closed
  expect(closed.code).toBe(code)
  expect(closed.reason).toMatch(reason)
  const line = logLines.findLast((l) => l.msg === "connection closed")
  expect(line?.code).toBe(code)
  await expectPairStillSyncs()
}

const syncData = (): Uint8Array => generateSyncMessage(amFrom({ x: 1 }), initSyncState())[1]!

describe("hostile input", () => {
  it("closes on a text frame with 1003", async () => {
    const p = new RawPeer()
    await p.opened
    p.ws.send("hello")
    await expectClosed(p, 1003, /text frames/)
  })

  it("closes on bytes that are not CBOR with 1007", async () => {
    const p = new RawPeer()
    await p.opened
    p.ws.send(Buffer.from([0x1c, 0xff, 0xff]))
    await expectClosed(p, 1007, /not CBOR/)
  })

  for (const [name, value] of [
    ["null", null],
    ["an integer", 42],
    ["a string", "join"],
    ["an array", [{ type: "join", senderId: "x" }]],
  ] as const) {
    it(`closes on CBOR ${name} with 1007`, async () => {
      const p = new RawPeer()
      await p.opened
      p.sendCbor(value)
      await expectClosed(p, 1007, /not a message object/)
    })
  }

  it("closes on deeply nested CBOR with 1007, even nesting deep enough to overflow a decoder", async () => {
    let nested: Record<string, unknown> = { leaf: 1 }
    for (let i = 0; i < 50; i++) nested = { a: nested }
    const p = new RawPeer()
    await p.opened
    p.sendCbor({ type: "join", senderId: "deep", peerMetadata: nested })
    await expectClosed(p, 1007, /nested too deeply/)

    const abyss = new Uint8Array(60_000).fill(0x81) // 60,000 nested one-element arrays
    abyss[abyss.length - 1] = 0x01
    const q = new RawPeer()
    await q.opened
    q.ws.send(abyss)
    await expectClosed(q, 1007, /not CBOR|nested/)
  })

  it("closes on a join without a senderId, or with a mistyped one", async () => {
    const p = new RawPeer()
    await p.opened
    p.sendCbor({ type: "join", peerMetadata: {}, supportedProtocolVersions: ["1"] })
    await expectClosed(p, 1007, /senderId/)
    const q = new RawPeer()
    await q.opened
    q.sendCbor({ type: "join", senderId: 12, peerMetadata: {} })
    await expectClosed(q, 1007, /senderId/)
    const r = new RawPeer()
    await r.opened
    r.sendCbor({ type: "join", senderId: "ok", peerMetadata: { storageId: 5 } })
    await expectClosed(r, 1007, /storageId/)
    // Storage ids name files on the relay: a path in one must never get that far.
    const s = new RawPeer()
    await s.opened
    s.sendCbor({
      type: "join",
      senderId: "ok",
      peerMetadata: { storageId: "../../../../tmp/owned" },
    })
    await expectClosed(s, 1007, /storageId/)
  })

  it("closes on a message before join with 1008", async () => {
    const p = new RawPeer()
    await p.opened
    p.sendCbor({
      type: "sync",
      senderId: "x",
      targetId: "y",
      documentId: validDocId(),
      data: syncData(),
    })
    await expectClosed(p, 1008, /before join/)
  })

  it("closes on an unknown message type with 1008", async () => {
    const p = new RawPeer()
    const relayId = await p.join("curious")
    p.sendCbor({ type: "launch", senderId: "curious", targetId: relayId })
    await expectClosed(p, 1008, /unknown message type/)
  })

  it("closes on missing or mistyped fields with 1007", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: "sync", documentId: "DOC" }, /sync data missing/],
      [{ type: "sync", documentId: "DOC", data: "not bytes" }, /sync data missing/],
      [
        {
          type: "ephemeral",
          documentId: "DOC",
          data: cbor.encode({ a: 1 }),
          count: "1",
          sessionId: "s",
        },
        /count/,
      ],
      [{ type: "remote-subscription-change", add: "everything" }, /add is not a list/],
      [
        { type: "remote-heads-changed", documentId: "DOC", newHeads: { s: { heads: 1 } } },
        /newHeads/,
      ],
    ]
    for (const [fields, reason] of cases) {
      const p = new RawPeer()
      const relayId = await p.join("sloppy")
      const frame: Record<string, unknown> = { senderId: "sloppy", targetId: relayId, ...fields }
      if (frame.documentId === "DOC") frame.documentId = validDocId()
      p.sendCbor(frame)
      await expectClosed(p, 1007, reason)
    }
  })

  it("closes on a malformed document id with 1007", async () => {
    for (const documentId of ["not-a-document", "", 17, "automerge:xyz"]) {
      const p = new RawPeer()
      const relayId = await p.join("wrong-doc")
      p.sendCbor({
        type: "request",
        senderId: "wrong-doc",
        targetId: relayId,
        documentId,
        data: syncData(),
      })
      await expectClosed(p, 1007, /malformed documentId/)
    }
  })

  it("closes on sync data Automerge cannot decode with 1007", async () => {
    const p = new RawPeer()
    const relayId = await p.join("garbled")
    p.sendCbor({
      type: "sync",
      senderId: "garbled",
      targetId: relayId,
      documentId: validDocId(),
      data: Uint8Array.from([0x42, 1, 2, 3]),
    })
    await expectClosed(p, 1007, /undecodable sync data/)
  })

  it("closes on a frame over the size limit with 1009", async () => {
    const p = new RawPeer()
    await p.opened
    p.ws.send(new Uint8Array(100 * 1024))
    const closed = await p.closed
    expect(closed.code).toBe(1009)
    await expectPairStillSyncs()
  })

  it("closes a flooding connection with 1008", async () => {
    const p = new RawPeer()
    const relayId = await p.join("flood")
    for (let i = 0; i < 1000 && p.ws.readyState === WebSocket.OPEN; i++) {
      p.sendCbor({
        type: "remote-subscription-change",
        senderId: "flood",
        targetId: relayId,
        add: [],
      })
    }
    await expectClosed(p, 1008, /rate limit/)
  })

  it("closes a connection that speaks for another peer with 1008", async () => {
    const p = new RawPeer()
    const relayId = await p.join("honest")
    p.sendCbor({
      type: "request",
      senderId: "someone-else",
      targetId: relayId,
      documentId: validDocId(),
      data: syncData(),
    })
    await expectClosed(p, 1008, /senderId/)
  })

  it("does not let a second peer take over a connected peer's id", async () => {
    const a = clientRepo(relay.url)
    const victim = clientRepo(relay.url, { peerId: "victim" })
    try {
      const ha = a.create<{ n: number }>({ n: 1 })
      await waitUntilRelayHas(a, ha)
      const hv = await victim.find<{ n: number }>(ha.url)

      const impostor = new RawPeer()
      await impostor.join("victim")
      ha.change((d) => {
        d.n = 2
      })
      // The victim keeps its connection and its updates...
      await waitFor(() => hv.doc().n === 2, "the victim to keep receiving edits")
      hv.change((d) => {
        d.n = 3
      })
      await waitFor(() => ha.doc().n === 3, "A to receive the victim's edit")
      // ...and the impostor received nothing meant for the victim.
      expect(impostor.received.filter((m) => m.documentId === ha.documentId)).toEqual([])
      expect(impostor.ws.readyState).toBe(WebSocket.OPEN)
      impostor.ws.close()
    } finally {
      await closeRepos(a, victim)
    }
  })

  it("counts rejected frames by reason in /metrics, and stays healthy", async () => {
    const text = await (await fetch(relay.url + "/metrics")).text()
    for (const reason of [
      "text-frame",
      "not-cbor",
      "not-object",
      "before-join",
      "unknown-type",
      "flood",
      "too-big",
    ]) {
      expect(text).toMatch(
        new RegExp(`baton_relay_rejected_frames_total\\{reason="${reason}"\\} [1-9]`),
      )
    }
    const health = (await (await fetch(relay.url + "/healthz")).json()) as { status: string }
    expect(health.status).toBe("ok")
  })
})
