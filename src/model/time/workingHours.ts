/**
 * Working-hours arithmetic for one member: their `workingHours` are local wall-clock times
 * per ISO weekday in their own `timeZone`, so a working day is always 09:00–17:00 on their
 * clock, whatever daylight saving does (a 00:00–24:00 day is 23 h long on spring-forward day).
 *
 * A day may hold several spans (a split day, 09:00–12:00 and 15:00–19:00: the first span in
 * `start`/`end`, the others in `more`), and a span may run past midnight into the next day
 * (a night shift 22:00–02:00 is `{ start: 1320, end: 1560 }` on the day it starts). Spans that
 * touch or overlap (a night shift running into the next day's morning) count once.
 *
 * Malformed hours from a peer (missing day, `start >= end`, values outside range) count as
 * a day off; an unknown zone counts as UTC. Nothing here throws on bad board data.
 */
import type { DayHours, Member, TimeZone, WeekHours } from "../types"
import { DAY, HOUR, MINUTE, instantOfWall, isoWeekday, ms, wallDay, wallOf } from "./zone"
import type { InstantLike } from "./zone"

/** The part of a member that working-hours arithmetic needs. */
export type Worker = Pick<Member, "timeZone" | "workingHours">

/** A half-open interval of instants `[start, end)` in epoch milliseconds. */
export interface Interval {
  start: number
  end: number
}

/** One span of a working day in minutes since that day's local midnight. */
export interface Span {
  start: number
  end: number
}

/** Latest end of a span: 24 h after the end of its day (a shift may run into the next day). */
export const MAX_SPAN_END = 2880

const DAY_KEYS = ["1", "2", "3", "4", "5", "6", "7"] as const

function cleanSpan(v: unknown): Span | null {
  if (typeof v !== "object" || v === null) return null
  const { start, end } = v as Record<string, unknown>
  if (typeof start !== "number" || typeof end !== "number") return null
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null
  const s = Math.max(0, Math.min(1439, Math.round(start)))
  const e = Math.max(0, Math.min(MAX_SPAN_END, Math.round(end)))
  // A span longer than a day is malformed (it would overlap itself a day later).
  return s < e && e - s <= 1440 ? { start: s, end: e } : null
}

/**
 * The valid spans of ISO weekday `weekday` in order, overlapping ones merged; `[]` for a day
 * off or malformed data (a malformed extra span is ignored, the others kept).
 */
export function daySpans(hours: WeekHours | null | undefined, weekday: number): Span[] {
  if (typeof hours !== "object" || hours === null) return []
  const h = (hours as Record<string, unknown>)[String(weekday)]
  const first = cleanSpan(h)
  if (first === null) return []
  const spans = [first]
  const more = (h as { more?: unknown }).more
  if (Array.isArray(more)) {
    for (const m of more.slice(0, 24)) {
      const s = cleanSpan(m)
      if (s) spans.push(s)
    }
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end)
  const out: Span[] = []
  for (const s of spans) {
    const prev = out[out.length - 1]
    if (prev && s.start <= prev.end) prev.end = Math.max(prev.end, s.end)
    else out.push({ ...s })
  }
  return out
}

/** The first valid span of ISO weekday `weekday`, or `null` for a day off or malformed data. */
export function dayHours(hours: WeekHours | null | undefined, weekday: number): DayHours | null {
  const s = daySpans(hours, weekday)[0]
  return s ? { start: s.start, end: s.end } : null
}

/** Nominal working minutes per week (ignoring daylight saving). */
export function weeklyMinutes(hours: WeekHours | null | undefined): number {
  let total = 0
  for (const k of DAY_KEYS) for (const s of daySpans(hours, Number(k))) total += s.end - s.start
  return total
}

/** The working intervals of the local day starting at wall value `day`, in order. */
export function workingIntervalsOfDay(worker: Worker, day: number): Interval[] {
  const out: Interval[] = []
  for (const h of daySpans(worker.workingHours, isoWeekday(day))) {
    const start = instantOfWall(worker.timeZone, day + h.start * MINUTE)
    const end = instantOfWall(worker.timeZone, day + h.end * MINUTE)
    if (end > start) out.push({ start, end })
  }
  return out
}

/** The first working interval of the local day starting at wall value `day`, or `null`. */
export function workingIntervalOfDay(worker: Worker, day: number): Interval | null {
  return workingIntervalsOfDay(worker, day)[0] ?? null
}

/** Sorts intervals and merges those that touch or overlap. */
export function unionOf(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end)
  const out: Interval[] = []
  for (const iv of sorted) {
    const prev = out[out.length - 1]
    if (prev && iv.start <= prev.end) prev.end = Math.max(prev.end, iv.end)
    else out.push({ start: iv.start, end: iv.end })
  }
  return out
}

