/**
 * The relay's durable queue of push notifications, held to each recipient's working hours.
 *
 * A notification is queued with the member it is for (their zone, working hours and status
 * as the board says) and goes out only when `deliveryTime` (src/model/time/reminders.ts)
 * says it may: inside their working hours, not focusing, not away; otherwise at the start of
 * their next working period. Several notifications due for the same subscription at once go
 * out as one digest ("5 updates on 2 boards"). The queue is a JSON file replaced atomically
 * (write, fsync, rename) on every change, so it survives a restart or a crash; a damaged
 * file is moved aside and reported, never silently emptied.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs"
import { deliveryTime } from "../../src/model/time/reminders"
import type { Member } from "../../src/model/types"

/** What a member asked to be notified of. */
export type PushTopic = "mentions" | "replies-due" | "my-deadlines" | "everything"

export interface QueuedPush {
  id: string
  subscriptionId: string
  boardId: string
  cardId: string | null
  topic: PushTopic
  /** Shown text; for a board encrypted end to end only "Something changed on a board". */
  body: string
  /** When it arose (epoch ms). */
  at: number
}

export interface PushMessage {
  subscriptionId: string
  title: string
  body: string
  /** The card to open on click, when it is one notification about one card. */
  boardId: string | null
  cardId: string | null
  ids: string[]
}

export type Recipient = Pick<Member, "timeZone" | "workingHours" | "status">

/**
 * The messages that may go out at `now`, one per subscription (a digest when several are
 * due), given each subscription's recipient as the board last said. Nothing is removed.
 */
export function dueMessages(
  items: readonly QueuedPush[],
  now: number,
  recipientOf: (subscriptionId: string) => Recipient | null,
): PushMessage[] {
  const by = new Map<string, QueuedPush[]>()
  for (const item of items) {
    const who = recipientOf(item.subscriptionId)
    if (who === null) continue
    const t = deliveryTime(who, Math.max(item.at, now))
    if (t === null || t > now) continue
    by.set(item.subscriptionId, [...(by.get(item.subscriptionId) ?? []), item])
  }
  const out: PushMessage[] = []
  for (const [subscriptionId, group] of by) {
    group.sort((a, b) => a.at - b.at)
    if (group.length === 1) {
      const [one] = group as [QueuedPush]
      out.push({
        subscriptionId,
        title: "Baton",
        body: one.body,
        boardId: one.boardId,
        cardId: one.cardId,
        ids: [one.id],
      })
    } else {
      const boards = new Set(group.map((i) => i.boardId)).size
      out.push({
        subscriptionId,
        title: "Baton",
        body: `${group.length} updates on ${boards} board${boards === 1 ? "" : "s"}`,
        boardId: boards === 1 ? group[0]!.boardId : null,
        cardId: null,
        ids: group.map((i) => i.id),
      })
    }
  }
  return out
}

export class PushQueue {
  private items: QueuedPush[] = []
  /** Set when the file was damaged at start: where it was moved. */
  readonly damagedFile: string | null = null

  constructor(private readonly file: string) {
    if (!existsSync(file)) return
    try {
      const v: unknown = JSON.parse(readFileSync(file, "utf8"))
      if (!Array.isArray(v)) throw new Error("not a list")
      this.items = v.filter(
        (x): x is QueuedPush =>
          typeof x === "object" &&
          x !== null &&
          typeof (x as QueuedPush).id === "string" &&
          typeof (x as QueuedPush).subscriptionId === "string" &&
          typeof (x as QueuedPush).at === "number",
      )
    } catch {
      const aside = `${file}.damaged-${Date.now()}`
      renameSync(file, aside)
      this.damagedFile = aside
    }
  }

  get size(): number {
    return this.items.length
  }

  /** Adds a notification (idempotent by id) and keeps the queue on disk before returning. */
  add(item: QueuedPush): void {
    if (this.items.some((i) => i.id === item.id)) return
    this.items.push(item)
    this.persist()
  }

  /**
   * The messages that may go out at `now`, one per subscription (a digest when several are
   * due), given each subscription's recipient as the board says now. Nothing is removed
   * until `sent` is called with the message's ids.
   */
  due(now: number, recipientOf: (subscriptionId: string) => Recipient | null): PushMessage[] {
    return dueMessages(this.items, now, recipientOf)
  }

  /** Everything queued (a copy). */
  all(): QueuedPush[] {
    return [...this.items]
  }

  /** When the next held notification may go out (for the relay's timer), or `null`. */
  nextAt(now: number, recipientOf: (subscriptionId: string) => Recipient | null): number | null {
    let next: number | null = null
    for (const item of this.items) {
      const who = recipientOf(item.subscriptionId)
      if (who === null) continue
      const t = deliveryTime(who, Math.max(item.at, now))
      if (t !== null && (next === null || t < next)) next = t
    }
    return next
  }

  /** Removes delivered notifications (after the push service accepted them). */
  sent(ids: readonly string[]): void {
    const gone = new Set(ids)
    const before = this.items.length
    this.items = this.items.filter((i) => !gone.has(i.id))
    if (this.items.length !== before) this.persist()
  }

  /** Drops everything queued for a subscription (e.g. the push service answered 404/410). */
  dropSubscription(subscriptionId: string): void {
    this.sent(this.items.filter((i) => i.subscriptionId === subscriptionId).map((i) => i.id))
  }

  private persist(): void {
    const tmp = `${this.file}.tmp`
    const fd = openSync(tmp, "w", 0o600)
    try {
      writeSync(fd, JSON.stringify(this.items))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.file)
  }
}
