/**
 * What on a board is worth a push to one member, by the topic they chose: new mentions of
 * them, replies they owe that have become due, and deadlines of cards and checklist items
 * they own that fall within 24 hours. Each event has a stable key, so the relay queues it once however often
 * the board changes.
 */
import { ownedItemDeadlines, resolveDeadline } from "../../src/model/time/deadline"
import { mentionedIds } from "../../src/model/replies/mentions"
import { replyStatuses } from "../../src/model/replies/awaiting"
import type { Board, Card, ChecklistItem, Comment, Id } from "../../src/model/types"
import type { PushTopic } from "./pushQueue"

export const PUSH_TOPICS: readonly PushTopic[] = [
  "mentions",
  "replies-due",
  "my-deadlines",
  "everything",
]

export interface PushEvent {
  key: string
  cardId: Id
  topic: PushTopic
  body: string
}

const DEADLINE_NOTICE_MS = 24 * 3600_000

function short(text: unknown): string {
  const s = typeof text === "string" ? text.replace(/\s+/g, " ").trim() : ""
  return s.length > 80 ? `${s.slice(0, 79)}…` : s || "a card"
}

function nameOf(board: Board, id: Id): string {
  const n = board.members?.[id]?.name
  return typeof n === "string" && n.trim() ? n.trim() : "Someone"
}

function cards(board: Board): Card[] {
  const out: Card[] = []
  for (const bucket of Object.values(board.cardBuckets ?? {}))
    for (const card of Object.values(bucket ?? {}))
      if (card && typeof card === "object" && !card.archived) out.push(card)
  return out
}

/** The open checklist items of `card` that `memberId` owns, each with its resolved deadline. */
function myDatedItems(
  board: Board,
  card: Card,
  memberId: Id,
): { item: ChecklistItem; at: number }[] {
  const out: { item: ChecklistItem; at: number }[] = []
  for (const { item, due } of ownedItemDeadlines(card, memberId)) {
    const d = resolveDeadline(due, board.members)
    if (d) out.push({ item, at: d.at })
  }
  return out
}

/**
 * Who wrote a comment, when the relay can tell better than the comment's own `authorId`
 * (credit.ts): the member id, or `null` when the writer is not known.
 */
export type AuthorOf = (comment: Comment) => Id | null

/**
 * The events for `memberId` on `board` at `now` that `topic` asks for. `authorOf` credits
 * comments (default: their `authorId`).
 */
export function pushEvents(
  board: Board,
  memberId: Id,
  topic: PushTopic,
  now: number,
  authorOf: AuthorOf = (c) => c.authorId,
): PushEvent[] {
  if (!Object.prototype.hasOwnProperty.call(board.members ?? {}, memberId)) return []
  const wants = (t: PushTopic): boolean => topic === "everything" || topic === t
  const out: PushEvent[] = []
  for (const card of cards(board)) {
    const title = short(card.title)
    if (wants("mentions")) {
      for (const c of Object.values(card.comments ?? {})) {
        if (!c || typeof c !== "object") continue
        if (!mentionedIds(c.text).includes(memberId)) continue
        const author = authorOf(c)
        if (author === memberId) continue
        out.push({
          key: `mention:${card.id}:${c.id}`,
          cardId: card.id,
          topic: "mentions",
          body: `${author === null ? "Someone" : nameOf(board, author)} mentioned you on "${title}"`,
        })
      }
    }
    if (wants("replies-due") && !card.done) {
      for (const s of replyStatuses(card, board, now)) {
        if (s.memberId !== memberId || !s.overdue) continue
        out.push({
          key: `reply:${card.id}:${s.commentId}`,
          cardId: card.id,
          topic: "replies-due",
          body: `Your reply to ${nameOf(board, s.askedBy)} on "${title}" is due`,
        })
      }
    }
    if (wants("my-deadlines") && !card.done && card.owners?.[memberId] === true) {
      const d = resolveDeadline(card, board.members)
      if (d && d.at - now <= DEADLINE_NOTICE_MS)
        out.push({
          key: `deadline:${card.id}:${d.at}`,
          cardId: card.id,
          topic: "my-deadlines",
          body:
            d.at > now ? `"${title}" is due within 24 hours` : `"${title}" is past its deadline`,
        })
    }
    if (wants("my-deadlines") && !card.done)
      for (const { item, at } of myDatedItems(board, card, memberId)) {
        if (at - now > DEADLINE_NOTICE_MS) continue
        const what = `"${short(item.text)}" on "${title}"`
        out.push({
          key: `deadline:${card.id}.${item.id}:${at}`,
          cardId: card.id,
          topic: "my-deadlines",
          body: at > now ? `${what} is due within 24 hours` : `${what} is past its deadline`,
        })
      }
  }
  return out
}

/**
 * The next instant after `now` at which `pushEvents` could give `memberId` an event that no
 * edit causes (a reply turning due, a deadline coming within 24 hours or passing), or `null`.
 * The relay loads the board again only then, so a quiet subscribed board can leave memory.
 */
export function nextEventAt(
  board: Board,
  memberId: Id,
  topic: PushTopic,
  now: number,
): number | null {
  if (!Object.prototype.hasOwnProperty.call(board.members ?? {}, memberId)) return null
  const wants = (t: PushTopic): boolean => topic === "everything" || topic === t
  let next: number | null = null
  const consider = (t: number | null | undefined): void => {
    if (typeof t === "number" && Number.isFinite(t) && t > now && (next === null || t < next))
      next = t
  }
  for (const card of cards(board)) {
    if (card.done) continue
    if (wants("replies-due"))
      for (const s of replyStatuses(card, board, now))
        if (s.memberId === memberId && !s.overdue) consider(s.dueAt)
    if (wants("my-deadlines") && card.owners?.[memberId] === true) {
      const d = resolveDeadline(card, board.members)
      if (d) {
        consider(d.at - DEADLINE_NOTICE_MS)
        consider(d.at)
      }
    }
    if (wants("my-deadlines"))
      for (const { at } of myDatedItems(board, card, memberId)) {
        consider(at - DEADLINE_NOTICE_MS)
        consider(at)
      }
  }
  return next
}
