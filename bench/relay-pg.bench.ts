/**
 * Relays on PostgreSQL against the file relay, all in one run (`npm run bench -- relay-pg`),
 * relays as child processes (sync-server/benchRelayChild.ts) on a throwaway PostgreSQL
 * cluster started by the benchmark (or BENCH_DATABASE_URL's server), loopback:
 *
 * 1. Propagation: one writer and BENCH_PG_READERS (10) readers, stock automerge-repo Repos in
 *    this process, on one board; 20 edits/s for BENCH_PG_SECONDS (10) s after 2 s of warm-up;
 *    latency from the edit to its arrival on each reader. Variants, alternated round by round
 *    (BENCH_PG_ROUNDS, 3): PostgreSQL with writer and readers on the same relay, PostgreSQL
 *    with the writer on relay A and the readers on relay B (cross-relay), and the file relay.
 *    Medians of the rounds.
 * 2. Throughput and CPU: 20 clients, one document each, closed loop of 5 separate changes
 *    then wait for the relay's acknowledgement (committed / fsync'd), BENCH_PG_SECONDS;
 *    acknowledged edits per second and relay CPU per acknowledged edit (PostgreSQL's own
 *    server CPU reported apart), PostgreSQL and files alternated.
 * 3. Start-up and memory: BENCH_PG_DOCS (10,000) stored board documents; time from starting
 *    the relay process to serving the first board; then every document requested once (100 at
 *    a time), idle eviction (DOC_IDLE_MS=1000), RSS of the relay idle, after the requests and
 *    after eviction (forced GC each second), PostgreSQL and files.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo"
import pg from "pg"
import { migrate } from "../sync-server/postgres/migrations"
import { startTestPostgres } from "../sync-server/postgres/testPostgres"
import type { TestPostgres } from "../sync-server/postgres/testPostgres"
import {
  clientRepo,
  closeRepos,
  relayAcknowledged,
  waitFor,
  waitUntilRelayHas,
} from "../sync-server/testHelpers"
import type { BenchResult } from "./types"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const SECONDS = Number(process.env.BENCH_PG_SECONDS ?? 10)
const READERS = Number(process.env.BENCH_PG_READERS ?? 10)
const ROUNDS = Number(process.env.BENCH_PG_ROUNDS ?? 3)
const DOCS = Number(process.env.BENCH_PG_DOCS ?? 10_000)
const EDITS_PER_SECOND = 20
const WARMUP_SECONDS = 2
/** BENCH_PG_PARTS=propagation,throughput,memory (default all). */
const PARTS = new Set((process.env.BENCH_PG_PARTS ?? "propagation,throughput,memory").split(","))

interface Child {
  proc: ChildProcess
  url: string
  stop(): Promise<void>
}

function startRelay(
  storage: { databaseUrl: string } | { dataDir: string },
  env: Record<string, string> = {},
  collectGarbage = false,
): Promise<Child> {
  const dataDir = "dataDir" in storage ? storage.dataDir : "/nonexistent-unused"
  const dbEnv: Record<string, string> =
    "databaseUrl" in storage ? { DATABASE_URL: storage.databaseUrl } : {}
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        ...(collectGarbage ? ["--expose-gc"] : []),
        "--import",
        "tsx",
        join(root, "sync-server", "benchRelayChild.ts"),
        "baton",
        dataDir,
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: "", ...dbEnv, ...env },
        stdio: ["ignore", "pipe", "inherit"],
      },
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
    proc.once("exit", (code) => reject(new Error(`relay exited with ${code}`)))
  })
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU seconds used so far by every process whose parent is `ppid` (PostgreSQL's backends). */
async function childrenCpuSeconds(ppid: number | null): Promise<number> {
  if (ppid === null) return NaN
  let total = await cpuSeconds(ppid).catch(() => 0)
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = await readFile(`/proc/${name}/stat`, "utf8")
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      if (Number(fields[1]) === ppid) total += (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      // exited meanwhile
    }
  }
  return total
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8")
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN)
  return Math.round((kb / 1024) * 10) / 10
}

function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
const round1 = (x: number): number => Math.round(x * 10) / 10
const median = (xs: number[]): number =>
  rank(
    [...xs].sort((a, b) => a - b),
    50,
  )
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

type Variant = "pg-same" | "pg-cross" | "files"

interface Propagation {
  p50: number
  p99: number
  delivered: number
  expected: number
}

