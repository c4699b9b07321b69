/** The cards of a board in reading order, with what every export says about each. */
import { DateTime } from "luxon"
import { compareByPosition } from "../positions"
import { plainText } from "../replies/mentions"
import type { Board, Card, Deadline, List } from "../types"

export interface CardRow {
  card: Card
  list: List | undefined
  /** Where the card is: on the board, archived, or in an archived list. */
  state: "open" | "archived" | "archived list"
}

/**
 * Every card not deleted: lists in board order (open lists first, then archived ones), each
 * list's cards in order; archived cards after the open cards of their list.
 */
export function cardRows(board: Board): CardRow[] {
  const lists = Object.values(board.lists)
    .filter((l) => !l.deleted)
    .sort((a, b) => Number(a.archived) - Number(b.archived) || compareByPosition(a, b))
  const byList = new Map<string, Card[]>()
  for (const bucket of Object.values(board.cardBuckets))
    for (const c of Object.values(bucket)) {
      const xs = byList.get(c.listId) ?? []
      xs.push(c)
      byList.set(c.listId, xs)
    }
  const out: CardRow[] = []
  for (const list of lists) {
    const cards = (byList.get(list.id) ?? []).sort(
      (a, b) => Number(a.archived) - Number(b.archived) || compareByPosition(a, b),
    )
    for (const card of cards)
      out.push({
        card,
        list,
        state: card.archived ? "archived" : list.archived ? "archived list" : "open",
      })
  }
  return out
}

/** Names of a card's owners, sorted. */
export function ownerNames(board: Board, card: Card): string[] {
  return Object.keys(card.owners)
    .map((id) => board.members[id]?.name ?? id)
    .sort()
}

/** Names of a card's live labels, sorted (colour-only labels by their colour). */
export function labelNames(board: Board, card: Card): string[] {
  const out: string[] = []
  for (const id of Object.keys(card.labels)) {
    const l = board.labels[id]
    if (l !== undefined && !l.deleted) out.push(l.name || l.color)
  }
  return out.sort()
}

/**
 * A deadline in ISO-8601 with its zone: an instant as local time with offset and the zone
 * in brackets (`2026-12-01T09:00:00+14:00[Pacific/Kiritimati]`), a date as `YYYY-MM-DD`.
 */
export function deadlineText(d: Deadline | null): string {
  if (d === null) return ""
  if (d.kind === "date") return d.date
  const t = DateTime.fromISO(d.at, { zone: d.zone })
  return t.isValid ? `${t.toISO({ suppressMilliseconds: true })}[${d.zone}]` : d.at
}

/** A comment's text as a person reads it (mentions with current names). */
export function commentText(board: Board, text: string): string {
  return plainText(text, board.members)
}
