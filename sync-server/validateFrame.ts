/**
 * Checks one WebSocket frame from a peer against the automerge-repo WebSocket protocol
 * before anything in the repo sees it. Every rejection names a WebSocket close code, a short
 * reason (sent in the close frame) and a metric label.
 */
import { decodeSyncMessage } from "@automerge/automerge"
import { cbor, isValidDocumentId } from "@automerge/automerge-repo"
import { AUTH_TYPE, parseAuthFrame } from "./auth/authFrame"
import type { ClientAuthFrame } from "./auth/authFrame"
import { SNAPSHOT_REQUEST_TYPE } from "../src/shared/snapshotProtocol"

export const CLOSE_UNSUPPORTED_DATA = 1003
export const CLOSE_INVALID_PAYLOAD = 1007
export const CLOSE_POLICY_VIOLATION = 1008
export const CLOSE_TOO_BIG = 1009
export const CLOSE_PROTOCOL_ERROR = 1002

export interface Rejection {
  ok: false
  code: number
  /** Short reason for the close frame (at most 123 bytes). */
  reason: string
  /** Label for the `rejected frames` metric. */
  label: string
}

export type JoinFrame = {
  type: "join"
  senderId: string
  peerMetadata: { storageId?: string; isEphemeral?: boolean }
  supportedProtocolVersions?: string[]
}

export type RepoFrame = Record<string, unknown> & {
  type: string
  senderId: string
  targetId: string
}

export type Accepted =
  | { ok: true; kind: "join"; message: JoinFrame }
  | { ok: true; kind: "repo"; message: RepoFrame; documentId?: string }
  | { ok: true; kind: "auth"; frame: ClientAuthFrame; documentId: string }
  | { ok: true; kind: "snapshot"; documentId: string }

const MAX_DEPTH = 8
const MAX_ID_LENGTH = 256
const MAX_LIST = 1000

const reject = (code: number, reason: string, label: string): Rejection => ({
  ok: false,
  code,
  reason,
  label,
})

/** Depth of nested arrays/objects, giving up (returning Infinity) past `limit`. */
function depth(value: unknown, limit: number, level = 0): number {
  if (level > limit) return Infinity
  if (value instanceof Uint8Array) return level
  if (Array.isArray(value)) {
    let max = level
    for (const v of value) max = Math.max(max, depth(v, limit, level + 1))
    return max
  }
  if (value !== null && typeof value === "object") {
    let max = level
    for (const v of Object.values(value)) max = Math.max(max, depth(v, limit, level + 1))
    return max
  }
  return level
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function isId(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_ID_LENGTH) return false
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return false
  return true
}

/** Storage ids become file names on the relay: only UUID-like tokens are accepted. */
function isStorageId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(value)
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_LIST && value.every((v) => isId(v))
}

/** Decodes the frame's CBOR into a message object, or says why not. */
export function decodeFrame(
  bytes: Uint8Array,
): { ok: true; value: Record<string, unknown> } | Rejection {
  let value: unknown
  try {
    value = cbor.decode(bytes)
  } catch {
    return reject(CLOSE_INVALID_PAYLOAD, "frame is not CBOR", "not-cbor")
  }
  if (depth(value, MAX_DEPTH) > MAX_DEPTH)
    return reject(CLOSE_INVALID_PAYLOAD, "message nested too deeply", "too-deep")
  if (!isPlainObject(value))
    return reject(CLOSE_INVALID_PAYLOAD, "frame is not a message object", "not-object")
  return { ok: true, value }
}

/**
 * Validates a decoded message. `joinedAs` is the peer id the connection joined with (null
 * before `join`); `relayId` is the relay's own peer id, the only valid `targetId`.
 */
