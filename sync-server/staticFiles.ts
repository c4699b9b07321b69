/**
 * Serves the built app (`dist/`): hashed assets under `/assets/` cached as immutable,
 * everything else (index.html, the service worker, the manifest) revalidated on every
 * visit; gzip and brotli negotiated with `Accept-Encoding`, each file compressed once and
 * kept in memory; index.html as the fallback for navigations only; no path traversal.
 */
import { createHash } from "node:crypto"
import { promises as fs } from "node:fs"
import type { IncomingMessage, ServerResponse } from "node:http"
import { extname, join, resolve, sep } from "node:path"
import { promisify } from "node:util"
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib"

const brotliAsync = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
}

const COMPRESSIBLE = new Set([
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".map",
  ".webmanifest",
  ".wasm",
  ".svg",
  ".txt",
  ".xml",
  ".ico",
  ".ttf",
  ".otf",
])

/** Files smaller than this are sent uncompressed: the headers would cost more than the gain. */
const MIN_COMPRESS_BYTES = 512

export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable"

/**
 * The page's Content-Security-Policy. Scripts only from the app's own origin, plus
 * `'wasm-unsafe-eval'` so Automerge's WebAssembly can be compiled; no inline script or style
 * (Solid sets styles through the CSSOM, which style-src does not govern); no plugins, no
 * `<base>`, never framed. `connect-src 'self'` covers the relay's same-origin WebSocket.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ")

/**
 * Only what Baton uses: camera, microphone and screen sharing on its own origin (for recorded
 * voice, video and screen notes); every other powerful feature is off for the page and
 * anything it could embed.
 */
export const PERMISSIONS_POLICY = [
  "camera=(self)",
  "microphone=(self)",
  "display-capture=(self)",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "bluetooth=()",
  "midi=()",
  "magnetometer=()",
  "gyroscope=()",
  "accelerometer=()",
  "screen-wake-lock=()",
  "publickey-credentials-get=()",
].join(", ")

/** Headers every response of the relay's app carries (files and errors alike). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": PERMISSIONS_POLICY,
  "Cross-Origin-Opener-Policy": "same-origin",
  "X-Frame-Options": "DENY",
}
export const REVALIDATE_CACHE = "no-cache"

export function mimeTypeFor(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? "application/octet-stream"
}

type Encoding = "br" | "gzip" | "identity"

/**
 * Picks the best encoding the client accepts: brotli, then gzip, else identity. Honours
 * `q=0` exclusions and `*`.
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return "identity"
  const q = new Map<string, number>()
  for (const part of header.split(",")) {
    const [rawName, ...params] = part.trim().split(";")
    const name = (rawName ?? "").trim().toLowerCase()
    if (!name) continue
    let quality = 1
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)
      if (m) quality = Number(m[1])
    }
    q.set(name, Number.isFinite(quality) ? quality : 0)
  }
  const accepts = (name: string): boolean => {
    const v = q.get(name) ?? q.get("*")
    return v !== undefined && v > 0
  }
  if (accepts("br")) return "br"
  if (accepts("gzip")) return "gzip"
  return "identity"
}

interface CachedFile {
  key: string
  raw: Buffer
  etag: string
  br?: Promise<Buffer>
  gzip?: Promise<Buffer>
}

/**
 * Compressed forms are shared by every relay in the process, keyed by path, size and
 * modification time: compressing the 3.6 MB Automerge wasm at brotli's best quality takes
 * seconds, and it must happen once, not once per relay or per request.
 */
const fileCache = new Map<string, CachedFile>()

async function loadFile(path: string, size: number, mtimeMs: number): Promise<CachedFile> {
  const key = `${size}:${mtimeMs}`
  const cached = fileCache.get(path)
  if (cached && cached.key === key) return cached
  const raw = await fs.readFile(path)
  const etag = `"${createHash("sha256").update(raw).digest("base64url").slice(0, 27)}"`
  const entry: CachedFile = { key, raw, etag }
  fileCache.set(path, entry)
  return entry
}

async function precompressed(
  path: string,
  suffix: string,
  mtimeMs: number,
): Promise<Buffer | null> {
  try {
    const st = await fs.stat(path + suffix)
    if (!st.isFile() || st.mtimeMs < mtimeMs) return null
    return await fs.readFile(path + suffix)
  } catch {
    return null
  }
}

function compressed(
  file: CachedFile,
  path: string,
  mtimeMs: number,
  encoding: "br" | "gzip",
): Promise<Buffer> {
  if (encoding === "br") {
    file.br ??= (async () =>
      (await precompressed(path, ".br", mtimeMs)) ??
      brotliAsync(file.raw, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: file.raw.length,
        },
      }))()
    return file.br
  }
  file.gzip ??= (async () =>
    (await precompressed(path, ".gz", mtimeMs)) ?? gzipAsync(file.raw, { level: 9 }))()
  return file.gzip
}

