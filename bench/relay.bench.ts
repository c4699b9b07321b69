/**
 * Relay benchmark: Baton's relay against a stock automerge-repo relay (WebSocketServerAdapter +
 * NodeFSStorageAdapter + plain Repo, built from the installed upstream packages), each run
 * as a child process on loopback, driven by the same harness in the same run.
 *
 * 1. Propagation: 50 Node clients on one board, spread over 5 client processes
 *    (bench/relayClientsChild.ts) so they do not queue behind each other on one event loop;
 *    by default protocol-level clients (bench/wireClient.ts: automerge-repo's wire protocol
 *    and Automerge's sync API, no Repo), with BENCH_RELAY_CLIENT=repo stock automerge-repo
 *    Repos with the WebSocket client adapter; the clients' Automerge compiled optimized
 *    (sync-server/wasmFlags.ts) for both relays; 20 edits/s combined, round-robin over the
 *    clients: BENCH_RELAY_WARMUP_SECONDS (default 5) of warm-up edits, whose latencies are
 *    reported apart, then BENCH_RELAY_SECONDS (default 15) measured; BENCH_RELAY_ROUNDS
 *    (default 3) rounds per relay, alternating which goes first, figures the medians of the
 *    rounds; latency from an edit on one client to its arrival on
 *    each of the 49 others (each edit carries its wall-clock send time); every edit must
 *    arrive everywhere. Reports p50/p99 per relay, Baton p99 / stock p99, and the CPU time
 *    the relay and the clients used. BENCH_RELAY_TRACE=<dir> writes every delivery's send
 *    time and latency there (one file per client process and relay), to see when in the run
 *    the slow deliveries happen. The relays run without the memory part's forced garbage
 *    collections.
 * 2. Memory: 10,000 stored documents each requested once (100 in flight, a new client
 *    connection every 500); relay RSS before, right after, and after idle eviction (Baton) or
 *    the same wait (stock), with Baton's JavaScript heap from /metrics and the time each relay
 *    took to serve the requests.
 * 3. Throughput: 20 clients, each on its own document, closed loop of 5 separate changes
 *    then wait for the relay's acknowledgement (Baton acknowledges only what is fsync'd);
 *    acknowledged edits per second.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { AutomergeUrl } from "@automerge/automerge-repo"
import {
  clientRepo,
  closeRepos,
  relayAcknowledged,
  waitFor,
  waitUntilRelayHas,
} from "../sync-server/testHelpers"
import { WASM_FLAGS } from "../sync-server/wasmFlags"
import type { BenchResult } from "./types"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const SECONDS = Number(process.env.BENCH_RELAY_SECONDS ?? 15)
const CLIENTS = Number(process.env.BENCH_RELAY_CLIENTS ?? 50)
/** The propagation clients run in this many processes, so they do not queue behind each other. */
const CLIENT_PROCESSES = Number(process.env.BENCH_RELAY_CLIENT_PROCESSES ?? 5)
const EDITS_PER_SECOND = 20
/**
 * Seconds of edits at the same rate before the measured ones, on the same connections: the
 * first seconds of fresh processes (relay and clients alike) are spent compiling JavaScript
 * hot paths, which is not how a relay that has been up for a while behaves. Those edits must
 * arrive too; their latencies are reported apart.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_RELAY_WARMUP_SECONDS ?? 5)
/**
 * Propagation runs this many times per relay, alternating which relay goes first; figures are
 * the medians of the rounds. On a small shared machine one run's p99 can be twice another's.
 */
const ROUNDS = Number(process.env.BENCH_RELAY_ROUNDS ?? 3)
const MEMORY_DOCS = Number(process.env.BENCH_RELAY_MEMORY_DOCS ?? 10_000)
const MEMORY_CONCURRENCY = 100
const MEMORY_PER_CLIENT = 500
/** Which parts to run: BENCH_RELAY_PARTS=propagation,memory,throughput (default all). */
const PARTS = new Set((process.env.BENCH_RELAY_PARTS ?? "propagation,memory,throughput").split(","))

