/**
 * One process of the relay benchmark's propagation clients: a share of the 50 clients, so the
 * clients are spread over several processes (and cores) instead of queueing behind each other
 * in the benchmark's own event loop. `BENCH_RELAY_CLIENT=wire` (the default) makes them
 * protocol-level clients (bench/wireClient.ts); `BENCH_RELAY_CLIENT=repo` makes them stock
 * automerge-repo Repos with the WebSocket client adapter. Driven over IPC by
 * bench/relay.bench.ts:
 *
 *   parent → child  { type: "setup", relayUrl, docUrl, clients: number[], clientCount }
 *   child  → parent { type: "ready" }
 *   parent → child  { type: "start", startAt, total, interval, warmup }
 *   child  → parent { type: "done", latencies, warmupLatencies, delivered, expected, cpuSeconds }
 *                   (all arrived; the latencies of edits k < warmup are reported apart)
 *   parent → child  { type: "finish" }   (give up waiting: report what arrived)
 *
 * Edit k is made by client `k % clientCount` at `startAt + k * interval` (wall-clock ms) and
 * carries its own send time, so any process can compute the latency of its arrival; the
 * clock is `performance.timeOrigin + performance.now()`, shared by processes on one machine.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import type * as A from "@automerge/automerge"
import { parseAutomergeUrl } from "@automerge/automerge-repo"
import type { AutomergeUrl, Repo } from "@automerge/automerge-repo"
import { clientRepo, closeRepos, syncUrl, waitFor } from "../sync-server/testHelpers"
import { WireClient } from "./wireClient"

interface Board {
  edits: Record<string, number>
}

type FromParent =
  | {
      type: "setup"
      relayUrl: string
      docUrl: AutomergeUrl
      clients: number[]
      clientCount: number
    }
  | { type: "start"; startAt: number; total: number; interval: number; warmup: number }
  | { type: "finish" }

const now = (): number => performance.timeOrigin + performance.now()
const send = (message: object): void => {
  process.send!(message)
}

const MODE = process.env.BENCH_RELAY_CLIENT === "repo" ? "repo" : "wire"

/** One benchmark client on the board, whichever kind. */
interface Client {
  change(fn: (d: Board) => void): void
}

let repos: Repo[] = []
let wires: WireClient<Board>[] = []
let clients: Client[] = []
let mine: number[] = []
let clientCount = 0
const latencies: number[] = []
/** Latencies of the warm-up edits (k < warmup), reported apart. */
const warmupLatencies: number[] = []
let warmup = 0
/** BENCH_RELAY_TRACE=<dir>: send time and latency of every delivery, for plotting. */
const TRACE = process.env.BENCH_RELAY_TRACE
const trace: string[] = []
let traceStart = 0
let delivered = 0
let expected = Infinity
let reported = false
let cpuAtStart: NodeJS.CpuUsage | undefined
/** Sync messages the relay sent these clients during the edits. */
let syncMessagesIn = 0

function report(): void {
  if (reported) return
  reported = true
  const cpu = process.cpuUsage(cpuAtStart)
  if (TRACE)
    writeFileSync(join(TRACE, `clients-${traceStart}-${process.pid}.tsv`), trace.join("\n") + "\n")
  send({
    type: "done",
    latencies,
    warmupLatencies,
    delivered,
    expected,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    syncMessagesIn,
  })
}

/** Records the edits of others among `patches` as delivered to client `self`. */
function arrived(self: number, patches: A.Patch[]): void {
  const t = now()
  for (const p of patches) {
    if (p.action !== "put" || p.path.length !== 2 || p.path[0] !== "edits") continue
    const id = String(p.path[1])
    if (id.startsWith(`${self}:`)) continue
    const k = Number(id.slice(id.indexOf(":") + 1))
    ;(k < warmup ? warmupLatencies : latencies).push(t - (p.value as number))
    if (TRACE) trace.push(`${(p.value as number) - traceStart}\t${t - (p.value as number)}`)
    delivered++
  }
  if (delivered >= expected) report()
}

async function setupRepos(m: Extract<FromParent, { type: "setup" }>): Promise<void> {
  repos = mine.map(() => clientRepo(m.relayUrl))
  for (const r of repos)
    r.networkSubsystem.on("message", (msg) => {
      if (msg.type === "sync" && cpuAtStart !== undefined && !reported) syncMessagesIn++
    })
  // A repo with no peer yet answers `find` with "unavailable" at once.
  await waitFor(() => repos.every((r) => r.peers.length > 0), "every client connected", 30_000)
  const handles = await Promise.all(repos.map((r) => r.find<Board>(m.docUrl)))
  handles.forEach((h, j) => h.on("change", ({ patches }) => arrived(mine[j]!, patches)))
  clients = handles.map((h) => ({ change: (fn) => void h.change(fn) }))
}

async function setupWires(m: Extract<FromParent, { type: "setup" }>): Promise<void> {
  const { documentId } = parseAutomergeUrl(m.docUrl)
  wires = mine.map(
    (i) =>
      new WireClient<Board>({
        url: syncUrl(m.relayUrl),
        peerId: `bench-${i}-${Math.random().toString(36).slice(2)}`,
        documentId,
        onPatches: (patches) => arrived(i, patches),
        onSyncMessage: () => {
          if (cpuAtStart !== undefined && !reported) syncMessagesIn++
        },
      }),
  )
  await Promise.all(wires.map((w) => w.ready()))
  await waitFor(
    () => wires.every((w) => typeof w.doc.edits === "object"),
    "every client has the board",
    30_000,
  )
  clients = wires.map((w) => ({ change: (fn) => w.change(fn) }))
}

async function setup(m: Extract<FromParent, { type: "setup" }>): Promise<void> {
  mine = m.clients
  clientCount = m.clientCount
  await (MODE === "repo" ? setupRepos(m) : setupWires(m))
  send({ type: "ready" })
}

function start(m: Extract<FromParent, { type: "start" }>): void {
  cpuAtStart = process.cpuUsage()
  traceStart = m.startAt
  warmup = m.warmup
  const own = (k: number): boolean => mine.includes(k % clientCount)
  let ownEdits = 0
  for (let k = 0; k < m.total; k++) if (own(k)) ownEdits++
  // Every client receives every edit but its own.
  expected = m.total * mine.length - ownEdits
  let k = 0
  const next = (): void => {
    while (k < m.total && !own(k)) k++
    if (k >= m.total) return
    const due = m.startAt + k * m.interval
    const wait = due - now()
    if (wait > 0) {
      setTimeout(next, wait)
      return
    }
    const idx = k % clientCount
    const id = `${idx}:${k}`
    clients[mine.indexOf(idx)]!.change((d) => {
      d.edits[id] = now()
    })
    k++
    next()
  }
  next()
}

process.on("message", (m: FromParent) => {
  if (m.type === "setup") void setup(m)
  else if (m.type === "start") start(m)
  else if (m.type === "finish") {
    report()
    for (const w of wires) w.close()
    void closeRepos(...repos).then(() => process.exit(0))
  }
})
