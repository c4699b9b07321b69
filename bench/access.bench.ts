/**
 * What access checks cost on the relay, both cases in one run, alternating:
 *
 * - propagation: 4 editors on one board, each edit made by one of them in turn every 25 ms;
 *   latency from the edit being sent until every other editor has applied it. Rounds
 *   alternate between a claimed board (all four authenticated as editors, every change
 *   checked for its actor) and an unclaimed one; p50/p99 over all rounds of each kind.
 * - opening: on a warm connection (joined, idle), the time from the first frame until the
 *   board's content is there, with the handshake (hello, proof, granted, then request) on a
 *   claimed board and without it (request only) on an unclaimed one; medians.
 * - memory: heap per registered device, registering devices through real proofs.
 */
import * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { createRelay } from "../sync-server/createRelay"
import { AccessControl } from "../sync-server/auth/AccessControl"
import type { AccessPeer } from "../sync-server/auth/AccessControl"
import { MemoryAuthStore } from "../sync-server/auth/AuthStore"
import { createLogger } from "../sync-server/log"
import { waitFor } from "../sync-server/testHelpers"
import { hashOf, newDevice, newSecret, sign, TestPeer } from "../sync-server/auth/testPeer"
import type { BenchResult } from "./types"

const EDITORS = 4
const EDITS_PER_ROUND = 160
const EDIT_EVERY_MS = 25
const ROUNDS = 4
const OPEN_TRIALS = 15
const MEMORY_DEVICES = 5000
const MEMORY_BOARDS = 20

const newDocId = (): string => parseAutomergeUrl(generateAutomergeUrl()).documentId
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round(sorted[Math.max(0, i)]! * 10) / 10
}
const median = (v: number[]): number => percentile(v, 50)

async function propagationRound(url: string, claimed: boolean): Promise<number[]> {
  const documentId = newDocId()
  const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
  const peers: TestPeer[] = []
  const first = await new TestPeer(url).join()
  peers.push(first)
  if (claimed)
    await first.authenticate(documentId, await newDevice(), {
      claim: { edit: hashOf(links.edit), comment: hashOf(links.comment), view: hashOf(links.view) },
    })
  first.open(documentId, A.from<Record<string, unknown>>({ n: 0 }))
  await sleep(300)
  for (let i = 1; i < EDITORS; i++) {
    const p = await new TestPeer(url).join()
    if (claimed) await p.authenticate(documentId, await newDevice(), { link: links.edit })
    p.open(documentId)
    peers.push(p)
  }
  await waitFor(
    () => peers.every((p) => p.doc(documentId).n === 0),
    "every editor to open it",
    20_000,
  )
  const sentAt = new Map<number, number>()
  const seen = new Map<number, Set<number>>()
  const latencies: number[] = []
  peers.forEach((p, who) => {
    p.onSynced = () => {
      const doc = p.doc(documentId)
      for (const [edit, at] of sentAt) {
        if (doc[`e${edit}`] === undefined) continue
        const set = seen.get(edit)!
        if (set.has(who)) continue
        set.add(who)
        if (set.size === EDITORS - 1) {
          latencies.push(performance.now() - at)
          sentAt.delete(edit)
        }
      }
    }
  })
  for (let i = 1; i <= EDITS_PER_ROUND; i++) {
    const author = peers[i % EDITORS]!
    // The author counts as having it; the others must receive it.
    seen.set(i, new Set([i % EDITORS]))
    sentAt.set(i, performance.now())
    // One key per edit: concurrent edits of one key would hide each other.
    author.change(documentId, (d) => {
      d[`e${i}`] = i
    })
    await sleep(EDIT_EVERY_MS)
  }
  await waitFor(() => sentAt.size === 0, "every edit to arrive", 20_000)
  for (const p of peers) p.close()
  return latencies
}

/**
 * One opening on a warm connection. `join`: a new device joining through the edit link (its
 * registration written to disk first); otherwise a device that joined before, proving its key.
 */