type Kind = "baton" | "stock"

interface Child {
  proc: ChildProcess
  url: string
  stop(): Promise<void>
}

/**
 * Starts a relay child process. `collectGarbage` (the memory part only) makes it run a full
 * garbage collection every second, so its RSS shows what was freed; in the latency parts those
 * pauses would only add noise to both relays' figures.
 */
function startRelay(
  kind: Kind,
  dataDir: string,
  env: Record<string, string> = {},
  collectGarbage = false,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        ...(collectGarbage ? ["--expose-gc"] : []),
        ...(process.env.BENCH_RELAY_CPU_PROF
          ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_RELAY_CPU_PROF]
          : []),
        "--import",
        "tsx",
        join(root, "sync-server", "benchRelayChild.ts"),
        kind,
        dataDir,
      ],
      { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
    )
    let out = ""
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      const m = /listening (\S+)\n/.exec(out)
      if (m)
        resolve({
          proc,
          url: m[1]!,
          stop: () =>
            new Promise<void>((r) => {
              if (proc.exitCode !== null) return r()
              proc.once("exit", () => r())
              proc.kill("SIGTERM")
              setTimeout(() => proc.kill("SIGKILL"), 5000).unref()
            }),
        })
    })
    proc.once("exit", (code) => reject(new Error(`${kind} relay exited with ${code}`)))
  })
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8")
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN)
  return Math.round((kb / 1024) * 10) / 10
}

/** CPU time (user + system) a process has used so far, in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8")
  // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** The value at percentile `p` of ascending `sorted` (nearest rank), unrounded. */
function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

function percentile(sorted: number[], p: number): number {
  return Math.round(rank(sorted, p) * 10) / 10
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Board {
  edits: Record<string, number>
}

interface PropagationResult {
  p50: number
  p99: number
  /** p99 of the warm-up edits (not in p50/p99). */
  warmupP99: number
  edits: number
  delivered: number
  expected: number
  /** Baton only: mean durable write (write + fsync + rename) during the run, from /metrics. */
  meanWriteMs: number
  /** Baton only: durable writes (files) and the batches they were written in. */
  writes: number
  writeBatches: number
  /** CPU seconds the relay used during the edits, and all client processes together. */
  relayCpu: number
  clientsCpu: number
  /** Sync messages each client received from the relay per edit it received. */
  messagesPerDelivery: number
}

/** Baton's durable writes during a run, from /metrics: mean duration (ms), count, batches. */
async function durableWrites(
  url: string,
): Promise<{ meanMs: number; count: number; batches: number }> {
  const m = await (await fetch(url + "/metrics")).text()
  const sum = Number(/baton_relay_storage_write_seconds_sum (\S+)/.exec(m)?.[1])
  const count = Number(/baton_relay_storage_write_seconds_count (\S+)/.exec(m)?.[1])
  const batches = Number(/^baton_relay_fsync_batches_total (\S+)/m.exec(m)?.[1])
  return { meanMs: Math.round((sum / count) * 10000) / 10, count, batches }
}

/** Spawns one process of propagation clients (bench/relayClientsChild.ts), connected by IPC. */
function clientProcess(): ChildProcess {
  // BENCH_RELAY_CPU_PROF=<dir> writes a V8 CPU profile of each client process there.
  const prof = process.env.BENCH_RELAY_CPU_PROF
  const flags = prof ? ["--cpu-prof", "--cpu-prof-dir", prof] : []
  return spawn(
    process.execPath,
    // The clients' Automerge is compiled optimized, as Baton's relay compiles its own
    // (sync-server/optimizeWasm.ts): on V8's baseline code 50 clients need far more CPU,
    // which the relays would then compete with. The same clients for both relays.
    [...flags, ...WASM_FLAGS, "--import", "tsx", join(root, "bench", "relayClientsChild.ts")],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  )
}

function nextMessage<T extends { type: string }>(proc: ChildProcess, type: T["type"]): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T): void => {
      if (m.type !== type) return
      proc.off("message", onMessage)
      proc.off("exit", onExit)
      resolve(m)
    }
    const onExit = (code: number | null): void =>
      reject(new Error(`client process exited with ${code} before sending "${type}"`))
    proc.on("message", onMessage)
    proc.once("exit", onExit)
  })
}

