/** Checks of argument and field values, shared by the operations and `validateBoard`. */
import { ModelError } from "./errors"
import type { DayHours, Deadline, MemberStatus, WeekHours } from "./types"

export const MAX_ID_LENGTH = 200
export const MAX_TITLE_LENGTH = 1000
export const MAX_TEXT_LENGTH = 100_000
export const MAX_NAME_LENGTH = 200

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isId(v: unknown): v is string {
  return typeof v === "string" && v.length > 0 && v.length <= MAX_ID_LENGTH
}

export function isIsoInstant(v: unknown): v is string {
  return typeof v === "string" && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v))
}

export function isIsoDate(v: unknown): v is string {
  if (typeof v !== "string") return false
  const m = ISO_DATE.exec(v)
  if (m === null) return false
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  // Not `Date.UTC(y, …)`: it reads years 0–99 as 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

const zoneCache = new Map<string, boolean>()
export function isTimeZone(v: unknown): v is string {
  if (typeof v !== "string" || v.length === 0 || v.length > 100) return false
  const known = zoneCache.get(v)
  if (known !== undefined) return known
  let ok: boolean
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v })
    ok = true
  } catch {
    ok = false
  }
  zoneCache.set(v, ok)
  return ok
}

export function isHexColor(v: unknown): v is string {
  return typeof v === "string" && /^#[0-9a-fA-F]{6}$/.test(v)
}

/** A fresh copy of a deadline (or start) to store: a document value cannot be stored twice. */
export function plainDeadline(d: Deadline): Deadline {
  return d.kind === "instant"
    ? { kind: "instant", at: d.at, zone: d.zone }
    : { kind: "date", date: d.date }
}

export function isDeadline(v: unknown): v is Deadline {
  if (typeof v !== "object" || v === null) return false
  const d = v as Record<string, unknown>
  if (d.kind === "instant") return isIsoInstant(d.at) && isTimeZone(d.zone)
  if (d.kind === "date") return isIsoDate(d.date)
  return false
}

function isSpan(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false
  const h = v as Record<string, unknown>
  return (
    Number.isInteger(h.start) &&
    Number.isInteger(h.end) &&
    (h.start as number) >= 0 &&
    (h.start as number) < 1440 &&
    (h.end as number) <= 2880 &&
    (h.start as number) < (h.end as number) &&
    (h.end as number) - (h.start as number) <= 1440
  )
}

/**
 * A working day: a span `start < end` in minutes since local midnight, where `end` past 1440
 * runs into the next day (a night shift), plus optional further spans in `more` (a split day).
 */
export function isDayHours(v: unknown): v is DayHours {
  if (!isSpan(v)) return false
  const more = (v as { more?: unknown }).more
  return more === undefined || (Array.isArray(more) && more.length <= 24 && more.every(isSpan))
}

export const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const

export function isWeekHours(v: unknown): v is WeekHours {
  if (typeof v !== "object" || v === null) return false
  const w = v as Record<string, unknown>
  return WEEKDAYS.every((d) => w[d] === null || isDayHours(w[d]))
}

export function isMemberStatus(v: unknown): v is MemberStatus {
  if (typeof v !== "object" || v === null) return false
  const s = v as Record<string, unknown>
  if (s.kind === "available" || s.kind === "focusing") return true
  if (s.kind === "away")
    return (
      (s.until === null || isIsoInstant(s.until)) && (s.from === undefined || isIsoInstant(s.from))
    )
  return false
}

// ---- argument guards for operations (throw ModelError) ----

export function argId(v: unknown, what: string): string {
  if (!isId(v)) throw new ModelError("invalid-argument", `Invalid ${what} id.`)
  return v
}

export function argNow(v: unknown): string {
  if (!isIsoInstant(v)) throw new ModelError("invalid-argument", `Invalid time: ${String(v)}.`)
  return v
}

/** A title: trimmed, non-empty, at most `MAX_TITLE_LENGTH` characters. */
export function argTitle(v: unknown, what: string): string {
  if (typeof v !== "string") throw new ModelError("invalid-argument", `The ${what} must be text.`)
  const t = v.trim()
  if (t.length === 0) throw new ModelError("invalid-argument", `The ${what} cannot be empty.`)
  if (t.length > MAX_TITLE_LENGTH)
    throw new ModelError(
      "invalid-argument",
      `The ${what} is too long (at most ${MAX_TITLE_LENGTH} characters).`,
    )
  return t
}

/** Free text (may be empty), at most `MAX_TEXT_LENGTH` characters. */
export function argText(v: unknown, what: string): string {
  if (typeof v !== "string") throw new ModelError("invalid-argument", `The ${what} must be text.`)
  if (v.length > MAX_TEXT_LENGTH)
    throw new ModelError(
      "invalid-argument",
      `The ${what} is too long (at most ${MAX_TEXT_LENGTH} characters).`,
    )
  return v
}

export function argBool(v: unknown, what: string): boolean {
  if (typeof v !== "boolean")
    throw new ModelError("invalid-argument", `${what} must be true or false.`)
  return v
}
