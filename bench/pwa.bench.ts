/**
 * Installed-app benchmarks, against a fresh production build served by the real relay
 * (brotli/gzip) and the system Chromium:
 *
 * - first visit: bytes the browser receives until the app is usable and the service worker
 *   has precached the shell. Two figures: the page's own requests (CDP
 *   `Network.loadingFinished` `encodedDataLength`, compressed body + headers), and every byte
 *   the server sent on every connection (a counting TCP proxy in front of the relay: page,
 *   service-worker precache and WebSocket together). Target ≤ 1.4 MB.
 * - repeat visit: HTTP requests that reach the server while the app starts again in the
 *   same profile (the WebSocket `/sync` excluded). Target 0.
 * - Lighthouse 12 (default mobile settings) on the home page: performance, accessibility,
 *   best-practices scores (0–1). Target accessibility and best-practices ≥ 0.95.
 */
import { spawn } from "node:child_process"
import { mkdtemp, readdir, rm, stat } from "node:fs/promises"
import { createServer, connect } from "node:net"
import type { AddressInfo, Server, Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { readFileSync } from "node:fs"
import type { BenchResult } from "./types"
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchPersistent, startRelay } from "../e2e/harness"

const ROOT = join(import.meta.dirname, "..")

function viteBuild(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(ROOT, "node_modules/.bin/vite"),
      ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error"],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production" },
        stdio: ["ignore", "inherit", "inherit"],
      },
    )
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`)),
    )
  })
}

/** A TCP proxy that counts bytes sent by the server and the HTTP requests sent to it. */
interface CountingProxy {
  url: string
  bytesFromServer: number
  requests: string[]
  close(): Promise<void>
}

async function countingProxy(targetPort: number): Promise<CountingProxy> {
  const state = { bytesFromServer: 0, requests: [] as string[] }
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1")
    sockets.add(client)
    sockets.add(upstream)
    let upgraded = false
    client.on("data", (chunk: Buffer) => {
      if (!upgraded) {
        for (const m of chunk
          .toString("latin1")
          .matchAll(/(?:^|\r\n)(GET|POST|HEAD|PUT) (\S+) HTTP\/1\.1\r\n/g)) {
          state.requests.push(`${m[1]} ${m[2]}`)
          if (m[2]?.startsWith("/sync")) upgraded = true
        }
      }
      upstream.write(chunk)
    })
    upstream.on("data", (chunk: Buffer) => {
      state.bytesFromServer += chunk.length
      client.write(chunk)
    })
    const end = (): void => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on("close", end)
    upstream.on("close", end)
    client.on("error", end)
    upstream.on("error", end)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    get bytesFromServer() {
      return state.bytesFromServer
    },
    set bytesFromServer(v: number) {
      state.bytesFromServer = v
    },
    get requests() {
      return state.requests
    },
    set requests(v: string[]) {
      state.requests = v
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The build's files with raw and gzip sizes, largest first (to say what is big). */
async function buildSizes(
  dir: string,
): Promise<Array<{ file: string; raw: number; gzip: number }>> {
  const out: Array<{ file: string; raw: number; gzip: number }> = []
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === "" ? entry.name : `${sub}/${entry.name}`
      if (entry.isDirectory()) await walk(rel)
      else {
        const path = join(dir, rel)
        out.push({
          file: rel,
          raw: (await stat(path)).size,
          gzip: gzipSync(readFileSync(path)).length,
        })
      }
    }
  }
  await walk("")
  return out.sort((a, b) => b.gzip - a.gzip)
}

export default async function pwaBench(): Promise<BenchResult[]> {
  const work = await mkdtemp(join(tmpdir(), "baton-pwa-bench-"))
  const dist = join(work, "dist")
  const results: BenchResult[] = []
  console.log("building the app (vite build) …")
  await viteBuild(dist)
  const sizes = await buildSizes(dist)
  console.log("largest build files (raw / gzip bytes):")
  for (const s of sizes.slice(0, 6)) console.log(`  ${s.file}: ${s.raw} / ${s.gzip}`)

  const relay = await startRelay({ staticDir: dist })
  const proxy = await countingProxy(relay.port)
  const profile = await launchPersistent()
  try {
    // First visit.
    const page = profile.context.pages()[0] ?? (await profile.context.newPage())
    const cdp = await profile.context.newCDPSession(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: false })
    let pageBytes = 0
    let pageRequests = 0
    cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
      pageBytes += e.encodedDataLength
      pageRequests++
    })
    await page.goto(proxy.url)
    await page.getByRole("heading", { name: "Your boards" }).waitFor()
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready
      if (reg.active === null) throw new Error("no active service worker")
    })
    // Let the WebSocket settle and any late request finish.
    await page.waitForLoadState("networkidle")
    const firstVisitRequests = [...proxy.requests]
    results.push(
      {
        name: "first_visit_bytes_page",
        value: pageBytes,
        unit: "bytes",
        workload: `fresh profile, home page until rendered and service worker active: ${pageRequests} page requests, compressed (CDP encodedDataLength); target ≤ 1400000`,
      },
      {
        name: "first_visit_bytes_total",
        value: proxy.bytesFromServer,
        unit: "bytes",
        workload: `same visit, every byte the server sent (page, service-worker precache, WebSocket, headers) over ${firstVisitRequests.length} HTTP requests; target ≤ 1400000`,
      },
    )

    // Repeat visit in the same profile: a new tab, nothing needed from the network.
    await page.close()
    proxy.requests = []
    const again = await profile.context.newPage()
    const started = Date.now()
    await again.goto(proxy.url)
    await again.getByRole("heading", { name: "Your boards" }).waitFor()
    const startMs = Date.now() - started
    await again.waitForLoadState("networkidle")
    const repeat = proxy.requests.filter((r) => !r.includes(" /sync"))
    if (repeat.length > 0) console.log(`repeat-visit requests: ${repeat.join(", ")}`)
    results.push(
      {
        name: "repeat_visit_requests",
        value: repeat.length,
        unit: "requests",
        workload:
          "same profile, new tab, home page until rendered and network idle; HTTP requests reaching the server except the /sync WebSocket; target 0",
      },
      {
        name: "repeat_visit_start_ms",
        value: startMs,
        unit: "ms",
        workload:
          "same profile, new tab: navigation start until the home page heading shows (served by the service worker)",
      },
    )
  } finally {
    await profile.close()
    await proxy.close()
  }

  try {
    results.push(...(await lighthouseScores(relay.url)))
  } finally {
    await relay.close()
    await rm(work, { recursive: true, force: true })
  }
  return results
}

async function lighthouseScores(url: string): Promise<BenchResult[]> {
  const { default: lighthouse } = await import("lighthouse")
  const chromeLauncher = await import("chrome-launcher")
  const userDataDir = await mkdtemp(join(tmpdir(), "baton-lh-"))
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROMIUM_ARGS,
    userDataDir,
  })
  try {
    const runner = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
    })
    if (runner === undefined) throw new Error("Lighthouse returned no result")
    const { categories, audits } = runner.lhr
    const failing = (id: string): string[] =>
      (categories[id]?.auditRefs ?? [])
        .filter((r) => r.weight > 0 && (audits[r.id]?.score ?? 1) < 1)
        .map((r) => r.id)
    for (const id of ["accessibility", "best-practices"]) {
      const f = failing(id)
      if (f.length > 0) console.log(`lighthouse ${id}: audits below 1: ${f.join(", ")}`)
    }
    const score = (id: string): number => categories[id]?.score ?? 0
    const workload = `Lighthouse ${runner.lhr.lighthouseVersion}, default mobile emulation and throttling, home page of a fresh profile`
    return [
      { name: "lighthouse_performance", value: score("performance"), unit: "score", workload },
      {
        name: "lighthouse_accessibility",
        value: score("accessibility"),
        unit: "score",
        workload: `${workload}; target ≥ 0.95`,
      },
      {
        name: "lighthouse_best_practices",
        value: score("best-practices"),
        unit: "score",
        workload: `${workload}; target ≥ 0.95`,
      },
    ]
  } finally {
    chrome.kill()
    await rm(userDataDir, { recursive: true, force: true })
  }
}
