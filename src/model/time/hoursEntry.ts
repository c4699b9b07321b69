/**
 * Working hours as a person enters and reads them: spans of "HH:mm" start and end per
 * weekday. An end at or before its start runs into the next day (a night shift, 22:00–02:00);
 * several spans make a split day (09:00–12:00 and 15:00–19:00).
 */
import type { DayHours, WeekHours } from "../types"
import { daySpans } from "./workingHours"
import type { Span } from "./workingHours"

export const WEEKDAY_KEYS = ["1", "2", "3", "4", "5", "6", "7"] as const
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number]

/** "HH:mm" of minutes since midnight (1440 and later wrap to the next day's clock). */
export function clockOf(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`
}

function minutesOf(v: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(v)
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null
  return Number(m[1]) * 60 + Number(m[2])
}

/** A span typed as two clock times; an end at or before the start ends the next day. */
export function spanOf(start: string, end: string): Span | null {
  const s = minutesOf(start)
  const e = minutesOf(end)
  if (s === null || e === null) return null
  return { start: s, end: e <= s ? e + 1440 : e }
}

/**
 * The stored week for spans per weekday (`[]`: day off), or a message naming the first day
 * whose spans are malformed or overlap.
 */
export function weekFromSpans(
  spans: Record<WeekdayKey, Span[]>,
  dayNames: Record<WeekdayKey, string>,
): WeekHours | string {
  const out = {} as Record<WeekdayKey, DayHours | null>
  for (const d of WEEKDAY_KEYS) {
    const list = [...(spans[d] ?? [])].sort((a, b) => a.start - b.start)
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!
      if (!(s.start >= 0 && s.start < 1440 && s.end > s.start && s.end - s.start <= 1440))
        return `${dayNames[d]}: each span needs a start and an end.`
      if (i > 0 && s.start < list[i - 1]!.end) return `${dayNames[d]}: the spans overlap.`
    }
    const [first, ...more] = list
    out[d] =
      first === undefined
        ? null
        : more.length > 0
          ? { start: first.start, end: first.end, more: more.map((m) => ({ ...m })) }
          : { start: first.start, end: first.end }
  }
  return out as WeekHours
}

/** The spans of each weekday of a stored week (malformed days read as days off). */
export function spansOfWeek(hours: WeekHours | null | undefined): Record<WeekdayKey, Span[]> {
  const out = {} as Record<WeekdayKey, Span[]>
  for (const d of WEEKDAY_KEYS) out[d] = daySpans(hours, Number(d))
  return out
}

/** "09:00–12:00, 15:00–19:00" or "22:00–02:00 (next day)"; "" for a day off. */
export function describeDay(spans: readonly Span[]): string {
  return spans
    .map((s) => `${clockOf(s.start)}–${clockOf(s.end)}${s.end > 1440 ? " (next day)" : ""}`)
    .join(", ")
}
