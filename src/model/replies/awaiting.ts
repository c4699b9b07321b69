/**
 * "Awaiting reply": a mention asks the mentioned member to answer.
 *
 * Rules (all derived from the card's comments, so every peer computes the same answer):
 * - A mention of member X in a comment M written by someone else makes the card await a reply
 *   from X since M's `createdAt`. Self-mentions and mentions of non-members are ignored.
 * - X answers it explicitly: with a comment that replies to M (the Reply button), or with a
 *   comment in M's thread that causally follows M (X had M on screen when writing it; see
 *   `thread.ts`). Device clocks play no part, so a reply from a phone whose clock is slow
 *   still answers. A comment by X on another topic (another thread) does not. Comments written
 *   before threads existed keep the old rule among themselves: X's later comment answers.
 * - It is also cleared when the wait is resolved (`resolveReplies`: `card.repliesResolvedAt`
 *   at or after M's time), or when the card is done or archived. Deleting M removes the wait.
 * - With several open mentions of X, the wait runs from the earliest one.
 * - The reply is due when `settings.replyWithinWorkingHours` of X's OWN working hours have
 *   passed since M, not counting nights, weekends, days off, or X's leave (their "away"
 *   status; open-ended leave pauses the clock until they are back). It is overdue from that
 *   instant on, exactly when the due time shown is reached, for every viewer.
 */
import { ModelError } from "../errors"
import { getCard } from "../queries"
import type { Board, Card, Comment, Id, IsoInstant } from "../types"
import { leaveIntervals } from "../time/away"
import { addWorkingHours, workingHoursBetween } from "../time/workingHours"
import { mentionedIds } from "./mentions"
import { CommentOrder } from "./thread"

/**
 * Additive optional field on `Card` (schema 1): when the card's conversation was last marked
 * resolved; every mention made at or before it needs no reply. A scalar on purpose: it is
 * last-writer-wins, and no peer ever creates a competing nested object for it.
 */
export type CardWithReplies = Card & { repliesResolvedAt?: IsoInstant | null }

export interface AwaitedReply {
  cardId: Id
  memberId: Id
  /** Epoch ms of the earliest unanswered mention. */
  since: number
  /** The comment holding that mention and its author. */
  commentId: Id
  askedBy: Id
}

export interface ReplyStatus extends AwaitedReply {
  /** Working hours of the mentioned member elapsed since the mention (at most the window). */
  elapsedHours: number
  /**
   * When the reply becomes overdue (`null` if the member has no working hours, or is away
   * until further notice).
   */
  dueAt: number | null
  overdue: boolean
}

const DEFAULT_REPLY_HOURS = 24

/** The board's reply window in working hours (24 when the setting is missing or invalid). */
export function replyWindowHours(board: Pick<Board, "settings">): number {
  const n = board.settings?.replyWithinWorkingHours
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : DEFAULT_REPLY_HOURS
}

function stamp(c: Comment): number {
  const t = Date.parse(c.createdAt)
  return Number.isFinite(t) ? t : 0
}

/** Open waits for replies on one card, one per awaited member. */
export function awaitedReplies(card: Card, members: Board["members"]): AwaitedReply[] {
  if (card.done || card.archived) return []
  const order = new CommentOrder(card)
  const comments = Object.values(card.comments ?? {})
    .filter((c) => c && typeof c === "object")
    .sort((a, b) => stamp(a) - stamp(b) || a.id.localeCompare(b.id))
  const resolvedRaw = (card as CardWithReplies).repliesResolvedAt
  const resolved = typeof resolvedRaw === "string" ? Date.parse(resolvedRaw) : Number.NaN
  const byAuthor = new Map<Id, Comment[]>()
  for (const c of comments) byAuthor.set(c.authorId, [...(byAuthor.get(c.authorId) ?? []), c])
  const answered = (m: Comment, by: Id): boolean => {
    const thread = order.isThreaded(m.id) ? order.threadOf(m.id) : null
    for (const c of byAuthor.get(by) ?? []) {
      if (!order.follows(c.id, m.id)) continue
      // Threaded mention: only a reply to it, or a later comment in its thread, answers.
      if (thread === null || c.replyTo === m.id || order.threadOf(c.id) === thread) return true
    }
    return false
  }
  const open = new Map<Id, AwaitedReply>()
  for (const c of comments) {
    const t = stamp(c)
    for (const id of mentionedIds(c.text)) {
      if (id === c.authorId || !Object.prototype.hasOwnProperty.call(members, id) || open.has(id))
        continue
      if (Number.isFinite(resolved) && resolved >= t) continue
      if (answered(c, id)) continue
      open.set(id, {
        cardId: card.id,
        memberId: id,
        since: t,
        commentId: c.id,
        askedBy: c.authorId,
      })
    }
  }
  return [...open.values()].sort(
    (a, b) => a.since - b.since || a.memberId.localeCompare(b.memberId),
  )
}

/** Open waits with elapsed working hours, due time and overdue flag at `now`. */
export function replyStatuses(
  card: Card,
  board: Pick<Board, "members" | "settings">,
  now: number,
): ReplyStatus[] {
  const hours = replyWindowHours(board)
  return awaitedReplies(card, board.members).map((a) => {
    const m = board.members[a.memberId]!
    const leave = leaveIntervals(m)
    const dueAt = addWorkingHours(m, a.since, hours, leave)
    const elapsedHours = Math.min(hours, workingHoursBetween(m, a.since, now, leave))
    return {
      ...a,
      elapsedHours,
      dueAt,
      overdue: dueAt !== null && now >= dueAt,
    }
  })
}

/** Every reply `memberId` owes on the board at `now`, overdue first, then oldest first. */
export function repliesOwedBy(board: Board, memberId: Id, now: number): ReplyStatus[] {
  const out: ReplyStatus[] = []
  if (!Object.prototype.hasOwnProperty.call(board.members, memberId)) return out
  for (const bucket of Object.values(board.cardBuckets ?? {})) {
    for (const card of Object.values(bucket ?? {})) {
      if (!card || card.done || card.archived) continue
      for (const s of replyStatuses(card, board, now)) if (s.memberId === memberId) out.push(s)
    }
  }
  return out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.since - b.since)
}

/**
 * Marks the card's conversation resolved at `now`: no reply is awaited for mentions made
 * until then. Concurrency: last writer wins; a mention made after `now` opens a new wait.
 */
export function resolveReplies(doc: Board, cardId: Id, now: IsoInstant): void {
  const card = getCard(doc, cardId) as CardWithReplies | undefined
  if (!card) throw new ModelError("not-found", `This card no longer exists (${cardId}).`)
  if (typeof now !== "string" || !Number.isFinite(Date.parse(now)))
    throw new ModelError("invalid-argument", "Invalid time.")
  card.repliesResolvedAt = now
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const replyOperations = {
  resolveReplies,
} as const
