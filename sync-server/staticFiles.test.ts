import { request } from "node:http"
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { brotliDecompressSync, gunzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { negotiateEncoding } from "./staticFiles"

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A raw HTTP request: unlike fetch, it sends the path exactly as given (`..` and all). */
function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<Reply> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on("error", reject)
    req.end()
  })
}

const js = "export const board = 'Baton';\n".repeat(200)
const wasm = Buffer.concat([
  Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
  Buffer.alloc(20_000, 7),
])
const indexHtml =
  "<!doctype html><title>Baton</title><div id=app></div>" + "<!-- padding -->".repeat(64)

let root: string
let relay: Relay

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "baton-static-"))
  const dist = join(root, "dist")
  await mkdir(join(dist, "assets"), { recursive: true })
  await writeFile(join(dist, "index.html"), indexHtml)
  await writeFile(join(dist, "sw.js"), "self.addEventListener('install', () => {})\n")
  await writeFile(join(dist, "registerSW.js"), "navigator.serviceWorker.register('/sw.js')\n")
  await writeFile(
    join(dist, "manifest.webmanifest"),
    JSON.stringify({ name: "Baton", short_name: "Baton" }),
  )
  await writeFile(join(dist, "assets", "index-3f9a1c.js"), js)
  await writeFile(join(dist, "assets", "automerge-77aa.wasm"), wasm)
  await writeFile(join(root, "secret.txt"), "outside the static directory")
  relay = await createRelay({
    port: 0,
    dataDir: join(root, "data"),
    staticDir: dist,
    logLevel: "silent",
  })
})

afterAll(async () => {
  await relay.close()
  await rm(root, { recursive: true, force: true })
})

describe("static files", () => {
  it("serves hashed assets as immutable with the right MIME types", async () => {
    const r = await get(relay.url, "/assets/index-3f9a1c.js")
    expect(r.status).toBe(200)
    expect(r.headers["content-type"]).toBe("text/javascript; charset=utf-8")
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
    expect(r.body.toString()).toBe(js)

    const w = await get(relay.url, "/assets/automerge-77aa.wasm")
    expect(w.headers["content-type"]).toBe("application/wasm")
    expect(w.headers["cache-control"]).toBe("public, max-age=31536000, immutable")
    expect(Buffer.compare(w.body, wasm)).toBe(0)
  })

  it("never lets the browser keep index.html, the service worker or the manifest without revalidating", async () => {
    for (const [path, type] of [
      ["/", "text/html; charset=utf-8"],
      ["/index.html", "text/html; charset=utf-8"],
      ["/sw.js", "text/javascript; charset=utf-8"],
      ["/registerSW.js", "text/javascript; charset=utf-8"],
      ["/manifest.webmanifest", "application/manifest+json; charset=utf-8"],
    ] as const) {
      const r = await get(relay.url, path)
      expect(r.status, path).toBe(200)
      expect(r.headers["cache-control"], path).toBe("no-cache")
      expect(r.headers["content-type"], path).toBe(type)
    }
  })

  it("answers a repeat visit with 304 when the ETag matches", async () => {
    const first = await get(relay.url, "/index.html")
    const etag = first.headers["etag"] as string
    expect(etag).toBeTruthy()
    const again = await get(relay.url, "/index.html", { "If-None-Match": etag })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
  })

  it("negotiates brotli and gzip, and the bytes decompress to the file", async () => {
    const br = await get(relay.url, "/assets/index-3f9a1c.js", {
      "Accept-Encoding": "gzip, deflate, br",
    })
    expect(br.headers["content-encoding"]).toBe("br")
    expect(br.headers["vary"]).toBe("Accept-Encoding")
    expect(Number(br.headers["content-length"])).toBe(br.body.length)
    expect(br.body.length).toBeLessThan(js.length / 5)
    expect(brotliDecompressSync(br.body).toString()).toBe(js)

    const gz = await get(relay.url, "/assets/automerge-77aa.wasm", { "Accept-Encoding": "gzip" })
    expect(gz.headers["content-encoding"]).toBe("gzip")
    expect(Buffer.compare(gunzipSync(gz.body), wasm)).toBe(0)

    const none = await get(relay.url, "/assets/index-3f9a1c.js", {
      "Accept-Encoding": "br;q=0, gzip;q=0",
    })
    expect(none.headers["content-encoding"]).toBeUndefined()
    expect(none.body.toString()).toBe(js)
  })

  it("falls back to index.html for navigations only", async () => {
    const nav = await get(relay.url, "/boards/xyz", {
      "Sec-Fetch-Mode": "navigate",
      Accept: "text/html",
    })
    expect(nav.status).toBe(200)
    expect(nav.headers["content-type"]).toBe("text/html; charset=utf-8")
    expect(nav.headers["cache-control"]).toBe("no-cache")
    expect(nav.body.toString()).toBe(indexHtml)

    const script = await get(relay.url, "/missing.js", {
      "Sec-Fetch-Mode": "no-cors",
      Accept: "*/*",
    })
    expect(script.status).toBe(404)
    const asset = await get(relay.url, "/assets/gone-123.js", {
      "Sec-Fetch-Mode": "navigate",
      Accept: "text/html",
    })
    expect(asset.status).toBe(404)
  })

  it("never serves a file outside the static directory", async () => {
    for (const path of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
    ]) {
      const r = await get(relay.url, path)
      expect(r.body.toString(), path).not.toContain("outside the static directory")
      expect([400, 404], path).toContain(r.status)
    }
    const malformed = await get(relay.url, "/%E0%A4%A")
    expect(malformed.status).toBe(400)
  })

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get(relay.url, "/assets/index-3f9a1c.js", {}, "HEAD")
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    const post = await get(relay.url, "/index.html", {}, "POST")
    expect(post.status).toBe(405)
  })
})

