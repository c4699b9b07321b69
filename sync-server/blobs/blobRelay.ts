/**
 * `/blobs/`: attachment bytes, per board and addressed by their SHA-256 (docs/attachments.md,
 * docs/protocol.md "Attachments").
 *
 * - `PUT /blobs/<board>/<sha256>` streams the bytes in, checks their hash and length as they
 *   come, and answers only once they are durable. An upload over the limit or the board's quota
 *   is refused from its `Content-Length`, before its body is read.
 * - `GET`/`HEAD` serve them with ranges and `ETag`s, never as something the browser would run:
 *   `nosniff`, a sandboxing CSP, and anything but plain images, audio and video as a download.
 * - On a claimed board every request is signed by a device of the board (`Baton-Device-Key`,
 *   `Baton-Time`, `Baton-Signature` over `baton-blob-v1\n<METHOD>\n<path>\n<time>`); viewers
 *   may read, not upload. A replayed request within its 2 minutes can only repeat the same
 *   idempotent request for the same content, and the device's grant is checked every time.
 * - Files no longer referenced by their board are deleted after a grace period.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { isValidDocumentId } from "@automerge/automerge-repo"
import rangeParser from "range-parser"
import { referencedBlobs } from "../../src/model/attachments"
import type { Board } from "../../src/model/types"
import type { AccessControl } from "../auth/AccessControl"
import { deviceIdOf, sameBytes, unb64, verifySignature } from "../auth/crypto"
import type { Logger } from "../log"
import { BlobError } from "./FileBlobStore"
import type { BlobStore } from "./FileBlobStore"

export const DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
export const DEFAULT_BLOB_GRACE_MS = 30 * 24 * 3600 * 1000
export const BLOB_SIGNATURE_CONTEXT = "baton-blob-v1\n"
const MAX_CLOCK_SKEW_MS = 120_000
const DAY_MS = 24 * 3600 * 1000

export interface BlobOptions {
  /** Largest file accepted. Default 25 MiB (`MAX_ATTACHMENT_BYTES`). */
  maxBytes?: number
  /** Most bytes one board may keep (`MAX_BOARD_BLOB_BYTES`); default none. */
  boardQuotaBytes?: number | null
  /** How long an unreferenced file is kept. Default 30 days. */
  graceMs?: number
  /** How often the garbage collector runs. Default daily; 0 switches the timer off. */
  gcIntervalMs?: number
  now?: () => number
  store?: BlobStore
}

export interface BlobRelay {
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean
  /** One garbage-collection pass over every board's files. */
  collect(): Promise<{ kept: number; deleted: number }>
  close(): void
}

const SHA = /^[0-9a-f]{64}$/
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/
const INLINE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"])

/** Types a browser shows without running anything: plain images, audio and video. */
export function servedInline(mime: string): boolean {
  return INLINE.has(mime) || /^audio\//.test(mime) || /^video\//.test(mime)
}

function cleanMime(header: string | undefined): string {
  const m = (header ?? "").split(";")[0]!.trim().toLowerCase()
  return MIME.test(m) ? m : "application/octet-stream"
}

function json(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Length": Buffer.byteLength(text),
    ...(close ? { Connection: "close" } : {}),
  })
  res.end(text)
}

type Refusal = { status: number; error: string; reason: string }

/** The store cannot be reached (the database went away): the device keeps the file and retries. */
function unavailable(res: ServerResponse): void {
  res.setHeader("Retry-After", "5")
  json(res, 503, { error: "The relay's database is unavailable; try again shortly." }, true)
}