async function propagation(variant: Variant, server: TestPostgres): Promise<Propagation> {
  const relays: Child[] = []
  let dataDir: string | null = null
  if (variant === "files") {
    dataDir = await mkdtemp(join(tmpdir(), "baton-bench-pg-files-"))
    relays.push(await startRelay({ dataDir }))
  } else {
    const databaseUrl = await server.createDatabase()
    relays.push(await startRelay({ databaseUrl }))
    if (variant === "pg-cross") relays.push(await startRelay({ databaseUrl }))
  }
  const writerRelay = relays[0]!
  const readerRelay = relays[relays.length - 1]!
  const writer = clientRepo(writerRelay.url)
  const readers = Array.from({ length: READERS }, () => clientRepo(readerRelay.url))
  try {
    const handle = writer.create<{ edits: Record<string, number> }>({ edits: {} })
    await waitUntilRelayHas(writer, handle, 30_000)
    const latencies: number[] = []
    let delivered = 0
    const measuredFrom = WARMUP_SECONDS * EDITS_PER_SECOND
    const copies = await Promise.all(
      readers.map((r) => findRetrying<{ edits: Record<string, number> }>(r, handle.url)),
    )
    for (const copy of copies) {
      const seen = new Set<string>()
      copy.on("change", ({ doc }) => {
        const now = Date.now()
        for (const [k, t] of Object.entries(doc.edits)) {
          if (seen.has(k)) continue
          seen.add(k)
          delivered++
          if (Number(k.slice(1)) >= measuredFrom) latencies.push(now - t)
        }
      })
    }
    const total = (WARMUP_SECONDS + SECONDS) * EDITS_PER_SECOND
    const t0 = performance.now()
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / EDITS_PER_SECOND
      const wait = due - performance.now()
      if (wait > 0) await pause(wait)
      handle.change((d) => void (d.edits[`e${i}`] = Date.now()))
    }
    await waitFor(() => delivered === total * READERS, "every edit on every reader", 60_000).catch(
      () => undefined,
    )
    latencies.sort((a, b) => a - b)
    return {
      p50: rank(latencies, 50),
      p99: rank(latencies, 99),
      delivered,
      expected: total * READERS,
    }
  } finally {
    await closeRepos(writer, ...readers)
    for (const r of relays) await r.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  }
}

/** Misses are printed: a board the relay has acknowledged should never be one. */
async function findRetrying<T>(repo: Repo, url: AutomergeUrl): Promise<DocHandle<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await repo.find<T>(url)
    } catch (e) {
      if (attempt >= 5) throw e
      console.log(`  (find answered unavailable, retrying: ${(e as Error).message})`)
      await pause(200)
    }
  }
}

interface Throughput {
  editsPerSecond: number
  relayCpuPerEditMs: number
  databaseCpuPerEditMs: number
}