interface ClientsDone {
  type: "done"
  latencies: number[]
  warmupLatencies: number[]
  delivered: number
  expected: number
  cpuSeconds: number
  syncMessagesIn: number
}

async function propagation(kind: Kind): Promise<PropagationResult> {
  const dataDir = await mkdtemp(join(tmpdir(), `baton-bench-${kind}-`))
  const relay = await startRelay(kind, dataDir)
  const procs: ChildProcess[] = []
  try {
    // The board is created by a short-lived client and is on the relay before anyone joins.
    const creator = clientRepo(relay.url)
    const first = creator.create<Board>({ edits: {} })
    await waitUntilRelayHas(creator, first, 30_000)
    await closeRepos(creator)

    for (let p = 0; p < CLIENT_PROCESSES; p++) procs.push(clientProcess())
    const ready = procs.map((proc) => nextMessage(proc, "ready"))
    procs.forEach((proc, p) => {
      const clients = Array.from({ length: CLIENTS }, (_, i) => i).filter(
        (i) => i % CLIENT_PROCESSES === p,
      )
      proc.send({
        type: "setup",
        relayUrl: relay.url,
        docUrl: first.url,
        clients,
        clientCount: CLIENTS,
      })
    })
    await Promise.all(ready)

    const warmup = WARMUP_SECONDS * EDITS_PER_SECOND
    const total = warmup + SECONDS * EDITS_PER_SECOND
    const interval = 1000 / EDITS_PER_SECOND
    const done = procs.map((proc) => nextMessage<ClientsDone>(proc, "done"))
    const startAt = performance.timeOrigin + performance.now() + 500
    const relayCpu0 = await cpuSeconds(relay.proc.pid!)
    for (const proc of procs) proc.send({ type: "start", startAt, total, interval, warmup })
    // Every edit should have arrived everywhere well within a minute of the last one.
    const giveUp = setTimeout(
      () => {
        for (const proc of procs) if (proc.connected) proc.send({ type: "finish" })
      },
      (WARMUP_SECONDS + SECONDS) * 1000 + 60_000,
    )
    const reports = await Promise.all(done)
    clearTimeout(giveUp)
    const relayCpu = (await cpuSeconds(relay.proc.pid!)) - relayCpu0
    for (const proc of procs) if (proc.connected) proc.send({ type: "finish" })

    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b)
    const warm = reports.flatMap((r) => r.warmupLatencies).sort((a, b) => a - b)
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      warmupP99: percentile(warm, 99),
      edits: total,
      delivered: reports.reduce((n, r) => n + r.delivered, 0),
      expected: total * (CLIENTS - 1),
      ...(kind === "baton"
        ? await durableWrites(relay.url).then((w) => ({
            meanWriteMs: w.meanMs,
            writes: w.count,
            writeBatches: w.batches,
          }))
        : { meanWriteMs: NaN, writes: NaN, writeBatches: NaN }),
      relayCpu: Math.round(relayCpu * 10) / 10,
      clientsCpu: Math.round(reports.reduce((n, r) => n + r.cpuSeconds, 0) * 10) / 10,
      messagesPerDelivery:
        Math.round(
          (reports.reduce((n, r) => n + r.syncMessagesIn, 0) /
            reports.reduce((n, r) => n + r.delivered, 0)) *
            100,
        ) / 100,
    }
  } finally {
    await Promise.all(
      procs.map(
        (proc) =>
          new Promise<void>((r) => {
            if (proc.exitCode !== null) return r()
            proc.once("exit", () => r())
            setTimeout(() => proc.kill("SIGKILL"), 5000).unref()
          }),
      ),
    )
    await relay.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/**
 * Writes `count` small board documents straight into a data directory, in the layout both
 * relays read (`<id[0:2]>/<id[2:]>/snapshot/<name>`): far faster than going through a repo.
 */
async function seedDocuments(dataDir: string, count: number): Promise<AutomergeUrl[]> {
  const urls: AutomergeUrl[] = []
  for (let i = 0; i < count; i++) {
    const url = generateAutomergeUrl()
    const { documentId } = parseAutomergeUrl(url)
    const doc = A.from({ title: `board ${i}`, lists: { todo: { name: "To do" } }, cards: {} })
    const dir = join(dataDir, documentId.slice(0, 2), documentId.slice(2), "snapshot")
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, "seed"), A.save(doc))
    urls.push(url)
  }
  return urls
}

