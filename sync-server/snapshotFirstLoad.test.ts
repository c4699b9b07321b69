/**
 * Snapshot first load over a real WebSocket to the real relay: a fresh device gets a board as
 * one snapshot, then live edits through normal sync; damaged or missing snapshots fall back to
 * the normal protocol; a board the device may not read is never sent.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocHandle } from "@automerge/automerge-repo"
import { afterEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { createStockRelay } from "./stockRelay"
import {
  closeRepos,
  clientRepo,
  sameHeads,
  syncUrl,
  waitFor,
  waitUntilRelayHas,
} from "./testHelpers"
import { RelayClientAdapter } from "../src/sync/transport/RelayClientAdapter"
import type { WebSocketLike } from "../src/sync/transport/RelayClientAdapter"
import { TestPeer, hashOf, newDevice, newSecret } from "./auth/testPeer"
import type { Frame } from "./auth/testPeer"
import { firstLoadFromSnapshot, isIntactDocumentChunk } from "../src/sync/snapshotFirstLoad"
import type { SnapshotSource } from "../src/sync/snapshotFirstLoad"

interface Board {
  cards: Record<string, { title: string }>
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function startRelay(): Promise<Relay> {
  const dir = await mkdtemp(join(tmpdir(), "baton-snapshot-"))
  const relay = await createRelay({ dataDir: dir, logLevel: "error" })
  cleanups.push(async () => {
    await relay.close()
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
  })
  return relay
}

/** A fresh device: an empty repo with Baton's relay adapter. */
function freshDevice(relay: { url: string }): { repo: Repo; adapter: RelayClientAdapter } {
  const adapter = new RelayClientAdapter({
    url: syncUrl(relay.url),
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    backoff: { initialMs: 20, maxMs: 200 },
  })
  const repo = new Repo({ network: [adapter], enableRemoteHeadsGossiping: true })
  cleanups.push(() => closeRepos(repo))
  return { repo, adapter }
}

/** A board with history: `cards` cards, each edited `edits` times, on the relay. */
async function boardOnRelay(relay: { url: string }, cards: number, edits: number) {
  const author = clientRepo(relay.url)
  cleanups.push(() => closeRepos(author))
  const handle = author.create<Board>({ cards: {} })
  for (let e = 0; e < edits; e++)
    for (let i = 0; i < cards; i++)
      handle.change((d) => {
        d.cards[`c${i}`] = { title: `card ${i} v${e}` }
      })
  await waitUntilRelayHas(author, handle)
  return { author, handle }
}

async function connected(adapter: RelayClientAdapter): Promise<void> {
  await waitFor(() => adapter.state === "connected", "relay connection")
}

async function equalHeads(a: DocHandle<Board>, b: DocHandle<Board>): Promise<void> {
  await waitFor(() => sameHeads(A.getHeads(a.doc()), A.getHeads(b.doc())), "equal heads")
}

