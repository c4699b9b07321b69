/**
 * The signed body of `POST` and `DELETE /push/subscribe` (docs/protocol.md, "Push
 * subscriptions"): the request itself as JSON text, the device's public key and its
 * signature over `"baton-push-v1\n" + request`. The request names its action, the board, the
 * instant it was made and a one-time nonce, so a signature is worth one request: for that
 * action on that board, within `maxAgeMs` of its instant, once.
 */
import { isValidDocumentId } from "@automerge/automerge-repo"
import { deviceIdOf, unb64, verifySignature } from "../auth/crypto"
import { endpointProblem } from "./endpointGuard"
import { PUSH_TOPICS } from "./pushEvents"
import type { PushTopic } from "./pushQueue"

export const PUSH_SIGNATURE_CONTEXT = "baton-push-v1\n"
/** How far a request's `at` may be from the relay's clock, either way. Default 2 minutes. */
export const DEFAULT_REQUEST_MAX_AGE_MS = 120_000

export type PushAction = "subscribe" | "unsubscribe"

export interface PushRequest {
  action: PushAction
  boardId: string
  /** Empty for `unsubscribe`. */
  memberId: string
  topic: PushTopic
  endpoint: string
  keys: { p256dh: string; auth: string }
  at: number
  nonce: string
}

export interface SignedPushRequest {
  request: PushRequest
  deviceId: string
  publicKey: string
}

export type Refusal = { status: number; error: string; reason: string }
export type Checked<T> = ({ ok: true } & T) | ({ ok: false } & Refusal)

const ID = /^[A-Za-z0-9_-]{1,128}$/
const B64URL = /^[A-Za-z0-9_-]+$/
const NONCE = /^[A-Za-z0-9_-]{22,64}$/

const decodedLength = (s: string): number => Buffer.from(s, "base64url").length

function refuse(status: number, reason: string, error: string): { ok: false } & Refusal {
  return { ok: false, status, reason, error }
}

/** Checks the inner request's fields (not its signature). */
export function parsePushRequest(
  value: unknown,
  action: PushAction,
  allowPrivate: boolean,
): Checked<{ request: PushRequest }> {
  const bad = (error: string) => refuse(400, "malformed", error)
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return bad("request must be a JSON object.")
  const b = value as Record<string, unknown>
  if (b.action !== action) return bad(`request.action must be "${action}" for this method.`)
  if (typeof b.boardId !== "string" || !isValidDocumentId(b.boardId))
    return bad("boardId must be a board's document id.")
  if (typeof b.at !== "number" || !Number.isFinite(b.at))
    return bad("at must be the request's instant in epoch milliseconds.")
  if (typeof b.nonce !== "string" || !NONCE.test(b.nonce))
    return bad("nonce must be 16-48 random bytes, base64url.")
  const sub = b.subscription as Record<string, unknown> | undefined
  if (typeof sub !== "object" || sub === null) return bad("subscription must be an object.")
  const problem = endpointProblem(sub.endpoint, allowPrivate)
  if (problem) return refuse(400, "hostile-endpoint", problem)
  const endpoint = sub.endpoint as string
  const base = { action, boardId: b.boardId, at: b.at, nonce: b.nonce, endpoint }
  if (action === "unsubscribe")
    return {
      ok: true,
      request: { ...base, memberId: "", topic: "mentions", keys: { p256dh: "", auth: "" } },
    }
  if (typeof b.memberId !== "string" || !ID.test(b.memberId))
    return bad("memberId must be a member id (letters, digits, - and _).")
  const topic = b.topic === undefined ? "mentions" : b.topic
  if (typeof topic !== "string" || !(PUSH_TOPICS as readonly string[]).includes(topic))
    return bad(`topic must be one of ${PUSH_TOPICS.join(", ")}.`)
  const keys = sub.keys as Record<string, unknown> | undefined
  if (typeof keys !== "object" || keys === null) return bad("subscription.keys must be an object.")
  const { p256dh, auth } = keys
  if (
    typeof p256dh !== "string" ||
    !B64URL.test(p256dh) ||
    decodedLength(p256dh) !== 65 ||
    Buffer.from(p256dh, "base64url")[0] !== 4
  )
    return bad("subscription.keys.p256dh must be an uncompressed P-256 public key (base64url).")
  if (typeof auth !== "string" || !B64URL.test(auth) || decodedLength(auth) !== 16)
    return bad("subscription.keys.auth must be a 16-byte secret (base64url).")
  return {
    ok: true,
    request: { ...base, memberId: b.memberId, topic: topic as PushTopic, keys: { p256dh, auth } },
  }
}

/**
 * Checks the envelope `{ request, publicKey, signature }`: the shape, the signature, and that
 * `request.at` is within `maxAgeMs` of `now`. Spending the nonce is the caller's (it needs the
 * store, which several relays may share).
 */
export async function verifyPushRequest(
  body: unknown,
  action: PushAction,
  now: number,
  options: { allowPrivate: boolean; maxAgeMs: number },
): Promise<Checked<SignedPushRequest>> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return refuse(400, "malformed", "The body must be a JSON object.")
  const b = body as Record<string, unknown>
  if (b.signature === undefined && b.publicKey === undefined)
    return refuse(
      401,
      "unsigned",
      "The request must be signed with this device's key (request, publicKey, signature).",
    )
  if (typeof b.request !== "string")
    return refuse(400, "malformed", "request must be the request as JSON text.")
  if (
    typeof b.publicKey !== "string" ||
    !B64URL.test(b.publicKey) ||
    decodedLength(b.publicKey) !== 65 ||
    Buffer.from(b.publicKey, "base64url")[0] !== 4
  )
    return refuse(400, "malformed", "publicKey must be a raw P-256 public key (base64url).")
  if (
    typeof b.signature !== "string" ||
    !B64URL.test(b.signature) ||
    decodedLength(b.signature) !== 64
  )
    return refuse(400, "malformed", "signature must be a 64-byte ECDSA signature (base64url).")
  let inner: unknown
  try {
    inner = JSON.parse(b.request)
  } catch {
    return refuse(400, "malformed", "request is not valid JSON.")
  }
  const parsed = parsePushRequest(inner, action, options.allowPrivate)
  if (!parsed.ok) return parsed
  const publicKey = unb64(b.publicKey)
  const valid = await verifySignature(
    publicKey,
    unb64(b.signature),
    new TextEncoder().encode(PUSH_SIGNATURE_CONTEXT + b.request),
  )
  if (!valid) return refuse(401, "bad-signature", "The signature does not match the request.")
  if (Math.abs(now - parsed.request.at) > options.maxAgeMs)
    return refuse(
      401,
      "stale-request",
      "The request is too old or its clock is far off; check this device's clock and try again.",
    )
  return {
    ok: true,
    request: parsed.request,
    deviceId: deviceIdOf(publicKey),
    publicKey: b.publicKey,
  }
}
