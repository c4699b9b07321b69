/**
 * Deadlines: which instant a card is due, and how to show it to a viewer.
 *
 * Rule for date-only deadlines (`{ kind: "date", date }`): the card is due at the end of
 * that day (23:59:59.999) in the zone of its owner. With several owners the card is due when
 * that day ends for the FIRST of them (the earliest instant, i.e. the owner furthest east),
 * so nobody is late by their own clock. A card without owners uses its creator's zone; when
 * the creator is not a member either, UTC. Unknown zones count as UTC.
 *
 * Exact deadlines (`{ kind: "instant" }`) are that instant for everyone.
 */
import type { Board, Card, ChecklistItem, Deadline, Id, Member, TimeZone } from "../types"
import { formatDate, formatDateTime, formatForPerson, relativeTime } from "./format"
import type { FormatOptions } from "./format"
import { deadlineOnDayNoted } from "./entry"
import { DAY, HOUR, instantOfWall, isValidTimeZone, offsetAt, parseDate, toMs } from "./zone"

/** A deadline resolved to an instant. */
export interface ResolvedDeadline {
  /** Epoch milliseconds when the card is due. */
  at: number
  kind: Deadline["kind"]
  /** The zone that decided `at` (owner's, creator's, entry zone, or UTC). */
  zone: TimeZone
  /** The member whose zone decided a date-only deadline, if any. */
  memberId: Id | null
}

type Members = Board["members"]

/**
 * The open checklist items of `card` that `memberId` owns and that have a deadline, each with
 * the card-shaped input `resolveDeadline` and `describeDeadline` take: the item's deadline,
 * owned by its owner (a date deadline ends in their day).
 */
export function ownedItemDeadlines(
  card: Card,
  memberId: Id,
): { item: ChecklistItem; due: Pick<Card, "deadline" | "owners" | "createdBy" | "done"> }[] {
  const out: {
    item: ChecklistItem
    due: Pick<Card, "deadline" | "owners" | "createdBy" | "done">
  }[] = []
  for (const checklist of Object.values(card.checklists ?? {}))
    for (const item of Object.values(checklist?.items ?? {})) {
      if (!item || item.done || (item.owner ?? null) !== memberId) continue
      if (item.deadline === undefined || item.deadline === null) continue
      out.push({
        item,
        due: {
          deadline: item.deadline,
          owners: { [memberId]: true },
          createdBy: card.createdBy,
          done: false,
        },
      })
    }
  return out
}

/** End of `date` (last millisecond) in `zone`, or `null` when the date is malformed. */
export function endOfDate(date: string, zone: TimeZone): number | null {
  const wall = parseDate(date)
  if (wall === null) return null
  return instantOfWall(zone, wall + DAY) - 1
}

function memberZone(m: Member | undefined): TimeZone | null {
  return m && isValidTimeZone(m.timeZone) ? m.timeZone : null
}

/** Resolves a card's deadline (see the rules above); `null` when it has none or it is malformed. */
export function resolveDeadline(
  card: Pick<Card, "deadline" | "owners" | "createdBy">,
  members: Members,
): ResolvedDeadline | null {
  const d = card.deadline as Deadline | null | undefined
  if (!d || typeof d !== "object") return null
  if (d.kind === "instant") {
    const at = toMs(d.at)
    if (at === null) return null
    return { at, kind: "instant", zone: isValidTimeZone(d.zone) ? d.zone : "UTC", memberId: null }
  }
  if (d.kind !== "date" || typeof d.date !== "string") return null
  const ownerIds = Object.keys(card.owners ?? {}).sort()
  let best: ResolvedDeadline | null = null
  for (const id of ownerIds) {
    const zone = memberZone(members[id])
    if (!zone) continue
    const at = endOfDate(d.date, zone)
    if (at !== null && (best === null || at < best.at))
      best = { at, kind: "date", zone, memberId: id }
  }
  if (best) return best
  const creatorZone = memberZone(members[card.createdBy])
  const zone = creatorZone ?? "UTC"
  const at = endOfDate(d.date, zone)
  if (at === null) return null
  return { at, kind: "date", zone, memberId: creatorZone ? card.createdBy : null }
}

/** What a viewer sees for a deadline. */
export interface DeadlineDisplay {
  at: number
  /** In the viewer's zone, e.g. "Fri 27 Nov, 17:00", or "Fri 27 Nov, end of day". */
  local: string
  /** "in 5 h", "2 days ago". */
  relative: string
  /** Owners whose clock shows a different time, e.g. "Fri 17:00 for Ana, Lima". */
  elsewhere: string[]
  overdue: boolean
  /** Due within the next 24 hours. */
  dueSoon: boolean
}

/**
 * How `viewerZone` sees the card's deadline at `now`. For a date-only deadline whose deciding
 * zone has the viewer's offset, the local form is the date plus "end of day". Owners whose
 * UTC offset at the deadline differs from the viewer's are listed in `elsewhere` (by name).
 */
export function describeDeadline(
  card: Pick<Card, "deadline" | "owners" | "createdBy" | "done">,
  members: Members,
  viewerZone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): DeadlineDisplay | null {
  const r = resolveDeadline(card, members)
  if (!r) return null
  const viewerOffset = offsetAt(viewerZone, r.at)
  const local =
    r.kind === "date" && offsetAt(r.zone, r.at) === viewerOffset
      ? `${formatDate(r.at, viewerZone, now, opts)}, end of day`
      : formatDateTime(r.at, viewerZone, now, opts)
  const elsewhere: string[] = []
  const owners = Object.keys(card.owners ?? {})
    .map((id) => members[id])
    .filter((m): m is Member => m !== undefined && isValidTimeZone(m.timeZone))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
  for (const m of owners) {
    if (offsetAt(m.timeZone, r.at) !== viewerOffset)
      elsewhere.push(formatForPerson(r.at, m.name, m.timeZone, { ...opts, now }))
  }
  return {
    at: r.at,
    local,
    relative: relativeTime(r.at, now),
    elsewhere,
    overdue: !card.done && now > r.at,
    dueSoon: !card.done && r.at >= now && r.at - now <= 24 * HOUR,
  }
}

/**
 * How `viewerZone` sees a card's start at `now`: a date start is that calendar date (the
 * same for everyone, "Mon 23 Nov"), a timed start its time in the viewer's zone. `null` when
 * the card has no start or it is malformed.
 */
export function describeStart(
  start: Deadline | null | undefined,
  viewerZone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string | null {
  if (start === null || start === undefined) return null
  if (start.kind === "date") {
    const wall = parseDate(start.date)
    return wall === null ? null : formatDate(wall, "UTC", now, opts)
  }
  const at = toMs(start.at)
  return at === null ? null : formatDateTime(at, viewerZone, now, opts)
}

/**
 * The deadline a card gets when it is put on calendar day `date`: a date-only deadline, or,
 * for an exact deadline, the same time of day on that date in the zone it was entered in
 * (see `deadlineOnDayNoted` for the rule on times that do not exist that day, and its note).
 */
export function deadlineOnDay(card: Pick<Card, "deadline">, date: string): Deadline {
  return deadlineOnDayNoted(card.deadline, date).deadline
}