describe("snapshot first load", () => {
  it("brings a board to a fresh device as one snapshot, then live edits both ways", async () => {
    const relay = await startRelay()
    const { handle } = await boardOnRelay(relay, 20, 5)
    const { repo, adapter } = freshDevice(relay)
    await connected(adapter)
    const sent: string[] = []
    const send = adapter.send.bind(adapter)
    adapter.send = (m) => {
      sent.push(m.type)
      send(m)
    }
    expect(await firstLoadFromSnapshot(repo, adapter, handle.documentId)).toBe(true)
    // The document is there before any sync message was exchanged.
    expect(sent).toEqual(["baton-snapshot-request"])
    const mine = await repo.find<Board>(handle.documentId)
    expect(mine.doc().cards.c7?.title).toBe("card 7 v4")
    expect(sameHeads(A.getHeads(mine.doc()), A.getHeads(handle.doc()))).toBe(true)

    mine.change((d) => {
      d.cards.c1!.title = "from the new device"
    })
    handle.change((d) => {
      d.cards.c2!.title = "from the author"
    })
    await equalHeads(mine, handle)
    expect(handle.doc().cards.c1?.title).toBe("from the new device")
    expect(mine.doc().cards.c2?.title).toBe("from the author")
    expect(mine.doc()).toEqual(handle.doc())
  })

  it("catches up on edits made while the snapshot was on its way", async () => {
    const relay = await startRelay()
    const { handle } = await boardOnRelay(relay, 50, 4)
    const { repo, adapter } = freshDevice(relay)
    await connected(adapter)
    const loading = firstLoadFromSnapshot(repo, adapter, handle.documentId)
    for (let i = 0; i < 10; i++)
      handle.change((d) => {
        d.cards[`c${i}`]!.title = `moved on ${i}`
      })
    expect(await loading).toBe(true)
    const mine = await repo.find<Board>(handle.documentId)
    await equalHeads(mine, handle)
    expect(mine.doc()).toEqual(handle.doc())
    expect(mine.doc().cards.c9?.title).toBe("moved on 9")
  })

  it.each([
    ["truncated", (b: Uint8Array) => b.subarray(0, Math.floor(b.length / 2))],
    ["damaged", (b: Uint8Array) => b.map((x, i) => (i === b.length - 5 ? x ^ 0xff : x))],
    ["empty", () => new Uint8Array(0)],
    ["not automerge", () => new TextEncoder().encode("<html>not a board</html>")],
  ])("falls back to the normal protocol on a %s snapshot", async (_, spoil) => {
    const relay = await startRelay()
    const { handle } = await boardOnRelay(relay, 10, 3)
    const { repo, adapter } = freshDevice(relay)
    await connected(adapter)
    const spoiled: SnapshotSource = {
      requestSnapshot: async (id) => {
        const bytes = await adapter.requestSnapshot(id)
        return bytes === null ? null : spoil(bytes)
      },
    }
    expect(await firstLoadFromSnapshot(repo, spoiled, handle.documentId)).toBe(false)
    expect(repo.handles[handle.documentId]).toBeUndefined()
    const mine = await repo.find<Board>(handle.documentId)
    await equalHeads(mine, handle)
    expect(mine.doc()).toEqual(handle.doc())
  })

  it("never asks a stock automerge-repo relay, and finds the board through sync there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-snapshot-stock-"))
    const stock = await createStockRelay({ dataDir: dir })
    cleanups.push(async () => {
      await stock.close()
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
    })
    const { handle } = await boardOnRelay(stock, 5, 2)
    const { repo, adapter } = freshDevice(stock)
    await connected(adapter)
    const sent: string[] = []
    const send = adapter.send.bind(adapter)
    adapter.send = (m) => {
      sent.push(m.type)
      send(m)
    }
    expect(await firstLoadFromSnapshot(repo, adapter, handle.documentId)).toBe(false)
    expect(sent).toEqual([])
    const mine = await repo.find<Board>(handle.documentId)
    await equalHeads(mine, handle)
  })

  it("recognises intact and spoiled chunks", async () => {
    const bytes = A.save(A.from({ a: 1 }))
    expect(await isIntactDocumentChunk(bytes)).toBe(true)
    expect(await isIntactDocumentChunk(bytes.subarray(0, bytes.length - 1))).toBe(false)
    const flipped = bytes.slice()
    flipped[12] = flipped[12]! ^ 1
    expect(await isIntactDocumentChunk(flipped)).toBe(false)
  })

  it("answers a board the relay does not have without a snapshot, and the device waits for sync", async () => {
    const relay = await startRelay()
    const { repo, adapter } = freshDevice(relay)
    await connected(adapter)
    const unknown = new Repo({}).create({}).documentId
    expect(await adapter.requestSnapshot(unknown)).toBeNull()
    expect(await firstLoadFromSnapshot(repo, adapter, unknown)).toBe(false)
  })

  it("makes one snapshot for many requests (no save per request)", async () => {
    const relay = await startRelay()
    const { handle } = await boardOnRelay(relay, 10, 2)
    const sizes: number[] = []
    for (let i = 0; i < 3; i++) {
      const { adapter } = freshDevice(relay)
      await connected(adapter)
      const bytes = await adapter.requestSnapshot(handle.documentId)
      sizes.push(bytes?.length ?? 0)
    }
    expect(sizes[0]).toBeGreaterThan(0)
    expect(new Set(sizes).size).toBe(1)
    const metrics = await (await fetch(`${relay.url}/metrics`)).text()
    expect(metrics).toMatch(/baton_relay_snapshots_sent_total 3/)
  })
})

describe("snapshot requests from a hostile peer", () => {
  async function peer(relay: Relay): Promise<TestPeer> {
    const p = new TestPeer(relay.url)
    cleanups.push(async () => p.close())
    await p.join()
    return p
  }
  const request = (p: TestPeer, documentId: string, extra: Frame = {}): void =>
    p.send({ ...p.frame(documentId, { type: "baton-snapshot-request" }), ...extra })
  const answer = (p: TestPeer, documentId: string): Promise<Frame> =>
    p.next(0, (m) => m.type === "baton-snapshot" && m.documentId === documentId, "snapshot answer")

  it("offers snapshots in its peer frame", async () => {
    const relay = await startRelay()
    const p = await peer(relay)
    expect(p.received.find((m) => m.type === "peer")?.batonSnapshots).toBe(true)
  })

  it("closes the connection on a malformed snapshot request", async () => {
    const relay = await startRelay()
    const p = await peer(relay)
    request(p, "../../etc/passwd")
    expect((await p.closed).code).toBe(1007)
  })

  it("closes the connection on a request that claims another sender", async () => {
    const relay = await startRelay()
    const p = await peer(relay)
    request(p, new Repo({}).create({}).documentId, { senderId: "someone-else" })
    expect((await p.closed).code).toBe(1008)
  })

  it("gives a claimed board only to a peer with a grant, and to others the answer for no board", async () => {
    const relay = await startRelay()
    const { handle } = await boardOnRelay(relay, 5, 1)
    const id = handle.documentId
    const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
    const owner = await peer(relay)
    const claim = {
      edit: hashOf(links.edit),
      comment: hashOf(links.comment),
      view: hashOf(links.view),
    }
    expect(await owner.authenticate(id, await newDevice(), { claim })).toMatchObject({
      step: "granted",
    })

    const stranger = await peer(relay)
    request(stranger, id)
    const refused = await answer(stranger, id)
    expect(refused.data).toBeUndefined()
    // Exactly what a board the relay does not have gets.
    const missing = new Repo({}).create({}).documentId
    request(stranger, missing)
    const none = await answer(stranger, missing)
    expect(Object.keys(refused).sort()).toEqual(Object.keys(none).sort())

    const viewer = await peer(relay)
    expect(await viewer.authenticate(id, await newDevice(), { link: links.view })).toMatchObject({
      step: "granted",
    })
    request(viewer, id)
    const given = await answer(viewer, id)
    expect(given.data).toBeInstanceOf(Uint8Array)
    expect(A.load<Board>(new Uint8Array(given.data as Uint8Array)).cards.c3?.title).toBe(
      "card 3 v0",
    )
  })
})
