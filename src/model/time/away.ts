/**
 * Leave ("away until a date") as a member's status says it, in one place: what is stored,
 * how it reads back, and the interval it covers.
 *
 * Storage: `{ kind: "away", until, from? }`. `until` is the instant the member is back: the
 * start (local midnight) of the chosen date in the member's OWN zone, or `null` for "until
 * further notice". `from` (optional, additive) is when they set it; older statuses without
 * it count as away since forever, which errs on the side of not rushing them.
 *
 * The date shown and edited is `until` read back in the member's zone, never its UTC date,
 * so saving the form again stores the same instant (east of UTC the UTC date is a day early).
 */
import type { IsoDate, IsoInstant, Member, MemberStatus, TimeZone } from "../types"
import type { Interval } from "./workingHours"
import { instantOfWall, parseDate, toIso, toMs, wallDate, wallOf } from "./zone"

/** The status as a member's leave sees it; `from` is read from a possibly older shape. */
type AwayStatus = { kind: "away"; until: IsoInstant | null; from?: IsoInstant }

function awayOf(member: Pick<Member, "status">): AwayStatus | null {
  const s = member.status as MemberStatus | undefined
  return s && s.kind === "away" ? (s as AwayStatus) : null
}

/** The date (in the member's zone) an away status runs until, `""` when open-ended or not away. */
export function awayUntilDate(member: Pick<Member, "status" | "timeZone">): IsoDate | "" {
  const s = awayOf(member)
  const t = s ? toMs(s.until) : null
  if (t === null) return ""
  return wallDate(wallOf(member.timeZone, t))
}

/**
 * The status "away until `date`" (start of that day in `zone`; `""` for open-ended) set at
 * `now`. Keeps the `from` of a previous away status, so re-saving does not move the start.
 * Returns a message instead when the date is not a plausible calendar date.
 */
export function awayStatus(
  zone: TimeZone,
  date: IsoDate | "",
  now: IsoInstant,
  previous?: MemberStatus,
): MemberStatus | string {
  const from =
    previous?.kind === "away" && typeof (previous as AwayStatus).from === "string"
      ? (previous as AwayStatus).from!
      : now
  if (date === "") return { kind: "away", until: null, from } as MemberStatus
  const wall = parseDate(date)
  if (wall === null) return `${date} is not a date.`
  return { kind: "away", until: toIso(instantOfWall(zone, wall)), from } as MemberStatus
}

/**
 * The leave a member's status records, as instants: `[from, until)`, with `-Infinity` for an
 * unknown start and `Infinity` for open-ended leave; `[]` when not away. An expired "away
 * until" still counts for the time it covered.
 */
export function leaveIntervals(member: Pick<Member, "status">): Interval[] {
  const s = awayOf(member)
  if (!s) return []
  const from = toMs(s.from) ?? -Infinity
  const until = s.until === null ? Infinity : (toMs(s.until) ?? Infinity)
  return until > from ? [{ start: from, end: until }] : []
}