async function openTrial(
  url: string,
  documentId: string,
  kind: "unclaimed" | "member" | "join",
): Promise<number> {
  const device = await newDevice()
  if (kind === "member") {
    const prep = await new TestPeer(url).join()
    await prep.authenticate(documentId, device, { link: openLink })
    prep.close()
  }
  const p = await new TestPeer(url).join()
  await sleep(50)
  const started = performance.now()
  if (kind === "join") await p.authenticate(documentId, device, { link: openLink })
  if (kind === "member") await p.authenticate(documentId, device)
  p.open(documentId)
  await waitFor(() => p.doc(documentId).title === "Open me", "the board", 10_000)
  const took = performance.now() - started
  p.close()
  return took
}
let openLink = newSecret()

async function memoryPerDevice(): Promise<number> {
  setFlagsFromString("--expose-gc")
  const gc = runInNewContext("gc") as () => void
  const store = new MemoryAuthStore()
  const access = new AccessControl(store, createLogger("silent"))
  await access.start()
  let seq = 0
  const peerFor = (): AccessPeer & { last?: Record<string, unknown> } => {
    const peer: AccessPeer & { last?: Record<string, unknown> } = {
      seq: ++seq,
      remote: "bench",
      sendAuth: (_d, body) => (peer.last = body),
      sendUnavailable: () => undefined,
      close: () => undefined,
      hasDocument: () => false,
    }
    return peer
  }
  const boards: { id: string; link: Uint8Array }[] = []
  for (let b = 0; b < MEMORY_BOARDS; b++) {
    const id = newDocId()
    const link = newSecret()
    const owner = await newDevice()
    const peer = peerFor()
    await access.handle(peer, id, { step: "hello" })
    const nonce = peer.last!.nonce as Uint8Array
    await access.handle(peer, id, {
      step: "proof",
      nonce,
      publicKey: owner.publicKey,
      signature: await sign(owner, id, nonce),
      claim: { edit: hashOf(link), comment: hashOf(newSecret()), view: hashOf(newSecret()) },
    })
    access.forget(peer.seq)
    boards.push({ id, link })
  }
  const devices = await Promise.all(Array.from({ length: MEMORY_DEVICES }, () => newDevice()))
  const signed: {
    board: (typeof boards)[number]
    nonce: Uint8Array
    sig: Uint8Array
    peer: ReturnType<typeof peerFor>
  }[] = []
  for (let i = 0; i < MEMORY_DEVICES; i++) {
    const board = boards[i % MEMORY_BOARDS]!
    const peer = peerFor()
    await access.handle(peer, board.id, { step: "hello" })
    const nonce = peer.last!.nonce as Uint8Array
    signed.push({ board, nonce, peer, sig: await sign(devices[i]!, board.id, nonce) })
  }
  const settle = async (): Promise<number> => {
    for (let i = 0; i < 3; i++) {
      gc()
      await sleep(20)
    }
    return process.memoryUsage().heapUsed
  }
  for (let i = 0; i < MEMORY_DEVICES; i++) {
    const e = signed[i]!
    await access.handle(e.peer, e.board.id, {
      step: "proof",
      nonce: e.nonce,
      publicKey: devices[i]!.publicKey,
      signature: e.sig,
      link: e.board.link,
    })
    access.forget(e.peer.seq)
  }
  signed.length = 0
  if (access.counts.devices !== MEMORY_DEVICES + MEMORY_BOARDS)
    throw new Error("devices not registered")
  // What a relay holds for them: the state as loaded from its store (as after a restart),
  // measured apart from the garbage that signing and verifying leave behind.
  const before = await settle()
  const loaded = new AccessControl(store, createLogger("silent"))
  await loaded.start()
  const after = await settle()
  if (loaded.counts.devices !== MEMORY_DEVICES + MEMORY_BOARDS) throw new Error("not loaded")
  return Math.round((after - before) / MEMORY_DEVICES)
}