interface MemoryResult {
  before: number
  after: number
  evicted: number
  docsAfterRequests: number
  found: number
  unavailable: number
  requestSeconds: number
  /** Baton only, from /metrics once idle: JavaScript heap in use, MiB. */
  heapMiB: number
}

/** A gauge from Baton's /metrics, in MiB. */
async function metricMiB(url: string, name: string): Promise<number> {
  const m = await (await fetch(url + "/metrics")).text()
  const bytes = Number(new RegExp(`^${name} (\\S+)$`, "m").exec(m)?.[1])
  return Math.round((bytes / 2 ** 20) * 10) / 10
}

async function memory(kind: Kind, urls: AutomergeUrl[], seedDir: string): Promise<MemoryResult> {
  const dataDir = await mkdtemp(join(tmpdir(), `baton-bench-mem-${kind}-`))
  await cp(seedDir, dataDir, { recursive: true })
  const relay = await startRelay(
    kind,
    dataDir,
    {
      DOC_IDLE_MS: "1000",
      MAX_DOCUMENTS_PER_CONNECTION: String(MEMORY_DOCS * 2),
      MAX_MESSAGES_PER_SECOND: "100000",
      MESSAGE_BURST: "100000",
    },
    true,
  )
  let client = clientRepo(relay.url)
  try {
    await pause(500)
    const before = await rssMiB(relay.proc.pid!)
    let found = 0
    let unavailable = 0
    // A fresh client connection for every 500 documents (100 requests in flight at a time):
    // a client repo never forgets a document, and its own bookkeeping for thousands of them
    // would slow the later requests down for both relays alike.
    const t0 = performance.now()
    for (let i = 0; i < urls.length; i += MEMORY_CONCURRENCY) {
      if (i % MEMORY_PER_CLIENT === 0) {
        await closeRepos(client)
        client = clientRepo(relay.url)
        const c = client
        await waitFor(() => c.peers.length > 0, "client connected", 10_000)
      }
      if (i % 2000 === 0 && i > 0)
        console.log(
          `  ${kind}: ${i} requested in ${Math.round(performance.now() - t0)} ms, ${unavailable} unavailable`,
        )
      const c = client
      await Promise.all(
        urls.slice(i, i + MEMORY_CONCURRENCY).map((u) =>
          c.find(u).then(
            () => found++,
            () => unavailable++,
          ),
        ),
      )
    }
    const requestSeconds = Math.round((performance.now() - t0) / 100) / 10
    const after = await rssMiB(relay.proc.pid!)
    console.log(`  ${kind}: ${found} documents found, ${unavailable} reported unavailable`)
    let docsAfterRequests = NaN
    let evicted = NaN
    if (kind === "baton") {
      docsAfterRequests = (
        (await (await fetch(relay.url + "/healthz")).json()) as { documentsInMemory: number }
      ).documentsInMemory
      const deadline = Date.now() + 60_000
      for (;;) {
        const h = (await (await fetch(relay.url + "/healthz")).json()) as {
          documentsInMemory: number
        }
        if (h.documentsInMemory === 0 || Date.now() > deadline) break
        await pause(250)
      }
    } else {
      await pause(5000) // the same idle time; the stock relay never evicts
    }
    await pause(2500) // two forced GCs in the child
    evicted = await rssMiB(relay.proc.pid!)
    const heapMiB = kind === "baton" ? await metricMiB(relay.url, "nodejs_heap_used_bytes") : NaN
    return {
      before,
      after,
      evicted,
      docsAfterRequests,
      found,
      unavailable,
      requestSeconds,
      heapMiB,
    }
  } finally {
    await closeRepos(client)
    await relay.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function throughput(kind: Kind): Promise<{ editsPerSecond: number; fsyncBatches: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), `baton-bench-tp-${kind}-`))
  const relay = await startRelay(kind, dataDir)
  const clients = Array.from({ length: 20 }, () => clientRepo(relay.url))
  try {
    const handles = clients.map((c) => c.create<{ n: number }>({ n: 0 }))
    await Promise.all(handles.map((h, i) => waitUntilRelayHas(clients[i]!, h, 30_000)))
    let edits = 0
    const end = performance.now() + SECONDS * 1000
    const t0 = performance.now()
    await Promise.all(
      handles.map(async (h, i) => {
        while (performance.now() < end) {
          for (let j = 0; j < 5; j++)
            h.change((d) => {
              d.n++
            })
          await relayAcknowledged(clients[i]!, h)
          edits += 5
        }
      }),
    )
    const seconds = (performance.now() - t0) / 1000
    let fsyncBatches = NaN
    if (kind === "baton") {
      const m = await (await fetch(relay.url + "/metrics")).text()
      fsyncBatches = Number(/baton_relay_fsync_batches_total (\d+)/.exec(m)?.[1])
    }
    return { editsPerSecond: Math.round(edits / seconds), fsyncBatches }
  } finally {
    await closeRepos(...clients)
    await relay.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export default async function relayBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  if (PARTS.has("propagation")) await benchPropagation(results)
  if (PARTS.has("memory")) await benchMemory(results)
  if (PARTS.has("throughput")) await benchThroughput(results)
  return results
}

