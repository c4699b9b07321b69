/** Human forms of instants: local date-times and relative distances ("in 5 h", "2 days ago"). */
import { DateTime } from "luxon"
import type { TimeZone } from "../types"
import { DAY, HOUR, MINUTE, cityOf, zoneOf } from "./zone"

/**
 * Distance from `now` to `at` in a short form: "now" under a minute, then "in 12 min" /
 * "12 min ago", "in 5 h" under 48 hours, then "in 3 days" / "2 days ago". Parts are
 * truncated, never rounded up, so "in 5 h" means at least five hours are left.
 */
export function relativeTime(at: number, now: number): string {
  const d = at - now
  const a = Math.abs(d)
  let body: string
  if (a < MINUTE) return "now"
  if (a < HOUR) body = `${Math.floor(a / MINUTE)} min`
  else if (a < 48 * HOUR) body = `${Math.floor(a / HOUR)} h`
  else body = `${Math.floor(a / DAY)} days`
  return d > 0 ? `in ${body}` : `${body} ago`
}

export interface FormatOptions {
  locale?: string
}

function dt(at: number, zone: TimeZone, locale: string | undefined): DateTime {
  return DateTime.fromMillis(at, { zone: zoneOf(zone), locale: locale ?? "en-GB" })
}

/**
 * Date and time in `zone`, e.g. "Fri 27 Nov, 17:00"; the year is added when it differs from
 * the year of `now` in that zone.
 */
export function formatDateTime(
  at: number,
  zone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string {
  const d = dt(at, zone, opts.locale)
  const sameYear = d.year === dt(now, zone, opts.locale).year
  return d.toFormat(sameYear ? "ccc d LLL, HH:mm" : "ccc d LLL yyyy, HH:mm")
}

/** Date only in `zone`, e.g. "Fri 27 Nov" (year added when not the current one). */
export function formatDate(
  at: number,
  zone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string {
  const d = dt(at, zone, opts.locale)
  const sameYear = d.year === dt(now, zone, opts.locale).year
  return d.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy")
}

/** Weekday and time in `zone`, e.g. "Fri 17:00". */
export function formatWeekdayTime(at: number, zone: TimeZone, opts: FormatOptions = {}): string {
  return dt(at, zone, opts.locale).toFormat("ccc HH:mm")
}

/** Time of day in `zone`, e.g. "17:00". */
export function formatTime(at: number, zone: TimeZone, opts: FormatOptions = {}): string {
  return dt(at, zone, opts.locale).toFormat("HH:mm")
}

/** "Fri 17:00 for Ana, Lima": a time as someone elsewhere sees it. */
export function formatForPerson(
  at: number,
  name: string,
  zone: TimeZone,
  opts: FormatOptions = {},
): string {
  return `${formatWeekdayTime(at, zone, opts)} for ${name}, ${cityOf(zone)}`
}
