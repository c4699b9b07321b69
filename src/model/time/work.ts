/**
 * "My work", pinned cards, the urgent/important filter and the notification list: pure
 * functions over boards, with `now` and the viewer passed in.
 */
import { ownersOf } from "../queries"
import type { Board, Card, Id } from "../types"
import { replyStatuses } from "../replies/awaiting"
import type { ReplyStatus } from "../replies/awaiting"
import { describeDeadline, ownedItemDeadlines, resolveDeadline } from "./deadline"
import type { DeadlineDisplay } from "./deadline"
import { deliveryTime } from "./reminders"
import { HOUR } from "./zone"

function* cardsOf(board: Board): Generator<Card> {
  for (const bucket of Object.values(board.cardBuckets ?? {})) {
    for (const card of Object.values(bucket ?? {})) if (card && typeof card === "object") yield card
  }
}

function inVisibleList(board: Board, card: Card): boolean {
  const list = board.lists?.[card.listId]
  return list !== undefined && !list.archived && !list.deleted
}

function isOpen(board: Board, card: Card): boolean {
  return !card.done && !card.archived && inVisibleList(board, card)
}

/** Whether the card shows among the pinned ones: pinned, not archived, in a visible list. */
export function isPinnedOnBoard(board: Board, card: Card): boolean {
  return Boolean(card.pinnedAt) && !card.archived && inVisibleList(board, card)
}

/** Orders pinned cards: oldest pin first (then by id). */
export function byPinTime(a: Card, b: Card): number {
  return (a.pinnedAt ?? "").localeCompare(b.pinnedAt ?? "") || a.id.localeCompare(b.id)
}

/** Pinned cards (done or not, but not archived and in a visible list), oldest pin first. */
export function pinnedCards(board: Board): Card[] {
  const out: Card[] = []
  for (const c of cardsOf(board)) if (isPinnedOnBoard(board, c)) out.push(c)
  return out.sort(byPinTime)
}

export interface PriorityFilter {
  urgent?: boolean
  important?: boolean
}

/** True when the card has every flag the filter asks for (an empty filter matches all). */
export function matchesPriority(
  card: Pick<Card, "urgent" | "important">,
  f: PriorityFilter,
): boolean {
  return (!f.urgent || card.urgent === true) && (!f.important || card.important === true)
}

/** Reads `urgent=1` / `important=1` from a URL query. */
export function priorityFromQuery(q: URLSearchParams): PriorityFilter {
  return { urgent: q.get("urgent") === "1", important: q.get("important") === "1" }
}

export interface BoardForWork {
  boardId: string
  board: Board
  memberId: Id
}

export interface WorkItem {
  boardId: string
  boardTitle: string
  cardId: Id
  title: string
  /** A card I own, a reply I owe, or a checklist item I own that has a deadline. */
  kind: "owned" | "reply" | "item"
  /** For an item: its card's title (`title` is the item's text). */
  cardTitle?: string
  /** Sort instant: the deadline, or when the reply is due; `null` when neither exists. */
  dueAt: number | null
  overdue: boolean
  deadline: DeadlineDisplay | null
  reply: ReplyStatus | null
  urgent: boolean
}

/**
 * The cards I own, the replies I owe and the open checklist items I own that have a deadline,
 * across boards: overdue first, then by when each is due (deadline or reply due time), those
 * without either last, then by title.
 */