/** One relay's figures over several rounds: medians of the per-round figures, summed deliveries. */
function overRounds(rounds: PropagationResult[]): PropagationResult {
  // The median of the rounds (the lower middle of an even count).
  const m = (f: (r: PropagationResult) => number): number =>
    rank(
      rounds.map(f).sort((a, b) => a - b),
      50,
    )
  return {
    p50: m((r) => r.p50),
    p99: m((r) => r.p99),
    warmupP99: m((r) => r.warmupP99),
    edits: rounds.reduce((n, r) => n + r.edits, 0),
    delivered: rounds.reduce((n, r) => n + r.delivered, 0),
    expected: rounds.reduce((n, r) => n + r.expected, 0),
    meanWriteMs: m((r) => r.meanWriteMs),
    writes: m((r) => r.writes),
    writeBatches: m((r) => r.writeBatches),
    relayCpu: m((r) => r.relayCpu),
    clientsCpu: m((r) => r.clientsCpu),
    messagesPerDelivery: m((r) => r.messagesPerDelivery),
  }
}

function describe(kind: Kind, r: PropagationResult): string {
  const writes =
    kind === "baton"
      ? `, mean fsync'd write ${r.meanWriteMs} ms (${r.writes} files in ${r.writeBatches} batches)`
      : ""
  return `${kind}: p50 ${r.p50} ms, p99 ${r.p99} ms (warm-up p99 ${r.warmupP99} ms), delivered ${r.delivered}/${r.expected}${writes}; CPU: relay ${r.relayCpu} s, clients ${r.clientsCpu} s; ${r.messagesPerDelivery} sync messages per edit received`
}

