/**
 * The members' push subscriptions, per board, kept in a JSON file beside the push queue
 * (replaced atomically with fsync on every change). Each subscription also remembers which
 * events it was already given, so a board change never repeats a notification.
 */
import { createHash } from "node:crypto"
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs"
import { isValidDocumentId } from "@automerge/automerge-repo"
import type { PushTopic } from "./pushQueue"
import { PUSH_TOPICS } from "./pushEvents"
import type { StoredSubscription } from "./sendPush"

export interface BoardSubscription extends StoredSubscription {
  boardId: string
  topic: PushTopic
  createdAt: number
  /** Keys of events already queued (most recent last, bounded). */
  seen: string[]
}

export const MAX_SEEN = 5000
const ID = /^[A-Za-z0-9_-]{1,128}$/
const B64URL = /^[A-Za-z0-9_-]+$/

/** The id of a subscription: one per device endpoint and board. */
export function subscriptionId(endpoint: string, boardId: string): string {
  return createHash("sha256").update(`${boardId}\n${endpoint}`).digest("base64url").slice(0, 32)
}

export type ParsedRequest =
  | {
      ok: true
      boardId: string
      memberId: string
      topic: PushTopic
      endpoint: string
      keys: { p256dh: string; auth: string }
    }
  | { ok: false; error: string }

function decodedLength(s: string): number {
  return Buffer.from(s, "base64url").length
}

/**
 * Validates a subscribe request: `{ boardId, memberId, topic?, subscription: { endpoint,
 * keys: { p256dh, auth } } }` (the subscription as `PushSubscription.toJSON()` gives it).
 * With `forDelete`, only `boardId` and `subscription.endpoint` are needed.
 */
export function parseSubscribeRequest(body: unknown, forDelete = false): ParsedRequest {
  const fail = (error: string): ParsedRequest => ({ ok: false, error })
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return fail("The body must be a JSON object.")
  const b = body as Record<string, unknown>
  if (typeof b.boardId !== "string" || !isValidDocumentId(b.boardId))
    return fail("boardId must be a board's document id.")
  const sub = b.subscription as Record<string, unknown> | undefined
  if (typeof sub !== "object" || sub === null) return fail("subscription must be an object.")
  if (typeof sub.endpoint !== "string" || sub.endpoint.length > 2048)
    return fail("subscription.endpoint must be an https URL of at most 2048 characters.")
  let url: URL
  try {
    url = new URL(sub.endpoint)
  } catch {
    return fail("subscription.endpoint must be an https URL of at most 2048 characters.")
  }
  if (url.protocol !== "https:")
    return fail("subscription.endpoint must be an https URL of at most 2048 characters.")
  if (forDelete)
    return {
      ok: true,
      boardId: b.boardId,
      memberId: "",
      topic: "mentions",
      endpoint: sub.endpoint,
      keys: { p256dh: "", auth: "" },
    }
  if (typeof b.memberId !== "string" || !ID.test(b.memberId))
    return fail("memberId must be a member id (letters, digits, - and _).")
  const topic = b.topic === undefined ? "mentions" : b.topic
  if (typeof topic !== "string" || !(PUSH_TOPICS as readonly string[]).includes(topic))
    return fail(`topic must be one of ${PUSH_TOPICS.join(", ")}.`)
  const keys = sub.keys as Record<string, unknown> | undefined
  if (typeof keys !== "object" || keys === null) return fail("subscription.keys must be an object.")
  const { p256dh, auth } = keys
  if (
    typeof p256dh !== "string" ||
    !B64URL.test(p256dh) ||
    decodedLength(p256dh) !== 65 ||
    Buffer.from(p256dh, "base64url")[0] !== 4
  )
    return fail("subscription.keys.p256dh must be an uncompressed P-256 public key (base64url).")
  if (typeof auth !== "string" || !B64URL.test(auth) || decodedLength(auth) !== 16)
    return fail("subscription.keys.auth must be a 16-byte secret (base64url).")
  return {
    ok: true,
    boardId: b.boardId,
    memberId: b.memberId,
    topic: topic as PushTopic,
    endpoint: sub.endpoint,
    keys: { p256dh, auth },
  }
}

export class SubscriptionStore {
  private subs = new Map<string, BoardSubscription>()
  readonly damagedFile: string | null = null

  constructor(private readonly file: string) {
    if (!existsSync(file)) return
    try {
      const v: unknown = JSON.parse(readFileSync(file, "utf8"))
      if (!Array.isArray(v)) throw new Error("not a list")
      for (const s of v as BoardSubscription[])
        if (s && typeof s.id === "string" && typeof s.boardId === "string")
          this.subs.set(s.id, { ...s, seen: Array.isArray(s.seen) ? s.seen : [] })
    } catch {
      const aside = `${file}.damaged-${Date.now()}`
      renameSync(file, aside)
      this.damagedFile = aside
    }
  }

  get(id: string): BoardSubscription | undefined {
    return this.subs.get(id)
  }

  all(): BoardSubscription[] {
    return [...this.subs.values()]
  }

  boards(): string[] {
    return [...new Set(this.all().map((s) => s.boardId))]
  }

  ofBoard(boardId: string): BoardSubscription[] {
    return this.all().filter((s) => s.boardId === boardId)
  }

  /** Adds or replaces a subscription (a new choice of topic keeps what was already seen). */
  put(sub: BoardSubscription): void {
    const old = this.subs.get(sub.id)
    this.subs.set(sub.id, old ? { ...sub, seen: [...new Set([...old.seen, ...sub.seen])] } : sub)
    this.persist()
  }

  remove(id: string): boolean {
    const had = this.subs.delete(id)
    if (had) this.persist()
    return had
  }

  markSeen(id: string, keys: readonly string[]): void {
    const s = this.subs.get(id)
    if (!s || keys.length === 0) return
    s.seen = [...s.seen, ...keys].slice(-MAX_SEEN)
    this.persist()
  }

  private persist(): void {
    const tmp = `${this.file}.tmp`
    const fd = openSync(tmp, "w", 0o600)
    try {
      writeSync(fd, JSON.stringify(this.all()))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.file)
  }
}
