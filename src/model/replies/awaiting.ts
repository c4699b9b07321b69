/**
 * "Awaiting reply": a mention asks the mentioned member to answer.
 *
 * Rules (all derived from the card's comments, so every peer computes the same answer):
 * - A mention of member X in a comment written by someone else at `createdAt` = t makes the
 *   card await a reply from X since t. Self-mentions and mentions of non-members are ignored.
 * - It is cleared when X writes any comment on that card after t, when the wait is resolved
 *   (`resolveReplies`: `card.repliesResolvedAt` at or after t), or when the card is done or
 *   archived. Deleting the mentioning comment removes the mention.
 * - With several open mentions of X, the wait runs from the earliest one.
 * - Order is by the comments' `createdAt` stamps (the author's clock).
 * - Overdue when more than `settings.replyWithinWorkingHours` of X's OWN working hours have
 *   passed since t (nights, weekends and days off do not count).
 */
import { ModelError } from "../errors"
import { getCard } from "../queries"
import type { Board, Card, Comment, Id, IsoInstant } from "../types"
import { addWorkingHours, workingHoursBetween } from "../time/workingHours"
import { mentionedIds } from "./mentions"

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
  /** Working hours of the mentioned member elapsed since the mention. */
  elapsedHours: number
  /** When the reply becomes overdue (`null` if the member has no working hours). */
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
  const comments = Object.values(card.comments ?? {})
    .filter((c) => c && typeof c === "object")
    .sort((a, b) => stamp(a) - stamp(b) || a.id.localeCompare(b.id))
  const resolvedRaw = (card as CardWithReplies).repliesResolvedAt
  const resolved = typeof resolvedRaw === "string" ? Date.parse(resolvedRaw) : Number.NaN
  const open = new Map<Id, AwaitedReply>()
  for (const c of comments) {
    const t = stamp(c)
    // X's own comment answers every earlier mention of X.
    open.delete(c.authorId)
    for (const id of mentionedIds(c.text)) {
      if (id === c.authorId || !Object.prototype.hasOwnProperty.call(members, id) || open.has(id))
        continue
      if (Number.isFinite(resolved) && resolved >= t) continue
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

/** Open waits with elapsed working hours and overdue flag at `now`. */
export function replyStatuses(
  card: Card,
  board: Pick<Board, "members" | "settings">,
  now: number,
): ReplyStatus[] {
  const hours = replyWindowHours(board)
  return awaitedReplies(card, board.members).map((a) => {
    const m = board.members[a.memberId]!
    const elapsedHours = workingHoursBetween(m, a.since, now)
    return {
      ...a,
      elapsedHours,
      dueAt: addWorkingHours(m, a.since, hours),
      overdue: elapsedHours > hours,
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