async function benchPropagation(results: BenchResult[]): Promise<void> {
  const prop = `${CLIENTS} clients on one board in ${CLIENT_PROCESSES} processes, ${EDITS_PER_SECOND} edits/s combined for ${SECONDS} s measured after ${WARMUP_SECONDS} s of warm-up edits, loopback, relay in a child process; ${ROUNDS} rounds alternating which relay goes first, medians of the rounds`
  console.log(`propagation: ${prop}`)
  // BENCH_RELAY_ONLY=baton|stock (experiments): one relay, no ratio.
  const only = process.env.BENCH_RELAY_ONLY
  const kinds: Kind[] = only === "baton" || only === "stock" ? [only] : ["stock", "baton"]
  const rounds: Record<Kind, PropagationResult[]> = { baton: [], stock: [] }
  const ratios: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? kinds : [...kinds].reverse()
    for (const kind of order) {
      const r = await propagation(kind)
      rounds[kind].push(r)
      console.log(`  round ${round + 1} ${describe(kind, r)}`)
    }
    const [b, st] = [rounds.baton[round], rounds.stock[round]]
    if (b && st) ratios.push(Math.round((b.p99 / st.p99) * 100) / 100)
  }
  if (kinds.length === 1) return
  const stock = overRounds(rounds.stock)
  const baton = overRounds(rounds.baton)
  console.log(`  ${describe("stock", stock)}`)
  console.log(`  ${describe("baton", baton)}`)
  const ratio = Math.round((baton.p99 / stock.p99) * 100) / 100
  console.log(
    `  baton p99 / stock p99 = ${ratio} (medians; per round ${ratios.join(", ")}; target <= 0.6)`,
  )
  results.push(
    { name: "propagation.baton.p50", value: baton.p50, unit: "ms", workload: prop },
    { name: "propagation.baton.p99", value: baton.p99, unit: "ms", workload: prop },
    { name: "propagation.stock.p50", value: stock.p50, unit: "ms", workload: prop },
    { name: "propagation.stock.p99", value: stock.p99, unit: "ms", workload: prop },
    { name: "propagation.p99_ratio_baton_over_stock", value: ratio, unit: "ratio", workload: prop },
    {
      name: "propagation.baton.warmup_p99",
      value: baton.warmupP99,
      unit: "ms",
      workload: prop,
    },
    {
      name: "propagation.stock.warmup_p99",
      value: stock.warmupP99,
      unit: "ms",
      workload: prop,
    },
    {
      name: "propagation.baton.mean_durable_write",
      value: baton.meanWriteMs,
      unit: "ms",
      workload: prop,
    },
    { name: "propagation.baton.relay_cpu", value: baton.relayCpu, unit: "s", workload: prop },
    { name: "propagation.stock.relay_cpu", value: stock.relayCpu, unit: "s", workload: prop },
    { name: "propagation.baton.clients_cpu", value: baton.clientsCpu, unit: "s", workload: prop },
    { name: "propagation.stock.clients_cpu", value: stock.clientsCpu, unit: "s", workload: prop },
    {
      name: "propagation.baton.undelivered",
      value: baton.expected - baton.delivered,
      unit: "deliveries",
      workload: prop,
    },
    {
      name: "propagation.stock.undelivered",
      value: stock.expected - stock.delivered,
      unit: "deliveries",
      workload: prop,
    },
  )
}