export function createBlobRelay(
  store: BlobStore,
  access: AccessControl | undefined,
  findBoard: (documentId: string) => Promise<Board | null>,
  log: Logger,
  options: BlobOptions = {},
): BlobRelay {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES
  const quota = options.boardQuotaBytes ?? null
  const graceMs = options.graceMs ?? DEFAULT_BLOB_GRACE_MS
  const now = options.now ?? Date.now

  const authorize = async (
    req: IncomingMessage,
    path: string,
    documentId: string,
    write: boolean,
  ): Promise<Refusal | null> => {
    const record = access?.recordOf(documentId)
    if (record === undefined) return null // an unclaimed board is open, like its sync
    const key = req.headers["baton-device-key"]
    const time = req.headers["baton-time"]
    const sig = req.headers["baton-signature"]
    if (typeof key !== "string" || typeof time !== "string" || typeof sig !== "string")
      return { status: 401, reason: "unsigned", error: "This board needs a signed request." }
    const t = Number(time)
    if (!/^\d{1,16}$/.test(time) || Math.abs(now() - t) > MAX_CLOCK_SKEW_MS)
      return { status: 401, reason: "stale", error: "The request's time is too far from now." }
    const publicKey = unb64(key)
    const signature = unb64(sig)
    if (publicKey.byteLength !== 65 || signature.byteLength !== 64)
      return { status: 401, reason: "malformed", error: "Malformed device key or signature." }
    const payload = new TextEncoder().encode(
      `${BLOB_SIGNATURE_CONTEXT}${req.method ?? ""}\n${path}\n${time}`,
    )
    if (!(await verifySignature(publicKey, signature, payload)))
      return { status: 401, reason: "bad-signature", error: "The signature does not match." }
    const deviceId = deviceIdOf(publicKey)
    const device = Object.prototype.hasOwnProperty.call(record.devices, deviceId)
      ? record.devices[deviceId]
      : undefined
    if (device === undefined || !sameBytes(unb64(device.publicKey), publicKey))
      return { status: 403, reason: "not-a-member", error: "This device is not on that board." }
    if (device.removedAt !== undefined)
      return { status: 403, reason: "device-removed", error: "This device was removed." }
    if (write && device.role === "view")
      return { status: 403, reason: "view-only", error: "Viewers cannot attach files." }
    return null
  }

  const refuse = (req: IncomingMessage, res: ServerResponse, r: Refusal): void => {
    log.warn("blob request refused", { reason: r.reason, method: req.method, url: req.url })
    json(res, r.status, { error: r.error }, req.method === "PUT")
  }

  const get = async (
    req: IncomingMessage,
    res: ServerResponse,
    documentId: string,
    sha256: string,
  ): Promise<void> => {
    const info = await store.stat(documentId, sha256)
    if (info === null) return json(res, 404, { error: "not uploaded yet" })
    const etag = `"${sha256}"`
    const inline = servedInline(info.mime)
    const headers: Record<string, string | number> = {
      "Content-Type": inline ? info.mime : "application/octet-stream",
      ETag: etag,
      "Accept-Ranges": "bytes",
      "Cache-Control": "private, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "Cross-Origin-Resource-Policy": "same-origin",
      ...(inline ? {} : { "Content-Disposition": "attachment" }),
    }
    const inm = req.headers["if-none-match"]
    if (typeof inm === "string" && inm.split(",").some((t) => t.trim() === etag)) {
      res.writeHead(304, headers)
      return void res.end()
    }
    let range: { start: number; end: number } | undefined
    const rh = req.headers.range
    if (typeof rh === "string" && info.size > 0) {
      const parsed = rangeParser(info.size, rh, { combine: true })
      if (parsed === -1) {
        res.writeHead(416, { ...headers, "Content-Range": `bytes */${info.size}` })
        return void res.end()
      }
      // A malformed header (-2) is ignored, as RFC 9110 allows; several ranges get the first.
      if (parsed !== -2 && parsed.type === "bytes" && parsed.length > 0) range = parsed[0]!
    }
    if (range !== undefined) {
      headers["Content-Range"] = `bytes ${range.start}-${range.end}/${info.size}`
      headers["Content-Length"] = range.end - range.start + 1
      res.writeHead(206, headers)
    } else {
      headers["Content-Length"] = info.size
      res.writeHead(200, headers)
    }
    if (req.method === "HEAD" || info.size === 0) return void res.end()
    const stream = store.read(documentId, sha256, range)
    stream.on("error", (e) => {
      log.error("blob read failed", { documentId, sha256, error: String(e) })
      res.destroy()
    })
    stream.pipe(res)
  }

  const put = async (
    req: IncomingMessage,
    res: ServerResponse,
    documentId: string,
    sha256: string,
  ): Promise<void> => {
    const lengthHeader = req.headers["content-length"]
    if (lengthHeader === undefined || !/^\d{1,16}$/.test(lengthHeader))
      return json(res, 411, { error: "The upload needs a Content-Length." }, true)
    const size = Number(lengthHeader)
    if (size > maxBytes)
      return json(
        res,
        413,
        {
          error: `The file is larger than this relay accepts (${maxBytes} bytes).`,
          limit: maxBytes,
        },
        true,
      )
    if ((await store.stat(documentId, sha256)) !== null) {
      await store.touch(documentId, sha256, now())
      return json(res, 200, { sha256, created: false }, true)
    }
    if (quota !== null && (await store.boardBytes(documentId)) + size > quota)
      return json(
        res,
        413,
        { error: `This board's files would exceed its quota (${quota} bytes).`, quota },
        true,
      )
    if ((await findBoard(documentId)) === null)
      return json(res, 404, { error: "This relay does not hold that board (yet)." }, true)
    try {
      const { created } = await store.write(
        documentId,
        sha256,
        cleanMime(req.headers["content-type"]),
        size,
        req,
      )
      json(res, created ? 201 : 200, { sha256, created })
    } catch (e) {
      if (!(e instanceof BlobError)) {
        log.error("blob write failed", { documentId, sha256, error: String(e) })
        if (!res.headersSent) json(res, 500, { error: "The file could not be stored." }, true)
        return
      }
      const r = e.reason.kind
      log.warn("blob upload refused", { documentId, sha256, reason: r })
      if (res.headersSent) return
      if (r === "mismatch")
        json(res, 422, { error: "The bytes do not match their SHA-256; nothing was kept." }, true)
      else if (r === "too-large")
        json(
          res,
          413,
          { error: "The body is longer than its Content-Length.", limit: maxBytes },
          true,
        )
      else if (r === "short")
        json(res, 400, { error: "The body ended before its Content-Length." }, true)
      else if (r === "unavailable") unavailable(res)
      else json(res, 507, { error: "The relay's disk is full; try again later." }, true)
    }
  }

  const handle = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (!path.startsWith("/blobs/")) return false
    if (path === "/blobs/limits") {
      if (req.method !== "GET") return (json(res, 405, { error: "GET only" }), true)
      json(res, 200, { maxAttachmentBytes: maxBytes, boardQuotaBytes: quota })
      return true
    }
    const parts = path.split("/")
    const documentId = parts[2] ?? ""
    const sha256 = parts[3] ?? ""
    if (parts.length !== 4 || !isValidDocumentId(documentId) || !SHA.test(sha256)) {
      json(res, 400, { error: "Not a file address (/blobs/<board>/<sha256>)." }, true)
      return true
    }
    const method = req.method ?? ""
    if (method !== "GET" && method !== "HEAD" && method !== "PUT") {
      json(res, 405, { error: "GET, HEAD or PUT" }, true)
      return true
    }
    const write = method === "PUT"
    void (async () => {
      const no = await authorize(req, path, documentId, write)
      if (no !== null) return refuse(req, res, no)
      if (write) await put(req, res, documentId, sha256)
      else await get(req, res, documentId, sha256)
    })().catch((e: unknown) => {
      const away = e instanceof BlobError && e.reason.kind === "unavailable"
      if (away) log.warn("blob request while the store is unavailable", { url: req.url })
      else log.error("blob request failed", { url: req.url, error: String(e) })
      if (res.headersSent) res.destroy()
      else if (away) unavailable(res)
      else json(res, 500, { error: "internal error" }, true)
    })
    return true
  }

  const collect = async (): Promise<{ kept: number; deleted: number }> => {
    let kept = 0
    let deleted = 0
    const t = now()
    for (const documentId of await store.boards()) {
      if (!isValidDocumentId(documentId)) continue
      const files = await store.list(documentId)
      if (files.length === 0) continue
      const board = await findBoard(documentId)
      // A board this relay cannot read now keeps its files: never delete on a failed read.
      if (board === null) {
        kept += files.length
        continue
      }
      const refs = referencedBlobs(board)
      for (const f of files) {
        if (refs.has(f.sha256)) {
          kept++
          if (t - f.touchedAt > DAY_MS) await store.touch(documentId, f.sha256, t)
        } else if (t - f.touchedAt > graceMs) {
          await store.remove(documentId, f.sha256)
          deleted++
        } else kept++
      }
    }
    if (deleted > 0) log.info("unreferenced files deleted", { deleted, kept })
    return { kept, deleted }
  }

  const interval = options.gcIntervalMs ?? DAY_MS
  const timer =
    interval > 0
      ? setInterval(() => {
          collect().catch((e: unknown) => log.error("blob collection failed", { error: String(e) }))
        }, interval)
      : null
  timer?.unref()

  return {
    handle,
    collect,
    close() {
      if (timer) clearInterval(timer)
    },
  }
}