export default async function accessBench(): Promise<BenchResult[]> {
  // First, while nothing else runs in the process, so the heap moves only for the devices.
  const perDevice = await memoryPerDevice()
  const dataDir = await mkdtemp(join(tmpdir(), "baton-bench-access-"))
  const relay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
  try {
    const claimedLat: number[] = []
    const unclaimedLat: number[] = []
    // A warm-up round of each, not counted: the relay's WebAssembly is still being optimized.
    await propagationRound(relay.url, true)
    await propagationRound(relay.url, false)
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which goes first, so neither always runs on a warmer relay.
      const order = r % 2 === 0 ? [true, false] : [false, true]
      for (const claimed of order)
        (claimed ? claimedLat : unclaimedLat).push(...(await propagationRound(relay.url, claimed)))
    }
    const metricsBody = await (await fetch(`${relay.url}/metrics`)).text()
    const refused = metricsBody
      .split("\n")
      .filter((l) => l.startsWith("baton_relay_access_refusals_total") && !l.endsWith(" 0"))
    // Editors' edits must all pass the checks, or the comparison measures something else.
    if (refused.length > 0) throw new Error(`edits were refused: ${refused.join("; ")}`)
    const prop = `${EDITORS} editors (raw WebSocket peers in the bench process, Automerge sync by hand) on one board, one edit every ${EDIT_EVERY_MS} ms in turn, ${EDITS_PER_ROUND} edits per round, ${ROUNDS} rounds of each kind alternating after one warm-up round of each; latency until all ${EDITORS - 1} others applied it; relay in-process, durable forwarding`
    const c99 = percentile(claimedLat, 99)
    const u99 = percentile(unclaimedLat, 99)

    const claimedBoard = newDocId()
    const unclaimedBoard = newDocId()
    {
      const owner = await new TestPeer(relay.url).join()
      openLink = newSecret()
      await owner.authenticate(claimedBoard, await newDevice(), {
        claim: { edit: hashOf(openLink), comment: hashOf(newSecret()), view: hashOf(newSecret()) },
      })
      owner.open(claimedBoard, A.from<Record<string, unknown>>({ title: "Open me" }))
      owner.open(unclaimedBoard, A.from<Record<string, unknown>>({ title: "Open me" }))
      await sleep(500)
      owner.close()
    }
    const openMember: number[] = []
    const openJoin: number[] = []
    const openUnclaimed: number[] = []
    for (let i = 0; i < OPEN_TRIALS; i++) {
      openMember.push(await openTrial(relay.url, claimedBoard, "member"))
      openUnclaimed.push(await openTrial(relay.url, unclaimedBoard, "unclaimed"))
      openJoin.push(await openTrial(relay.url, claimedBoard, "join"))
    }
    const openWork = `open a board on a joined, idle connection until its content is there: a member device (hello, proof, granted, then request) or a new device joining through the edit link (its registration fsync'd) on a claimed board, vs request only on an unclaimed board; ${OPEN_TRIALS} trials each, interleaved; medians; raw WebSocket peer, relay in-process`
    const added = Math.round((median(openMember) - median(openUnclaimed)) * 10) / 10
    const addedJoin = Math.round((median(openJoin) - median(openUnclaimed)) * 10) / 10

    const memWork = `${MEMORY_DEVICES} devices joining ${MEMORY_BOARDS} claimed boards through real proofs (AccessControl with an in-memory store); the heap taken by that state once loaded by a relay (after gc), per device`
    return [
      {
        name: "propagation.claimed.p50",
        value: percentile(claimedLat, 50),
        unit: "ms",
        workload: prop,
      },
      { name: "propagation.claimed.p99", value: c99, unit: "ms", workload: prop },
      {
        name: "propagation.unclaimed.p50",
        value: percentile(unclaimedLat, 50),
        unit: "ms",
        workload: prop,
      },
      { name: "propagation.unclaimed.p99", value: u99, unit: "ms", workload: prop },
      {
        name: "propagation.p99_ratio_claimed_over_unclaimed",
        value: Math.round((c99 / u99) * 100) / 100,
        unit: "ratio",
        workload: prop + "; target <= 1.1",
      },
      { name: "open.member.median", value: median(openMember), unit: "ms", workload: openWork },
      { name: "open.join.median", value: median(openJoin), unit: "ms", workload: openWork },
      {
        name: "open.unclaimed.median",
        value: median(openUnclaimed),
        unit: "ms",
        workload: openWork,
      },
      {
        name: "open.added_by_auth",
        value: added,
        unit: "ms",
        workload: openWork + "; a member device; target <= 20",
      },
      {
        name: "open.added_by_joining",
        value: addedJoin,
        unit: "ms",
        workload: openWork + "; a new device through a link",
      },
      { name: "memory.per_registered_device", value: perDevice, unit: "bytes", workload: memWork },
    ]
  } finally {
    await relay.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