async function benchMemory(results: BenchResult[]): Promise<void> {
  const mem = `${MEMORY_DOCS} stored documents each requested once (${MEMORY_CONCURRENCY} at a time, a new client connection every ${MEMORY_PER_CLIENT}); Baton DOC_IDLE_MS=1000; RSS of the relay process (forced GC each second)`
  console.log(`memory: ${mem}`)
  const seedDir = await mkdtemp(join(tmpdir(), "baton-bench-seed-"))
  try {
    const urls = await seedDocuments(seedDir, MEMORY_DOCS)
    const ms = await memory("stock", urls, seedDir)
    console.log(
      `  stock: RSS ${ms.before} MiB idle, ${ms.after} MiB after requests (${ms.requestSeconds} s), ${ms.evicted} MiB after waiting`,
    )
    const mb = await memory("baton", urls, seedDir)
    console.log(
      `  baton: RSS ${mb.before} MiB idle, ${mb.after} MiB after requests (${mb.requestSeconds} s, ${mb.docsAfterRequests} documents still in memory), ${mb.evicted} MiB after eviction (JS heap in use ${mb.heapMiB} MiB)`,
    )
    // A figure is only comparable if every request was answered.
    for (const [kind, m] of [
      ["stock", ms],
      ["baton", mb],
    ] as const)
      if (m.unavailable > 0)
        console.log(`  WARNING: ${kind} answered ${m.unavailable} requests "unavailable"`)
    const memRatio = Math.round((mb.evicted / ms.evicted) * 100) / 100
    const timeRatio = Math.round((mb.requestSeconds / ms.requestSeconds) * 100) / 100
    console.log(
      `  baton / stock RSS once idle = ${memRatio}; time to serve the requests = ${timeRatio}`,
    )
    const r = (name: string, value: number, unit: string): void => {
      results.push({ name, value, unit, workload: mem })
    }
    r("memory.baton.rss_idle", mb.before, "MiB")
    r("memory.baton.rss_after_requests", mb.after, "MiB")
    r("memory.baton.rss_after_eviction", mb.evicted, "MiB")
    r("memory.baton.heap_after_eviction", mb.heapMiB, "MiB")
    r("memory.baton.documents_in_memory_after_requests", mb.docsAfterRequests, "documents")
    r("memory.baton.request_seconds", mb.requestSeconds, "s")
    r("memory.baton.unavailable", mb.unavailable, "documents")
    r("memory.stock.rss_idle", ms.before, "MiB")
    r("memory.stock.rss_after_requests", ms.after, "MiB")
    r("memory.stock.rss_after_wait", ms.evicted, "MiB")
    r("memory.stock.request_seconds", ms.requestSeconds, "s")
    r("memory.stock.unavailable", ms.unavailable, "documents")
    r("memory.rss_ratio_baton_over_stock_idle", memRatio, "ratio")
    r("memory.request_time_ratio_baton_over_stock", timeRatio, "ratio")
  } finally {
    await rm(seedDir, { recursive: true, force: true })
  }
}

async function benchThroughput(results: BenchResult[]): Promise<void> {
  const tp = `20 clients, one document each, closed loop of 5 separate changes then wait for the relay's acknowledgement, ${SECONDS} s`
  console.log(`throughput: ${tp}`)
  const ts = await throughput("stock")
  console.log(`  stock (no fsync): ${ts.editsPerSecond} edits/s`)
  const tb = await throughput("baton")
  console.log(
    `  baton (fsync before acknowledging): ${tb.editsPerSecond} edits/s in ${tb.fsyncBatches} group commits`,
  )
  const tpRatio = Math.round((tb.editsPerSecond / ts.editsPerSecond) * 100) / 100
  console.log(`  baton / stock edits/s = ${tpRatio}`)
  results.push(
    {
      name: "throughput.baton.edits_per_second",
      value: tb.editsPerSecond,
      unit: "edits/s",
      workload: tp,
    },
    {
      name: "throughput.stock.edits_per_second",
      value: ts.editsPerSecond,
      unit: "edits/s",
      workload: tp,
    },
    { name: "throughput.ratio_baton_over_stock", value: tpRatio, unit: "ratio", workload: tp },
    {
      name: "throughput.baton.fsync_batches",
      value: tb.fsyncBatches,
      unit: "batches",
      workload: tp,
    },
  )
}
