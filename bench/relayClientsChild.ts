/**
 * One process of the relay benchmark's propagation clients: a share of the 50 client repos
 * (stock automerge-repo WebSocket client adapter), so the clients are spread over several
 * processes (and cores) instead of queueing behind each other in the benchmark's own event
 * loop. Driven over IPC by bench/relay.bench.ts:
 *
 *   parent → child  { type: "setup", relayUrl, docUrl, clients: number[], clientCount }
 *   child  → parent { type: "ready" }
 *   parent → child  { type: "start", startAt, total, interval }
 *   child  → parent { type: "done", latencies, delivered, expected, cpuSeconds }   (all arrived)
 *   parent → child  { type: "finish" }   (give up waiting: report what arrived)
 *
 * Edit k is made by client `k % clientCount` at `startAt + k * interval` (wall-clock ms) and
 * carries its own send time, so any process can compute the latency of its arrival; the
 * clock is `performance.timeOrigin + performance.now()`, shared by processes on one machine.
 */
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo"
import { clientRepo, closeRepos, waitFor } from "../sync-server/testHelpers"

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
  | { type: "start"; startAt: number; total: number; interval: number }
  | { type: "finish" }

const now = (): number => performance.timeOrigin + performance.now()
const send = (message: object): void => {
  process.send!(message)
}

let repos: Repo[] = []
let handles: DocHandle<Board>[] = []
let mine: number[] = []
let clientCount = 0
const latencies: number[] = []
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
  send({
    type: "done",
    latencies,
    delivered,
    expected,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    syncMessagesIn,
  })
}

async function setup(m: Extract<FromParent, { type: "setup" }>): Promise<void> {
  mine = m.clients
  clientCount = m.clientCount
  repos = mine.map(() => clientRepo(m.relayUrl))
  for (const r of repos)
    r.networkSubsystem.on("message", (msg) => {
      if (msg.type === "sync" && cpuAtStart !== undefined && !reported) syncMessagesIn++
    })
  // A repo with no peer yet answers `find` with "unavailable" at once.
  await waitFor(() => repos.every((r) => r.peers.length > 0), "every client connected", 30_000)
  handles = await Promise.all(repos.map((r) => r.find<Board>(m.docUrl)))
  handles.forEach((h, j) => {
    const self = mine[j]!
    h.on("change", ({ patches }) => {
      const t = now()
      for (const p of patches) {
        if (p.action !== "put" || p.path.length !== 2 || p.path[0] !== "edits") continue
        const id = String(p.path[1])
        if (id.startsWith(`${self}:`)) continue
        latencies.push(t - (p.value as number))
        delivered++
      }
      if (delivered >= expected) report()
    })
  })
  send({ type: "ready" })
}

function start(m: Extract<FromParent, { type: "start" }>): void {
  cpuAtStart = process.cpuUsage()
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
    handles[mine.indexOf(idx)]!.change((d) => {
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
    void closeRepos(...repos).then(() => process.exit(0))
  }
})