/** `intervals` (sorted, disjoint) minus `remove` (any order). */
export function subtract(intervals: Interval[], remove: readonly Interval[]): Interval[] {
  let out = intervals
  for (const r of remove) {
    if (!(r.end > r.start)) continue
    const next: Interval[] = []
    for (const iv of out) {
      if (r.end <= iv.start || r.start >= iv.end) next.push(iv)
      else {
        if (r.start > iv.start) next.push({ start: iv.start, end: r.start })
        if (r.end < iv.end) next.push({ start: r.end, end: iv.end })
      }
    }
    out = next
  }
  return out
}

/**
 * Working intervals of the member that overlap `[from, to)`, clipped to it, in order, with
 * the intervals in `except` (e.g. leave) taken out.
 */
export function workingIntervals(
  worker: Worker,
  from: InstantLike,
  to: InstantLike,
  except: readonly Interval[] = [],
): Interval[] {
  const a = ms(from)
  const b = ms(to)
  if (!(b > a)) return []
  const zone: TimeZone = worker.timeZone
  const raw: Interval[] = []
  const last = wallDay(wallOf(zone, b)) + DAY
  // From the day before: a night shift that started then may still be running.
  for (let day = wallDay(wallOf(zone, a)) - DAY; day <= last; day += DAY) {
    for (const iv of workingIntervalsOfDay(worker, day)) {
      const start = Math.max(iv.start, a)
      const end = Math.min(iv.end, b)
      if (end > start) raw.push({ start, end })
    }
  }
  return subtract(unionOf(raw), except)
}

/** Whether the member is inside their working hours at `at`. */
export function isWorkingAt(worker: Worker, at: InstantLike): boolean {
  const t = ms(at)
  return workingIntervals(worker, t, t + 1).length > 0
}

/** Working time of the member between two instants, in milliseconds (0 when `to <= from`). */
export function workingMsBetween(
  worker: Worker,
  from: InstantLike,
  to: InstantLike,
  except: readonly Interval[] = [],
): number {
  let total = 0
  for (const iv of workingIntervals(worker, from, to, except)) total += iv.end - iv.start
  return total
}

/** Working hours of the member elapsed between two instants (0 when `to <= from`). */
export function workingHoursBetween(
  worker: Worker,
  from: InstantLike,
  to: InstantLike,
  except: readonly Interval[] = [],
): number {
  return workingMsBetween(worker, from, to, except) / HOUR
}

/** Working intervals from `t0` on, a week at a time, until `stop` returns true or `days` pass. */
function walk(
  worker: Worker,
  t0: number,
  days: number,
  except: readonly Interval[],
  stop: (iv: Interval) => boolean,
): boolean {
  const WEEK = 7 * DAY
  for (let from = t0; from < t0 + days * DAY; from += WEEK) {
    for (const iv of workingIntervals(worker, from, from + WEEK, except)) if (stop(iv)) return true
  }
  return false
}

/**
 * Days to walk from `t0`: `base` plus the days leave covers; never past the start of an
 * open-ended leave (nothing after it counts).
 */
function budgetDays(t0: number, base: number, except: readonly Interval[]): number {
  let days = base
  let cap = Infinity
  for (const e of except) {
    if (e.end === Infinity) cap = Math.min(cap, e.start)
    else {
      const span = e.end - Math.max(e.start, t0)
      if (span > 0) days += Math.ceil(span / DAY)
    }
  }
  return cap === Infinity ? days : Math.min(days, Math.max(0, Math.ceil((cap - t0) / DAY) + 1))
}

/**
 * The instant when `hours` of the member's working time have passed after `from`, not
 * counting the intervals in `except` (leave). Ending exactly at the close of a working span
 * gives that close, not the next morning. `null` when the member has no working hours at all,
 * or when `except` covers all of them for the next years (open-ended leave); `hours <= 0`
 * gives `from`.
 */
export function addWorkingHours(
  worker: Worker,
  from: InstantLike,
  hours: number,
  except: readonly Interval[] = [],
): number | null {
  const t0 = ms(from)
  if (!(hours > 0)) return t0
  const weekly = weeklyMinutes(worker.workingHours)
  if (weekly === 0) return null
  let remaining = hours * HOUR
  // Weeks needed at the nominal rate, plus slack for DST days and skipped calendar days.
  const days = budgetDays(t0, Math.ceil(remaining / (weekly * MINUTE)) * 7 + 21, except)
  let result: number | null = null
  walk(worker, t0, days, except, (iv) => {
    const span = iv.end - iv.start
    if (remaining <= span) {
      result = iv.start + remaining
      return true
    }
    remaining -= span
    return false
  })
  return result
}

/**
 * The first instant at or after `at` inside the member's working hours and outside `except`
 * (`at` itself when they are working then); `null` when there is none in the next weeks.
 */
export function nextWorkingStart(
  worker: Worker,
  at: InstantLike,
  except: readonly Interval[] = [],
): number | null {
  const t = ms(at)
  if (weeklyMinutes(worker.workingHours) === 0) return null
  const days = budgetDays(t, 22, except)
  let found: number | null = null
  walk(worker, t, days, except, (iv) => {
    found = iv.start
    return true
  })
  return found
}
