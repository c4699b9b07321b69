/**
 * Turning a date and clock time a person typed into an instant, with ONE rule for local times
 * that do not exist or happen twice (see `instantOfWall`), used by every path that saves one
 * (the card dialog's deadline form and the calendar's drag and keyboard moves):
 * - in a spring-forward gap (02:30 on 28 March 2027 in Berlin) the time saved is the instant
 *   the clocks jump, which reads 03:00;
 * - a time that happens twice (fall-back) is its first occurrence.
 * Either way the person is told what was saved.
 */
import { DateTime } from "luxon"
import type { Deadline, IsoDate, TimeZone } from "../types"
import { formatTime } from "./format"
import type { FormatOptions } from "./format"
import {
  HOUR,
  MINUTE,
  cityOf,
  dateProblem,
  instantOfWall,
  isValidTimeZone,
  offsetAt,
  parseDate,
  toIso,
  wallOf,
} from "./zone"

export interface ResolvedLocalTime {
  at: number
  /** What to tell the person when the time they typed was not saved as typed, else `null`. */
  note: string | null
}

function dayMonth(date: IsoDate, opts: FormatOptions): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  return DateTime.utc(y, m, d)
    .setLocale(opts.locale ?? "en-GB")
    .toLocaleString({ day: "numeric", month: "long" })
}

function offsetName(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+"
  const a = Math.abs(minutes)
  const mm = a % 60
  return `UTC${sign}${Math.floor(a / 60)}${mm ? `:${String(mm).padStart(2, "0")}` : ""}`
}

/**
 * The instant of local `date` `time` (`HH:mm`) in `zone` under the rule above, with a note
 * when the time does not exist or is ambiguous. `null` for a malformed date or time.
 */
export function resolveLocalTime(
  date: IsoDate,
  time: string,
  zone: TimeZone,
  opts: FormatOptions = {},
): ResolvedLocalTime | null {
  const day = parseDate(date)
  const m = /^(\d{2}):(\d{2})$/.exec(time)
  if (day === null || !m) return null
  const minutes = Number(m[1]) * 60 + Number(m[2])
  if (Number(m[1]) > 23 || Number(m[2]) > 59) return null
  const wall = day + minutes * MINUTE
  const at = instantOfWall(zone, wall)
  const city = cityOf(zone)
  if (wallOf(zone, at) !== wall) {
    return {
      at,
      note: `${time} does not exist on ${dayMonth(date, opts)} in ${city} (the clocks jump); saved as ${formatTime(at, zone, opts)}.`,
    }
  }
  // Ambiguous when a later instant shows the same wall time (clocks went back over it).
  const o = offsetAt(zone, at)
  for (const later of [at + 30 * MINUTE, at + HOUR, at + 2 * HOUR]) {
    if (wallOf(zone, later) === wall && offsetAt(zone, later) !== o)
      return {
        at,
        note: `${time} happens twice on ${dayMonth(date, opts)} in ${city} (the clocks go back); saved as the first, ${offsetName(o)}.`,
      }
  }
  return { at, note: null }
}

/** A deadline typed into a form, or why it cannot be saved. */
export type DeadlineEntry = { deadline: Deadline; note: string | null } | { error: string }

/**
 * The deadline for a date, an optional time (`""`: date-only) and the zone the time is in.
 * Refuses malformed dates, implausible years and unknown zones with a message.
 */
export function deadlineFromFields(
  date: string,
  time: string,
  zone: string,
  opts: FormatOptions = {},
): DeadlineEntry {
  const problem = dateProblem(date)
  if (problem) return { error: problem }
  if (time === "") return { deadline: { kind: "date", date }, note: null }
  if (!isValidTimeZone(zone)) return { error: "Pick a known time zone, e.g. Europe/Paris." }
  const r = resolveLocalTime(date, time, zone, opts)
  if (r === null) return { error: "Pick a time as HH:MM." }
  return { deadline: { kind: "instant", at: toIso(r.at), zone }, note: r.note }
}

/**
 * The deadline a card gets when it is put on calendar day `date` (drag or keyboard in the
 * calendar): a date-only deadline stays date-only; an exact deadline keeps its time of day in
 * the zone it was entered in, under the same rule as typed times, with the same note.
 */
export function deadlineOnDayNoted(
  current: Deadline | null | undefined,
  date: IsoDate,
  opts: FormatOptions = {},
): { deadline: Deadline; note: string | null } {
  if (current && current.kind === "instant") {
    const at = Date.parse(current.at)
    if (Number.isFinite(at) && parseDate(date) !== null) {
      const zone = isValidTimeZone(current.zone) ? current.zone : "UTC"
      const wall = wallOf(zone, at)
      const minutes = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE)
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`
      const r = resolveLocalTime(date, hhmm, zone, opts)
      if (r) {
        // Keep seconds and milliseconds of the original time of day.
        const extra = ((wall % MINUTE) + MINUTE) % MINUTE
        const exact = r.note === null ? r.at + extra : r.at
        return { deadline: { kind: "instant", at: toIso(exact), zone: current.zone }, note: r.note }
      }
    }
  }
  return { deadline: { kind: "date", date }, note: null }
}

const DAY_MS = 24 * HOUR