export interface StaticHandler {
  /** Answers the request; returns false when it is not a static-file request it serves. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Compresses every file ahead of the first visit (best effort, in the background). */
  warm(): Promise<void>
}

function isNavigation(req: IncomingMessage): boolean {
  const mode = req.headers["sec-fetch-mode"]
  if (typeof mode === "string") return mode === "navigate"
  const accept = req.headers["accept"]
  return typeof accept === "string" && accept.includes("text/html")
}

function sendText(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(text),
    ...SECURITY_HEADERS,
  })
  res.end(head ? undefined : text)
}

/** Maps a URL path onto a file inside `root`, or null if it would escape `root` or is malformed. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null
  const full = resolve(root, "." + (decoded.startsWith("/") ? decoded : "/" + decoded))
  if (full !== root && !full.startsWith(root + sep)) return null
  return full
}

export function createStaticHandler(staticDir: string): StaticHandler {
  const root = resolve(staticDir)

  async function statFile(path: string): Promise<{ size: number; mtimeMs: number } | null> {
    try {
      const st = await fs.stat(path)
      return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null
    } catch {
      return null
    }
  }

  async function serveFile(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    st: { size: number; mtimeMs: number },
    cacheControl: string,
  ): Promise<void> {
    const head = req.method === "HEAD"
    const file = await loadFile(path, st.size, st.mtimeMs)
    const ext = extname(path).toLowerCase()
    const headers: Record<string, string | number> = {
      "Content-Type": mimeTypeFor(path),
      "Cache-Control": cacheControl,
      ETag: file.etag,
      ...SECURITY_HEADERS,
    }
    const compressible = COMPRESSIBLE.has(ext) && file.raw.length >= MIN_COMPRESS_BYTES
    if (compressible) headers["Vary"] = "Accept-Encoding"
    const inm = req.headers["if-none-match"]
    if (typeof inm === "string" && inm.split(",").some((t) => t.trim() === file.etag)) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    let body = file.raw
    const encoding = compressible
      ? negotiateEncoding(req.headers["accept-encoding"] as string | undefined)
      : "identity"
    if (encoding !== "identity") {
      const c = await compressed(file, path, st.mtimeMs, encoding).catch(() => {
        // Forget the failure so a later request tries again; send this one uncompressed.
        if (encoding === "br") delete file.br
        else delete file.gzip
        return file.raw
      })
      if (c.length < file.raw.length) {
        body = c
        headers["Content-Encoding"] = encoding
      }
    }
    headers["Content-Length"] = body.length
    res.writeHead(200, headers)
    res.end(head ? undefined : body)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === "HEAD"
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD")
      sendText(res, 405, "method not allowed", false)
      return
    }
    const urlPath = (req.url ?? "/").split("?")[0]!.split("#")[0]!
    const path = resolveInside(root, urlPath)
    if (path === null) {
      sendText(res, 400, "bad path", head)
      return
    }
    const immutable = urlPath.startsWith("/assets/")
    const cache = immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE
    let target = path
    let st = await statFile(target)
    if (!st && urlPath.endsWith("/")) {
      target = join(path, "index.html")
      st = await statFile(target)
    }
    if (st) {
      await serveFile(req, res, target, st, cache)
      return
    }
    if (!immutable && isNavigation(req)) {
      const index = join(root, "index.html")
      const ist = await statFile(index)
      if (ist) {
        await serveFile(req, res, index, ist, REVALIDATE_CACHE)
        return
      }
      sendText(
        res,
        503,
        "Baton's app has not been built here: run `npm run build`, then reload.",
        head,
      )
      return
    }
    sendText(res, 404, "not found", head)
  }

  async function warm(): Promise<void> {
    const walk = async (dir: string): Promise<string[]> => {
      let entries
      try {
        entries = await fs.readdir(dir, { withFileTypes: true })
      } catch {
        return []
      }
      const nested = await Promise.all(
        entries.map((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
        ),
      )
      return nested.flat()
    }
    for (const path of await walk(root)) {
      const ext = extname(path).toLowerCase()
      if (!COMPRESSIBLE.has(ext)) continue
      const st = await statFile(path)
      if (!st || st.size < MIN_COMPRESS_BYTES) continue
      try {
        const file = await loadFile(path, st.size, st.mtimeMs)
        await Promise.all([
          compressed(file, path, st.mtimeMs, "br"),
          compressed(file, path, st.mtimeMs, "gzip"),
        ])
      } catch {
        // Best effort: a request will try again and report its own error.
      }
    }
  }

  return { handle, warm }
}
