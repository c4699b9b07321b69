/**
 * The relay's file store (sync-server/blobs/) on loopback, the relay in a child process:
 *
 * - upload and download of a 25 MiB file (the default `MAX_ATTACHMENT_BYTES`): MB/s from the
 *   request's start until the relay answered (the upload is durable by then) or the last byte
 *   arrived; median of 5, uploads of distinct files, downloads of one;
 * - the relay's memory while 20 clients upload 25 MiB each at once: the peak resident memory
 *   of the relay process (sampled every 20 ms from /proc) above its resident memory before,
 *   against the 500 MiB it would hold if it kept whole files in memory.
 */
import { createHash, randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseAutomergeUrl } from "@automerge/automerge-repo"
import { fixtureBoard } from "../src/model/testkit"
import { clientRepo, closeRepos, spawnRelay, waitUntilRelayHas } from "../sync-server/testHelpers"
import type { BenchResult } from "./types"

const MIB = 1024 * 1024
const SIZE = 25 * MIB
const ROUNDS = 5
const CLIENTS = 20

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex")

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

async function put(url: string, bytes: Uint8Array): Promise<number> {
  const t0 = performance.now()
  const res = await fetch(url, {
    method: "PUT",
    body: bytes as unknown as BodyInit,
    headers: { "Content-Type": "application/octet-stream" },
  })
  await res.arrayBuffer()
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload answered ${res.status}`)
  return performance.now() - t0
}

/** A relay child holding one board; resolves with the board's /blobs/ address maker. */
async function relayWithBoard(
  cleanups: (() => Promise<void>)[],
): Promise<{ pid: number; at: (bytes: Uint8Array) => string }> {
  const dataDir = await mkdtemp(join(tmpdir(), "baton-bench-blobs-"))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const relay = await spawnRelay(dataDir, cleanups, { MAX_BOARD_BLOB_BYTES: String(4096 * MIB) })
  const client = clientRepo(relay.url)
  const handle = client.create(fixtureBoard() as unknown as Record<string, unknown>)
  await waitUntilRelayHas(client, handle)
  await closeRepos(client)
  const board = parseAutomergeUrl(handle.url).documentId
  return { pid: relay.child.pid!, at: (bytes) => `${relay.url}/blobs/${board}/${sha(bytes)}` }
}

const suite = async (): Promise<BenchResult[]> => {
  const cleanups: (() => Promise<void>)[] = []
  try {
    const { at } = await relayWithBoard(cleanups)

    const ups: number[] = []
    const downs: number[] = []
    let last: Uint8Array | null = null
    for (let i = 0; i < ROUNDS; i++) {
      const bytes = new Uint8Array(randomBytes(SIZE))
      ups.push(await put(at(bytes), bytes))
      last = bytes
    }
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now()
      const got = new Uint8Array(await (await fetch(at(last!))).arrayBuffer())
      downs.push(performance.now() - t0)
      if (got.byteLength !== SIZE) throw new Error("download cut short")
    }
    const mbps = (ms: number): number => Math.round((SIZE / 1e6 / (ms / 1000)) * 10) / 10

    // 20 at once, on a relay that has moved no file yet; files made first, so the sampling
    // sees only the relay's work.
    const files = Array.from({ length: CLIENTS }, () => new Uint8Array(randomBytes(SIZE)))
    const fresh = await relayWithBoard(cleanups)
    const pid = fresh.pid
    await new Promise((r) => setTimeout(r, 500))
    const before = rssMiB(pid)
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20)
    const t0 = performance.now()
    await Promise.all(files.map((f) => put(fresh.at(f), f)))
    const allMs = performance.now() - t0
    clearInterval(sampler)
    peak = Math.max(peak, rssMiB(pid))
    const check = await fetch(fresh.at(files[7]!))
    if (sha(new Uint8Array(await check.arrayBuffer())) !== sha(files[7]!))
      throw new Error("a concurrent upload was stored wrong")

    const workload = `one 25 MiB file of random bytes, PUT then GET /blobs/<board>/<sha256> on loopback, relay in a child process (files under DATA_DIR/blobs, fsync before answering); median of ${ROUNDS}`
    const crowd = `${CLIENTS} clients each uploading a different 25 MiB file at once (${(CLIENTS * SIZE) / MIB} MiB in all) to one board; a fresh relay's resident memory sampled every 20 ms`
    return [
      { name: "upload25MiB", value: mbps(median(ups)), unit: "MB/s", workload },
      { name: "download25MiB", value: mbps(median(downs)), unit: "MB/s", workload },
      {
        name: "concurrentUploads.rssGrowth",
        value: Math.round(peak - before),
        unit: "MiB",
        workload: `${crowd}; peak minus before (${Math.round(before)} MiB); whole files buffered would be ${(CLIENTS * SIZE) / MIB} MiB`,
      },
      {
        name: "concurrentUploads.time",
        value: Math.round(allMs),
        unit: "ms",
        workload: `${crowd}; until every upload was answered`,
      },
    ]
  } finally {
    while (cleanups.length > 0) await cleanups.pop()!()
  }
}
export default suite
