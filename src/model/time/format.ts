/** Human forms of instants: local date-times and relative distances ("in 5 h", "2 days ago"). */
import { DateTime, Info } from "luxon"
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
  /** BCP 47 locale for dates and times; defaults to `defaultDateLocale()`. */
  locale?: string
}

/** The house style when no locale is known: "Fri 27 Nov, 17:00". */
const HOUSE_LOCALE = "en-GB"
let defaultLocale = HOUSE_LOCALE

/**
 * Sets the locale dates and times are shown in when a call passes none (the app sets the
 * browser's at start-up). A malformed or unsupported locale is ignored.
 */
export function setDefaultDateLocale(locale: string | null | undefined): void {
  if (typeof locale !== "string" || locale === "") return
  try {
    defaultLocale = Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? defaultLocale
  } catch {
    // Malformed tag: keep the current one.
  }
}

/** The locale used when a call passes none. */
export function defaultDateLocale(): string {
  return defaultLocale
}

function dt(at: number, zone: TimeZone, locale: string | undefined): DateTime {
  return DateTime.fromMillis(at, { zone: zoneOf(zone), locale: locale ?? defaultLocale })
}

/** en-GB keeps its fixed patterns (the shape every existing view was written for). */
function house(d: DateTime): boolean {
  return d.locale === HOUSE_LOCALE
}

const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" }
const DAY_PARTS: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" }

/**
 * Date and time in `zone`, e.g. "Fri 27 Nov, 17:00" (en-GB) or "Fr., 27. Nov., 17:00" (de);
 * the year is added when it differs from the year of `now` in that zone.
 */
export function formatDateTime(
  at: number,
  zone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string {
  const d = dt(at, zone, opts.locale)
  const sameYear = d.year === dt(now, zone, opts.locale).year
  if (house(d)) return d.toFormat(sameYear ? "ccc d LLL, HH:mm" : "ccc d LLL yyyy, HH:mm")
  return d.toLocaleString({ ...DAY_PARTS, ...(sameYear ? {} : { year: "numeric" }), ...TIME })
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
  if (house(d)) return d.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy")
  return d.toLocaleString({ ...DAY_PARTS, ...(sameYear ? {} : { year: "numeric" }) })
}

/** Weekday and time in `zone`, e.g. "Fri 17:00". */
export function formatWeekdayTime(at: number, zone: TimeZone, opts: FormatOptions = {}): string {
  const d = dt(at, zone, opts.locale)
  if (house(d)) return d.toFormat("ccc HH:mm")
  return d.toLocaleString({ weekday: "short", ...TIME })
}

/** Time of day in `zone`, e.g. "17:00" (or "5:00 PM" where the locale says so). */
export function formatTime(at: number, zone: TimeZone, opts: FormatOptions = {}): string {
  const d = dt(at, zone, opts.locale)
  if (house(d)) return d.toFormat("HH:mm")
  return d.toLocaleString(TIME)
}

/** "Fri 27 Nov, 17:00 for Ana, Lima": a time as someone elsewhere sees it, with its date. */
export function formatForPerson(
  at: number,
  name: string,
  zone: TimeZone,
  opts: FormatOptions & { now?: number } = {},
): string {
  return `${formatDateTime(at, zone, opts.now ?? at, opts)} for ${name}, ${cityOf(zone)}`
}

/** The locale's first day of the week as an ISO weekday (1 = Monday … 7 = Sunday). */
export function firstDayOfWeek(opts: FormatOptions = {}): number {
  return Info.getStartOfWeek({ locale: opts.locale ?? defaultLocale })
}

/** Short weekday names in the locale, starting with its first day of the week. */
export function weekdayNames(opts: FormatOptions = {}): Array<{ weekday: number; name: string }> {
  const names = Info.weekdays("short", { locale: opts.locale ?? defaultLocale })
  const first = firstDayOfWeek(opts)
  const out: Array<{ weekday: number; name: string }> = []
  for (let i = 0; i < 7; i++) {
    const weekday = ((first - 1 + i) % 7) + 1
    out.push({ weekday, name: names[weekday - 1]! })
  }
  return out
}

/** A month title in the locale, e.g. "November 2026" or "November 2026" (de). */
export function formatMonth(year: number, month: number, opts: FormatOptions = {}): string {
  return DateTime.utc(year, month, 1)
    .setLocale(opts.locale ?? defaultLocale)
    .toLocaleString({ month: "long", year: "numeric" })
}

/** A calendar date (wall value) in the locale, e.g. "23 Nov 2026". */
export function formatDayMonthYear(wall: number, opts: FormatOptions = {}): string {
  const d = DateTime.fromMillis(wall, { zone: "UTC", locale: opts.locale ?? defaultLocale })
  if (house(d)) return d.toFormat("d LLL yyyy")
  return d.toLocaleString({ day: "numeric", month: "short", year: "numeric" })
}
