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
import type { PushTopic, Recipient } from "./pushQueue"
import type { StoredSubscription } from "./sendPush"

export interface BoardSubscription extends StoredSubscription {
  boardId: string
  topic: PushTopic
  createdAt: number
  /** Keys of events already queued (most recent last, bounded). */
  seen: string[]
  /**
   * The device that signed the subscription (base64url SHA-256 of its public key). Absent
   * only on subscriptions made before subscribing was signed.
   */
  deviceId?: string
  /** The member's zone, hours and status as the board last said (deliveries need no board). */
  recipient?: Recipient
  /** When the board must next be looked at for a due reply or deadline (epoch ms), if ever. */
  wakeAt?: number | null
}

export const MAX_SEEN = 5000

/** The id of a subscription: one per device endpoint and board. */
export function subscriptionId(endpoint: string, boardId: string): string {
  return createHash("sha256").update(`${boardId}\n${endpoint}`).digest("base64url").slice(0, 32)
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

  /** Changes a subscription's recipient or wake time (no-op when absent). */
  update(id: string, patch: Pick<BoardSubscription, "recipient" | "wakeAt">): void {
    const s = this.subs.get(id)
    if (!s) return
    Object.assign(s, patch)
    this.persist()
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
