/**
 * Working-hours arithmetic for one member: their `workingHours` are local wall-clock times
 * per ISO weekday in their own `timeZone`, so a working day is always 09:00–17:00 on their
 * clock, whatever daylight saving does (a 00:00–24:00 day is 23 h long on spring-forward day).
 *
 * Malformed hours from a peer (missing day, `start >= end`, values outside 0…1440) count as
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

const DAY_KEYS = ["1", "2", "3", "4", "5", "6", "7"] as const

/** The valid hours of ISO weekday `weekday`, or `null` for a day off or malformed data. */
export function dayHours(hours: WeekHours | null | undefined, weekday: number): DayHours | null {
  if (typeof hours !== "object" || hours === null) return null
  const h = (hours as Record<string, unknown>)[String(weekday)]
  if (typeof h !== "object" || h === null) return null
  const { start, end } = h as Record<string, unknown>
  if (typeof start !== "number" || typeof end !== "number") return null
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null
  const s = Math.max(0, Math.min(1440, Math.round(start)))
  const e = Math.max(0, Math.min(1440, Math.round(end)))
  return s < e ? { start: s, end: e } : null
}

/** Nominal working minutes per week (ignoring daylight saving). */
export function weeklyMinutes(hours: WeekHours | null | undefined): number {
  let total = 0
  for (const k of DAY_KEYS) {
    const h = dayHours(hours, Number(k))
    if (h) total += h.end - h.start
  }
  return total
}

/** The working interval of the local day starting at wall value `day`, or `null`. */
export function workingIntervalOfDay(worker: Worker, day: number): Interval | null {
  const h = dayHours(worker.workingHours, isoWeekday(day))
  if (!h) return null
  const start = instantOfWall(worker.timeZone, day + h.start * MINUTE)
  const end = instantOfWall(worker.timeZone, day + h.end * MINUTE)
  return end > start ? { start, end } : null
}

/** Working intervals of the member that overlap `[from, to)`, clipped to it, in order. */
export function workingIntervals(worker: Worker, from: InstantLike, to: InstantLike): Interval[] {
  const a = ms(from)
  const b = ms(to)
  if (!(b > a)) return []
  const zone: TimeZone = worker.timeZone
  const out: Interval[] = []
  const last = wallDay(wallOf(zone, b)) + DAY
  for (let day = wallDay(wallOf(zone, a)) - DAY; day <= last; day += DAY) {
    const iv = workingIntervalOfDay(worker, day)
    if (!iv) continue
    const start = Math.max(iv.start, a)
    const end = Math.min(iv.end, b)
    if (end > start) out.push({ start, end })
  }
  return out
}

/** Whether the member is inside their working hours at `at`. */
export function isWorkingAt(worker: Worker, at: InstantLike): boolean {
  const t = ms(at)
  const iv = workingIntervalOfDay(worker, wallDay(wallOf(worker.timeZone, t)))
  return iv !== null && iv.start <= t && t < iv.end
}

/** Working time of the member between two instants, in milliseconds (0 when `to <= from`). */
export function workingMsBetween(worker: Worker, from: InstantLike, to: InstantLike): number {
  let total = 0
  for (const iv of workingIntervals(worker, from, to)) total += iv.end - iv.start
  return total
}

/** Working hours of the member elapsed between two instants (0 when `to <= from`). */
export function workingHoursBetween(worker: Worker, from: InstantLike, to: InstantLike): number {
  return workingMsBetween(worker, from, to) / HOUR
}

/**
 * The instant when `hours` of the member's working time have passed after `from`. Ending
 * exactly at the close of a working day gives that close, not the next morning. `null` when
 * the member has no working hours at all; `hours <= 0` gives `from`.
 */
export function addWorkingHours(worker: Worker, from: InstantLike, hours: number): number | null {
  const t0 = ms(from)
  if (!(hours > 0)) return t0
  const weekly = weeklyMinutes(worker.workingHours)
  if (weekly === 0) return null
  let remaining = hours * HOUR
  // Weeks needed at the nominal rate, plus slack for DST days and skipped calendar days.
  const maxDays = Math.ceil(remaining / (weekly * MINUTE)) * 7 + 21
  const zone = worker.timeZone
  const first = wallDay(wallOf(zone, t0))
  for (let i = 0, day = first; i < maxDays; i++, day += DAY) {
    const iv = workingIntervalOfDay(worker, day)
    if (!iv || iv.end <= t0) continue
    const start = Math.max(iv.start, t0)
    const span = iv.end - start
    if (remaining <= span) return start + remaining
    remaining -= span
  }
  return null
}

/**
 * The first instant at or after `at` inside the member's working hours (`at` itself when
 * they are working then); `null` when they have no working hours at all.
 */
export function nextWorkingStart(worker: Worker, at: InstantLike): number | null {
  const t = ms(at)
  if (weeklyMinutes(worker.workingHours) === 0) return null
  const first = wallDay(wallOf(worker.timeZone, t))
  for (let i = 0, day = first; i < 22; i++, day += DAY) {
    const iv = workingIntervalOfDay(worker, day)
    if (!iv || iv.end <= t) continue
    return Math.max(iv.start, t)
  }
  return null
}
