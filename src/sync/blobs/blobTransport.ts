/**
 * Requests to the relay's `/blobs/` (docs/protocol.md, "Attachments (HTTP)"), each signed with
 * this device's key: `Baton-Device-Key`, `Baton-Time` and `Baton-Signature` over
 * `baton-blob-v1\n<METHOD>\n<path>\n<time>`. The relay checks the signature only on claimed
 * boards, so every request is signed when the page has a key. The time is the relay's, from
 * the `Date` of its latest answer: a device clock that is off must not get a request refused.
 */
import type { DeviceSigner } from "../transport/boardAuth"

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export interface BlobLimits {
  maxAttachmentBytes: number
  boardQuotaBytes: number | null
}

/** What the relay accepts when it cannot be asked (its default). */
export const DEFAULT_LIMITS: BlobLimits = {
  maxAttachmentBytes: 25 * 1024 * 1024,
  boardQuotaBytes: null,
}

export interface BlobTransport {
  /** A signed request for a file of a board; rejects only when the relay cannot be reached. */
  send(
    method: "GET" | "HEAD" | "PUT",
    board: string,
    sha256: string,
    body?: { bytes: ArrayBuffer; mime: string },
  ): Promise<Response>
  /** The relay's limits (the last ones known when it cannot be reached). */
  limits(): Promise<BlobLimits>
}

export function base64url(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** The headers that sign `method path` at `time` (ms since the epoch). */
export async function signedHeaders(
  signer: DeviceSigner,
  method: string,
  path: string,
  time: number,
): Promise<Record<string, string>> {
  const t = String(Math.round(time))
  const payload = new TextEncoder().encode(`baton-blob-v1\n${method}\n${path}\n${t}`)
  return {
    "Baton-Device-Key": base64url(signer.publicKey),
    "Baton-Time": t,
    "Baton-Signature": base64url(await signer.sign(payload)),
  }
}

const LIMITS_KEY = "baton.blobLimits"

function isLimits(v: unknown): v is BlobLimits {
  if (typeof v !== "object" || v === null) return false
  const o = v as Record<string, unknown>
  return (
    typeof o.maxAttachmentBytes === "number" &&
    o.maxAttachmentBytes > 0 &&
    (o.boardQuotaBytes === null || typeof o.boardQuotaBytes === "number")
  )
}

export function createBlobTransport(options: {
  fetch: Fetch
  /** This device's signer, or `null` when the page has no WebCrypto (unclaimed boards only). */
  signer: () => Promise<DeviceSigner | null>
  /** Where the relay is: `""` for the page's own origin. */
  base?: string
  now?: () => number
  /** Keeps the last limits known, for offline use (localStorage in the page). */
  memory?: Pick<Storage, "getItem" | "setItem"> | null
}): BlobTransport {
  const base = options.base ?? ""
  const now = options.now ?? Date.now
  let offset = 0
  const learnClock = (res: Response): void => {
    const t = Date.parse(res.headers.get("date") ?? "")
    // A Date header has whole seconds: only correct a clock that is clearly off.
    if (Number.isFinite(t) && Math.abs(t - now()) > 5_000) offset = t - now()
  }
  const send: BlobTransport["send"] = async (method, board, sha256, body) => {
    const path = `/blobs/${board}/${sha256}`
    const attempt = async (): Promise<Response> => {
      const signer = await options.signer()
      const headers: Record<string, string> =
        signer === null ? {} : await signedHeaders(signer, method, path, now() + offset)
      if (body !== undefined) headers["Content-Type"] = body.mime
      const res = await options.fetch(base + path, {
        method,
        headers,
        ...(body !== undefined ? { body: body.bytes } : {}),
        cache: "no-store",
      })
      learnClock(res)
      return res
    }
    const res = await attempt()
    // Refused as too far from the relay's time: now that its clock is known, once more.
    if (res.status === 401 && offset !== 0) {
      const text = await res.clone().text()
      if (/time/i.test(text)) return attempt()
    }
    return res
  }
  const remembered = (): BlobLimits => {
    try {
      const v: unknown = JSON.parse(options.memory?.getItem(LIMITS_KEY) ?? "null")
      return isLimits(v) ? v : DEFAULT_LIMITS
    } catch {
      return DEFAULT_LIMITS
    }
  }
  const limits = async (): Promise<BlobLimits> => {
    try {
      const res = await options.fetch(`${base}/blobs/limits`, { cache: "no-store" })
      if (!res.ok) return remembered()
      learnClock(res)
      const v: unknown = await res.json()
      if (!isLimits(v)) return remembered()
      try {
        options.memory?.setItem(LIMITS_KEY, JSON.stringify(v))
      } catch {
        // Storage refused: the limits are asked again next time.
      }
      return v
    } catch {
      return remembered()
    }
  }
  return { send, limits }
}
