/**
 * A board's deadlines as an iCalendar (RFC 5545) feed, written by ical-generator: one event
 * per open card with a deadline, and one per checklist item with a deadline on an open card
 * (all of them, or only those of one member: the cards they own, the items they own, and the
 * unowned items of their cards).
 *
 * - A date deadline (`YYYY-MM-DD`) is an all-day event on that date, the same date for every
 *   subscriber, whatever their zone.
 * - A timed deadline is an event at that instant, written in UTC (`…Z`): every calendar app
 *   shows a UTC time in its own zone correctly, and no VTIMEZONE rules (which go stale when
 *   a country changes its clocks) need to be shipped.
 * - Each event's UID is the card's id (an item's: the card's and the item's) at the board's
 *   id, so a calendar that refreshes the feed replaces the event instead of adding a second
 *   one; its URL links back to the card.
 */
import ical from "ical-generator"
import { DateTime } from "luxon"
import type { ICalCalendar } from "ical-generator"
import type { Board, Card, Deadline, Id } from "../src/model/types"

export interface CalendarOptions {
  documentId: string
  /** Only cards this member owns, or `null` for every deadline. */
  memberId: Id | null
  /** The card's link in the app. */
  cardLink: (cardId: Id) => string
}

function visible(board: Board, card: Card): boolean {
  if (card.archived) return false
  const list = Object.prototype.hasOwnProperty.call(board.lists, card.listId)
    ? board.lists[card.listId]
    : undefined
  return list !== undefined && !list.archived && !list.deleted
}

function addEvent(
  cal: ICalCalendar,
  common: { id: string; summary: string; description: string; url: string },
  d: Deadline,
  s: Deadline | null,
): void {
  // A start of the same kind as the deadline, not after it, begins the event (DTSTART);
  // otherwise the event starts at the deadline.
  if (d.kind === "date") {
    const day = DateTime.fromISO(d.date, { zone: "UTC" })
    if (!day.isValid) return
    const from = s?.kind === "date" ? DateTime.fromISO(s.date, { zone: "UTC" }) : null
    const first = from !== null && from.isValid && from <= day ? from : day
    cal.createEvent({ ...common, start: first, end: day.plus({ days: 1 }), allDay: true })
  } else {
    const at = DateTime.fromISO(d.at, { zone: "UTC" })
    if (!at.isValid) return
    const from = s?.kind === "instant" ? DateTime.fromISO(s.at, { zone: "UTC" }) : null
    const first = from !== null && from.isValid && from <= at ? from : at
    cal.createEvent({ ...common, start: first, end: at })
  }
}

export function boardCalendar(board: Board, opts: CalendarOptions): string {
  const cal = ical({
    name: typeof board.title === "string" ? board.title : "Baton board",
    prodId: { company: "Baton", product: "board-deadlines", language: "EN" },
  })
  for (const bucket of Object.values(board.cardBuckets))
    for (const card of Object.values(bucket)) {
      if (!visible(board, card)) continue
      const list = board.lists[card.listId]
      const link = opts.cardLink(card.id)
      const ownsCard = opts.memberId === null || card.owners[opts.memberId] === true
      if (card.deadline !== null && ownsCard)
        addEvent(
          cal,
          {
            id: `${card.id}@${opts.documentId}.baton`,
            summary: `${card.done ? "✓ " : ""}${card.title}`,
            description: `${list?.title ?? ""}\n${link}`,
            url: link,
          },
          card.deadline,
          card.start ?? null,
        )
      for (const checklist of Object.values(card.checklists ?? {}))
        for (const item of Object.values(checklist.items ?? {})) {
          const d = item.deadline ?? null
          if (d === null) continue
          const owner = item.owner ?? null
          if (opts.memberId !== null && owner !== opts.memberId && !(owner === null && ownsCard))
            continue
          addEvent(
            cal,
            {
              id: `${card.id}.${item.id}@${opts.documentId}.baton`,
              summary: `${item.done ? "✓ " : ""}${item.text} (${card.title})`,
              description: `${checklist.name}, ${list?.title ?? ""}\n${link}`,
              url: link,
            },
            d,
            null,
          )
        }
    }
  return cal.toString()
}