async function postmasterPid(server: TestPostgres): Promise<number | null> {
  if (!server.dataDir) return null
  const text = await readFile(join(server.dataDir, "postmaster.pid"), "utf8").catch(() => "")
  const pid = Number(text.split("\n")[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

async function throughput(kind: "pg" | "files", server: TestPostgres): Promise<Throughput> {
  let dataDir: string | null = null
  let relay: Child
  if (kind === "files") {
    dataDir = await mkdtemp(join(tmpdir(), "baton-bench-pg-tp-"))
    relay = await startRelay({ dataDir })
  } else {
    relay = await startRelay({ databaseUrl: await server.createDatabase() })
  }
  const clients = Array.from({ length: 20 }, () => clientRepo(relay.url))
  try {
    const handles = clients.map((c) => c.create<{ n: number }>({ n: 0 }))
    await Promise.all(handles.map((h, i) => waitUntilRelayHas(clients[i]!, h, 30_000)))
    const postmaster = kind === "pg" ? await postmasterPid(server) : null
    const relayCpu0 = await cpuSeconds(relay.proc.pid!)
    const dbCpu0 = await childrenCpuSeconds(postmaster)
    let edits = 0
    const end = performance.now() + SECONDS * 1000
    const t0 = performance.now()
    await Promise.all(
      handles.map(async (h, i) => {
        while (performance.now() < end) {
          for (let j = 0; j < 5; j++) h.change((d) => void d.n++)
          await relayAcknowledged(clients[i]!, h)
          edits += 5
        }
      }),
    )
    const seconds = (performance.now() - t0) / 1000
    const relayCpu = (await cpuSeconds(relay.proc.pid!)) - relayCpu0
    const dbCpu = (await childrenCpuSeconds(postmaster)) - dbCpu0
    return {
      editsPerSecond: Math.round(edits / seconds),
      relayCpuPerEditMs: Math.round((relayCpu / edits) * 1e5) / 100,
      databaseCpuPerEditMs: Math.round((dbCpu / edits) * 1e5) / 100,
    }
  } finally {
    await closeRepos(...clients)
    await relay.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  }
}

/** Small boards, as both storages hold them. */
function seedBoards(count: number): { url: AutomergeUrl; bytes: Uint8Array }[] {
  return Array.from({ length: count }, (_, i) => {
    const url = generateAutomergeUrl()
    const doc = A.from({ title: `board ${i}`, lists: { todo: { name: "To do" } }, cards: {} })
    return { url, bytes: A.save(doc) }
  })
}

async function seedFiles(dir: string, boards: { url: AutomergeUrl; bytes: Uint8Array }[]) {
  for (const b of boards) {
    const { documentId } = parseAutomergeUrl(b.url)
    const d = join(dir, documentId.slice(0, 2), documentId.slice(2), "snapshot")
    await mkdir(d, { recursive: true })
    await writeFile(join(d, "seed"), b.bytes)
  }
}

async function seedDatabase(url: string, boards: { url: AutomergeUrl; bytes: Uint8Array }[]) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await migrate(client)
    for (let i = 0; i < boards.length; i += 1000) {
      const slice = boards.slice(i, i + 1000)
      const ids = slice.map((b) => parseAutomergeUrl(b.url).documentId as string)
      await client.query(
        `INSERT INTO baton_chunks (key, doc, kind, data)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[])`,
        [
          ids.map((id) => JSON.stringify([id, "snapshot", "seed"])),
          ids,
          ids.map(() => "snapshot"),
          slice.map((b) => Buffer.from(b.bytes)),
        ],
      )
    }
  } finally {
    await client.end()
  }
}

interface Memory {
  startupMs: number
  idle: number
  afterRequests: number
  afterEviction: number
  requestSeconds: number
  unavailable: number
}

async function startupAndMemory(
  kind: "pg" | "files",
  server: TestPostgres,
  all: { url: AutomergeUrl; bytes: Uint8Array }[],
): Promise<Memory> {
  const probe = all[0]!
  const boards = all.slice(1)
  let dataDir: string | null = null
  let storage: { databaseUrl: string } | { dataDir: string }
  if (kind === "files") {
    dataDir = await mkdtemp(join(tmpdir(), "baton-bench-pg-mem-"))
    await seedFiles(dataDir, all)
    storage = { dataDir }
  } else {
    const databaseUrl = await server.createDatabase()
    await seedDatabase(databaseUrl, all)
    storage = { databaseUrl }
  }
  const t0 = performance.now()
  const relay = await startRelay(
    storage,
    {
      DOC_IDLE_MS: "1000",
      MAX_DOCUMENTS_PER_CONNECTION: String(boards.length * 2),
      MAX_MESSAGES_PER_SECOND: "100000",
      MESSAGE_BURST: "100000",
    },
    true,
  )
  let client = clientRepo(relay.url)
  try {
    // The start-up probe is a board of its own, not one of those requested below.
    await client.find(probe.url)
    const startupMs = Math.round(performance.now() - t0)
    await closeRepos(client)
    // Let the first board be evicted, then measure idle.
    await pause(3000)
    const idle = await rssMiB(relay.proc.pid!)
    let unavailable = 0
    const r0 = performance.now()
    for (let i = 0; i < boards.length; i += 100) {
      if (i % 500 === 0) {
        await closeRepos(client)
        client = clientRepo(relay.url)
        const c = client
        await waitFor(() => c.peers.length > 0, "client connected", 10_000)
      }
      const c = client
      await Promise.all(
        boards.slice(i, i + 100).map((b) => c.find(b.url).catch(() => unavailable++)),
      )
    }
    const requestSeconds = round1((performance.now() - r0) / 1000)
    const afterRequests = await rssMiB(relay.proc.pid!)
    await closeRepos(client)
    const deadline = Date.now() + 60_000
    for (;;) {
      const h = (await (await fetch(relay.url + "/healthz")).json()) as {
        documentsInMemory: number
      }
      if (h.documentsInMemory === 0 || Date.now() > deadline) break
      await pause(250)
    }
    await pause(2500)
    const afterEviction = await rssMiB(relay.proc.pid!)
    return { startupMs, idle, afterRequests, afterEviction, requestSeconds, unavailable }
  } finally {
    await closeRepos(client)
    await relay.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  }
}

export default async function relayPgBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  const r = (name: string, value: number, unit: string, workload: string): void => {
    results.push({ name, value, unit, workload })
  }
  const server = await startTestPostgres({ external: process.env.BENCH_DATABASE_URL ?? "" })
  try {
    if (PARTS.has("propagation")) {
      const w = `1 writer and ${READERS} readers (stock Repos) on one board, ${EDITS_PER_SECOND} edits/s for ${SECONDS} s after ${WARMUP_SECONDS} s warm-up, relays in child processes, PostgreSQL on loopback; ${ROUNDS} rounds alternating the variants, medians`
      console.log(`propagation: ${w}`)
      const variants: Variant[] = ["pg-same", "pg-cross", "files"]
      const got: Record<Variant, Propagation[]> = { "pg-same": [], "pg-cross": [], files: [] }
      for (let round = 0; round < ROUNDS; round++) {
        const order = variants.map((_, i) => variants[(i + round) % variants.length]!)
        for (const v of order) {
          const p = await propagation(v, server)
          got[v].push(p)
          console.log(
            `  round ${round + 1} ${v}: p50 ${p.p50} ms, p99 ${p.p99} ms, delivered ${p.delivered}/${p.expected}`,
          )
        }
      }
      for (const v of variants) {
        const p50 = median(got[v].map((p) => p.p50))
        const p99 = median(got[v].map((p) => p.p99))
        const missing = got[v].reduce((n, p) => n + p.expected - p.delivered, 0)
        console.log(`  ${v}: p50 ${p50} ms, p99 ${p99} ms, undelivered ${missing}`)
        r(`propagation.${v}.p50`, p50, "ms", w)
        r(`propagation.${v}.p99`, p99, "ms", w)
        r(`propagation.${v}.undelivered`, missing, "deliveries", w)
      }
      const cross = median(got["pg-cross"].map((p) => p.p99))
      const same = median(got["pg-same"].map((p) => p.p99))
      const ratio = Math.round((cross / same) * 100) / 100
      console.log(`  cross-relay p99 / same-relay p99 = ${ratio} (target <= 1.5)`)
      r("propagation.p99_ratio_cross_over_same", ratio, "ratio", w)
    }

    if (PARTS.has("throughput")) {
      const w = `20 clients, one document each, closed loop of 5 separate changes then wait for the relay's acknowledgement (committed / fsync'd), ${SECONDS} s, PostgreSQL and files alternated twice`
      console.log(`throughput: ${w}`)
      const got: Record<"pg" | "files", Throughput[]> = { pg: [], files: [] }
      for (const kind of ["files", "pg", "pg", "files"] as const) {
        const t = await throughput(kind, server)
        got[kind].push(t)
        console.log(
          `  ${kind}: ${t.editsPerSecond} edits/s, relay CPU ${t.relayCpuPerEditMs} ms per edit` +
            (kind === "pg" ? `, PostgreSQL server CPU ${t.databaseCpuPerEditMs} ms per edit` : ""),
        )
      }
      const eps = (k: "pg" | "files"): number => median(got[k].map((t) => t.editsPerSecond))
      const cpu = (k: "pg" | "files"): number => median(got[k].map((t) => t.relayCpuPerEditMs))
      const ratio = Math.round((eps("pg") / eps("files")) * 100) / 100
      console.log(`  PostgreSQL / files edits/s = ${ratio} (target >= 0.7)`)
      r("throughput.pg.edits_per_second", eps("pg"), "edits/s", w)
      r("throughput.files.edits_per_second", eps("files"), "edits/s", w)
      r("throughput.ratio_pg_over_files", ratio, "ratio", w)
      r("throughput.pg.relay_cpu_per_edit", cpu("pg"), "ms", w)
      r("throughput.files.relay_cpu_per_edit", cpu("files"), "ms", w)
      r(
        "throughput.pg.database_cpu_per_edit",
        median(got.pg.map((t) => t.databaseCpuPerEditMs)),
        "ms",
        w,
      )
    }

    if (PARTS.has("memory")) {
      const w = `${DOCS} stored small boards; start-up = relay process start to the first board served; then each board requested once (100 at a time, a new connection every 500), DOC_IDLE_MS=1000, RSS with forced GC each second`
      console.log(`start-up and memory: ${w}`)
      const boards = seedBoards(DOCS + 1)
      for (const kind of ["pg", "files"] as const) {
        const m = await startupAndMemory(kind, server, boards)
        const ratio = Math.round((m.afterEviction / m.idle) * 100) / 100
        console.log(
          `  ${kind}: start-up ${m.startupMs} ms; RSS ${m.idle} MiB idle, ${m.afterRequests} MiB after requests (${m.requestSeconds} s, ${m.unavailable} unavailable), ${m.afterEviction} MiB after eviction (${ratio}x idle; target <= 1.3)`,
        )
        r(`startup.${kind}.first_board`, m.startupMs, "ms", w)
        r(`memory.${kind}.rss_idle`, m.idle, "MiB", w)
        r(`memory.${kind}.rss_after_requests`, m.afterRequests, "MiB", w)
        r(`memory.${kind}.rss_after_eviction`, m.afterEviction, "MiB", w)
        r(`memory.${kind}.eviction_over_idle`, ratio, "ratio", w)
        r(`memory.${kind}.request_seconds`, m.requestSeconds, "s", w)
      }
    }
  } finally {
    await server.close()
  }
  return results
}