export function myWork(
  boards: readonly BoardForWork[],
  viewerZone: string,
  now: number,
): WorkItem[] {
  const out: WorkItem[] = []
  for (const { boardId, board, memberId } of boards) {
    const members = board.members ?? {}
    for (const card of cardsOf(board)) {
      if (!isOpen(board, card)) continue
      const base = {
        boardId,
        boardTitle: String(board.title ?? ""),
        cardId: card.id,
        title: String(card.title ?? ""),
        urgent: card.urgent === true,
      }
      if (ownersOf(card).includes(memberId)) {
        const deadline = describeDeadline(card, members, viewerZone, now)
        out.push({
          ...base,
          kind: "owned",
          dueAt: deadline?.at ?? null,
          overdue: deadline?.overdue ?? false,
          deadline,
          reply: null,
        })
      }
      for (const { item, due } of ownedItemDeadlines(card, memberId)) {
        const deadline = describeDeadline(due, members, viewerZone, now)
        if (deadline === null) continue
        out.push({
          ...base,
          title: String(item.text ?? ""),
          cardTitle: base.title,
          kind: "item",
          dueAt: deadline.at,
          overdue: deadline.overdue,
          deadline,
          reply: null,
        })
      }
      for (const r of replyStatuses(card, board, now)) {
        if (r.memberId !== memberId) continue
        out.push({
          ...base,
          kind: "reply",
          dueAt: r.dueAt,
          overdue: r.overdue,
          deadline: null,
          reply: r,
        })
      }
    }
  }
  return out.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) ||
      a.title.localeCompare(b.title) ||
      a.cardId.localeCompare(b.cardId),
  )
}

export type NotificationKind = "assigned" | "mentioned" | "deadline-soon" | "reply-overdue"

export interface BatonNotification {
  /** Stable key: a system notification is shown once per key. */
  key: string
  kind: NotificationKind
  cardId: Id
  title: string
  /** When it arose (epoch ms). */
  at: number
  /**
   * When it may reach the member: `at` held until their working hours (see `deliveryTime`);
   * `null` while their status holds it (focusing, or away until further notice).
   */
  deliverAt: number | null
  text: string
}

/**
 * Notifications for `memberId` on one board at `now`: cards assigned to them (pass the
 * assignments others made since they last looked, e.g. catch-up items), mentions awaiting
 * their reply, their open cards due within 24 h, and their overdue replies. Newest first.
 */
export function notificationsFor(
  board: Board,
  memberId: Id,
  now: number,
  assigned: ReadonlyArray<{ cardId: Id; at: number }> = [],
): BatonNotification[] {
  const me = board.members?.[memberId]
  const hold = (at: number): number | null => (me ? deliveryTime(me, at) : at)
  const out: BatonNotification[] = []
  const name = (id: Id): string => board.members?.[id]?.name ?? "Someone"
  for (const a of assigned) {
    const card = [...cardsOf(board)].find((c) => c.id === a.cardId)
    if (!card || !isOpen(board, card)) continue
    out.push({
      key: `assigned:${a.cardId}:${a.at}`,
      kind: "assigned",
      cardId: a.cardId,
      title: card.title,
      at: a.at,
      deliverAt: hold(a.at),
      text: `You were assigned "${card.title}"`,
    })
  }
  for (const card of cardsOf(board)) {
    if (!isOpen(board, card)) continue
    for (const r of replyStatuses(card, board, now)) {
      if (r.memberId !== memberId) continue
      if (r.overdue && r.dueAt !== null) {
        out.push({
          key: `reply-overdue:${card.id}:${r.since}`,
          kind: "reply-overdue",
          cardId: card.id,
          title: card.title,
          at: r.dueAt,
          deliverAt: hold(r.dueAt),
          text: `Your reply to ${name(r.askedBy)} on "${card.title}" is overdue`,
        })
      } else {
        out.push({
          key: `mentioned:${card.id}:${r.since}`,
          kind: "mentioned",
          cardId: card.id,
          title: card.title,
          at: r.since,
          deliverAt: hold(r.since),
          text: `${name(r.askedBy)} mentioned you on "${card.title}"`,
        })
      }
    }
    if (ownersOf(card).includes(memberId)) {
      const d = resolveDeadline(card, board.members ?? {})
      if (d && d.at >= now && d.at - now <= 24 * HOUR) {
        const at = d.at - 24 * HOUR
        out.push({
          key: `deadline-soon:${card.id}:${d.at}`,
          kind: "deadline-soon",
          cardId: card.id,
          title: card.title,
          at,
          deliverAt: hold(at),
          text: `"${card.title}" is due within 24 hours`,
        })
      }
    }
  }
  return out.sort((a, b) => b.at - a.at || a.key.localeCompare(b.key))
}