describe("page hardening headers", () => {
  it("serves every page, asset and error with a strict CSP, no referrer and a narrow Permissions-Policy", async () => {
    for (const [path, headers] of [
      ["/", {}],
      ["/board/abc", { "sec-fetch-mode": "navigate" }],
      ["/assets/index-3f9a1c.js", {}],
      ["/sw.js", {}],
      ["/nope.txt", {}],
      ["/%E0%A4%A", {}],
    ] as [string, Record<string, string>][]) {
      const r = await get(relay.url, path, headers)
      const csp = String(r.headers["content-security-policy"])
      const directives = new Map(
        csp.split(";").map((d) => {
          const [name, ...values] = d.trim().split(/\s+/)
          return [name!, values.join(" ")] as const
        }),
      )
      expect(directives.get("script-src"), path).toBe("'self' 'wasm-unsafe-eval'")
      expect(directives.get("object-src"), path).toBe("'none'")
      expect(directives.get("base-uri"), path).toBe("'none'")
      expect(directives.get("frame-ancestors"), path).toBe("'none'")
      expect(csp, path).not.toContain("unsafe-inline")
      expect(r.headers["referrer-policy"], path).toBe("no-referrer")
      expect(r.headers["x-content-type-options"], path).toBe("nosniff")
      const allowed = String(r.headers["permissions-policy"])
        .split(",")
        .map((p) => p.trim())
        .filter((p) => !p.endsWith("=()"))
      expect(allowed.sort(), path).toEqual([
        "camera=(self)",
        "display-capture=(self)",
        "microphone=(self)",
      ])
    }
  })
})

describe("negotiateEncoding", () => {
  it("prefers brotli, then gzip, and respects q=0", () => {
    expect(negotiateEncoding("gzip, br")).toBe("br")
    expect(negotiateEncoding("gzip")).toBe("gzip")
    expect(negotiateEncoding("br;q=0, gzip;q=0.5")).toBe("gzip")
    expect(negotiateEncoding("*")).toBe("br")
    expect(negotiateEncoding("*, br;q=0")).toBe("gzip")
    expect(negotiateEncoding("identity")).toBe("identity")
    expect(negotiateEncoding(undefined)).toBe("identity")
  })
})