export function validateMessage(
  m: Record<string, unknown>,
  joinedAs: string | null,
  relayId: string,
): Accepted | Rejection {
  const type = m.type
  if (typeof type !== "string")
    return reject(CLOSE_INVALID_PAYLOAD, "message has no type", "bad-field")
  if (type === "join") {
    if (joinedAs !== null) return reject(CLOSE_POLICY_VIOLATION, "joined twice", "join-twice")
    if (!isId(m.senderId))
      return reject(CLOSE_INVALID_PAYLOAD, "join without a valid senderId", "bad-field")
    const meta = m.peerMetadata ?? {}
    if (!isPlainObject(meta))
      return reject(CLOSE_INVALID_PAYLOAD, "peerMetadata is not an object", "bad-field")
    if (meta.storageId !== undefined && !isStorageId(meta.storageId))
      return reject(CLOSE_INVALID_PAYLOAD, "peerMetadata.storageId is malformed", "bad-field")
    if (meta.isEphemeral !== undefined && typeof meta.isEphemeral !== "boolean")
      return reject(CLOSE_INVALID_PAYLOAD, "peerMetadata.isEphemeral is not a boolean", "bad-field")
    const versions = m.supportedProtocolVersions
    if (versions !== undefined && !isStringList(versions))
      return reject(
        CLOSE_INVALID_PAYLOAD,
        "supportedProtocolVersions is not a list of strings",
        "bad-field",
      )
    const peerMetadata: JoinFrame["peerMetadata"] = {}
    if (typeof meta.storageId === "string") peerMetadata.storageId = meta.storageId
    if (typeof meta.isEphemeral === "boolean") peerMetadata.isEphemeral = meta.isEphemeral
    const message: JoinFrame = { type: "join", senderId: m.senderId, peerMetadata }
    if (versions !== undefined) message.supportedProtocolVersions = versions
    return { ok: true, kind: "join", message }
  }
  if (!KNOWN_TYPES.has(type))
    return reject(CLOSE_POLICY_VIOLATION, "unknown message type", "unknown-type")
  if (joinedAs === null) return reject(CLOSE_POLICY_VIOLATION, "message before join", "before-join")
  if (m.senderId !== joinedAs)
    return reject(CLOSE_POLICY_VIOLATION, "senderId is not the joined peer", "wrong-sender")
  if (m.targetId !== relayId)
    return reject(CLOSE_POLICY_VIOLATION, "targetId is not this relay", "wrong-target")

  if (type === "remote-subscription-change") {
    if (m.add !== undefined && !isStringList(m.add))
      return reject(CLOSE_INVALID_PAYLOAD, "add is not a list", "bad-field")
    if (m.remove !== undefined && !isStringList(m.remove))
      return reject(CLOSE_INVALID_PAYLOAD, "remove is not a list", "bad-field")
    return { ok: true, kind: "repo", message: m as RepoFrame }
  }

  const documentId = m.documentId
  if (
    typeof documentId !== "string" ||
    documentId.length > MAX_ID_LENGTH ||
    !isValidDocumentId(documentId)
  )
    return reject(CLOSE_INVALID_PAYLOAD, "malformed documentId", "bad-document-id")

  switch (type) {
    case AUTH_TYPE: {
      const frame = parseAuthFrame(m)
      if (typeof frame === "string") return reject(CLOSE_INVALID_PAYLOAD, frame, "bad-auth")
      return { ok: true, kind: "auth", frame, documentId }
    }
    case SNAPSHOT_REQUEST_TYPE:
      return { ok: true, kind: "snapshot", documentId }
    case "sync":
    case "request": {
      if (!(m.data instanceof Uint8Array) || m.data.byteLength === 0)
        return reject(CLOSE_INVALID_PAYLOAD, "sync data missing", "bad-field")
      try {
        decodeSyncMessage(m.data)
      } catch {
        return reject(CLOSE_INVALID_PAYLOAD, "undecodable sync data", "bad-sync-data")
      }
      break
    }
    case "ephemeral": {
      if (!(m.data instanceof Uint8Array))
        return reject(CLOSE_INVALID_PAYLOAD, "ephemeral data missing", "bad-field")
      if (typeof m.count !== "number" || !Number.isSafeInteger(m.count) || m.count < 0)
        return reject(CLOSE_INVALID_PAYLOAD, "ephemeral count is not a counter", "bad-field")
      if (!isId(m.sessionId))
        return reject(CLOSE_INVALID_PAYLOAD, "ephemeral sessionId missing", "bad-field")
      try {
        cbor.decode(m.data)
      } catch {
        return reject(CLOSE_INVALID_PAYLOAD, "ephemeral data is not CBOR", "bad-field")
      }
      break
    }
    case "doc-unavailable":
      break
    case "remote-heads-changed": {
      const newHeads = m.newHeads
      if (!isPlainObject(newHeads))
        return reject(CLOSE_INVALID_PAYLOAD, "newHeads is not an object", "bad-field")
      for (const [storageId, entry] of Object.entries(newHeads)) {
        if (
          !isId(storageId) ||
          !isPlainObject(entry) ||
          !isStringList(entry.heads) ||
          typeof entry.timestamp !== "number"
        )
          return reject(CLOSE_INVALID_PAYLOAD, "newHeads entry is malformed", "bad-field")
      }
      break
    }
  }
  return { ok: true, kind: "repo", message: m as RepoFrame, documentId }
}

const KNOWN_TYPES = new Set([
  "sync",
  "request",
  "ephemeral",
  "doc-unavailable",
  "remote-subscription-change",
  "remote-heads-changed",
  AUTH_TYPE,
  SNAPSHOT_REQUEST_TYPE,
])
