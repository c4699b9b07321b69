/**
 * Low-level time-zone arithmetic. Instants are epoch milliseconds; a "wall" value is the
 * local calendar date and clock time of a zone encoded as if it were UTC milliseconds
 * (so calendar arithmetic on wall values never meets a daylight-saving change).
 *
 * Rules for local times that do not map to exactly one instant (documented and tested):
 * - a local time inside a spring-forward gap (e.g. 02:30 in Berlin on the last Sunday of
 *   March) resolves to the instant the clocks jump, the first instant whose local time is at
 *   or after the one asked for;
 * - a local time that happens twice (fall-back) resolves to its first occurrence;
 * - a calendar day a zone skipped entirely (Pacific/Apia 2011-12-30) collapses to one instant.
 */
import { FixedOffsetZone, IANAZone } from "luxon"
import type { Zone } from "luxon"
import type { IsoInstant, TimeZone } from "../types"

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** An instant given as an ISO string, epoch milliseconds or a `Date`. */
export type InstantLike = IsoInstant | number | Date

const zones = new Map<string, Zone>()
const validZones = new Map<string, boolean>()

/** True when `name` is an IANA zone this runtime knows. */
export function isValidTimeZone(name: unknown): name is TimeZone {
  if (typeof name !== "string" || name.length === 0 || name.length >= 100) return false
  // Asking Intl costs ~0.4 ms, and every deadline badge asks: remember the answers (few
  // distinct zones; bounded so a hostile peer's made-up names cannot grow it without end).
  let valid = validZones.get(name)
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name)
    if (validZones.size >= 1000) validZones.clear()
    validZones.set(name, valid)
  }
  return valid
}

/** The luxon zone for `name`; an unknown or malformed name (e.g. from a hostile peer) is UTC. */
export function zoneOf(name: TimeZone | null | undefined): Zone {
  const key = typeof name === "string" ? name : ""
  let z = zones.get(key)
  if (z === undefined) {
    z = isValidTimeZone(key) ? IANAZone.create(key) : FixedOffsetZone.utcInstance
    zones.set(key, z)
  }
  return z
}

/** Epoch milliseconds of an instant, or `null` when it cannot be parsed. */
export function toMs(at: InstantLike | null | undefined): number | null {
  if (typeof at === "number") return Number.isFinite(at) ? at : null
  if (at instanceof Date) return Number.isFinite(at.getTime()) ? at.getTime() : null
  if (typeof at !== "string") return null
  const ms = Date.parse(at)
  return Number.isFinite(ms) ? ms : null
}

/** Like `toMs` but throws on an unparseable instant (for arguments the app itself supplies). */
export function ms(at: InstantLike): number {
  const v = toMs(at)
  if (v === null) throw new RangeError(`not an instant: ${String(at)}`)
  return v
}

export function toIso(t: number): IsoInstant {
  return new Date(t).toISOString()
}

/** UTC offset of `zone` at instant `t`, in minutes. */
export function offsetAt(zone: TimeZone, t: number): number {
  return zoneOf(zone).offset(t)
}

/** The local wall value of instant `t` in `zone`. */
export function wallOf(zone: TimeZone, t: number): number {
  return t + offsetAt(zone, t) * MINUTE
}

/** Wall value of local midnight starting the day that contains wall value `wall`. */
export function wallDay(wall: number): number {
  return Math.floor(wall / DAY) * DAY
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a wall value. */
export function isoWeekday(wall: number): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const d = new Date(wall).getUTCDay()
  return (d === 0 ? 7 : d) as 1 | 2 | 3 | 4 | 5 | 6 | 7
}

/** `YYYY-MM-DD` of a wall value. */
export function wallDate(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10)
}

/** Wall value of midnight of a `YYYY-MM-DD` date, or `null` when malformed. */
export function parseDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  // Not `Date.UTC(y, …)`: it reads years 0–99 as 1900–1999.
  const check = new Date(0)
  check.setUTCFullYear(y, mo - 1, d)
  const t = check.getTime()
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return null
  return t
}

/** Years a deadline or leave date may fall in; anything else is a typing slip. */
export const PLAUSIBLE_YEARS = { from: 1900, to: 2200 } as const

/**
 * Why a `YYYY-MM-DD` date typed by a person cannot be used, or `null` when it can: not a
 * calendar date, or a year outside `PLAUSIBLE_YEARS`.
 */
export function dateProblem(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "Pick a date."
  if (parseDate(date) === null) return `${date} is not a date in the calendar.`
  const y = Number(date.slice(0, 4))
  if (y < PLAUSIBLE_YEARS.from || y > PLAUSIBLE_YEARS.to)
    return `The year ${y} is outside ${PLAUSIBLE_YEARS.from}–${PLAUSIBLE_YEARS.to}; check the date.`
  return null
}

/**
 * The instant at which the local clock of `zone` shows wall value `wall` (see the rules for
 * gaps and repeated times at the top of this file).
 */
export function instantOfWall(zone: TimeZone, wall: number): number {
  const z = zoneOf(zone)
  // The real instant is within ±14 h of `wall`; the offsets in force around it are
  // the candidates (at most two unless the zone changed twice within a day).
  const offsets = new Set([z.offset(wall - DAY), z.offset(wall), z.offset(wall + DAY)])
  let best: number | null = null
  for (const o of offsets) {
    const t = wall - o * MINUTE
    if (t + z.offset(t) * MINUTE === wall && (best === null || t < best)) best = t
  }
  if (best !== null) return best
  // A gap: find the first instant whose local time is at or after `wall`.
  const ts = [...offsets].map((o) => wall - o * MINUTE)
  let lo = Math.min(...ts)
  let hi = Math.max(...ts)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (mid + z.offset(mid) * MINUTE >= wall) hi = mid
    else lo = mid
  }
  return hi
}

/** The last path segment of an IANA name as a city: `America/Argentina/Buenos_Aires` → `Buenos Aires`. */
export function cityOf(zone: TimeZone): string {
  if (zone === "America/St_Johns") return "St. John's"
  const last = zone.split("/").pop() ?? zone
  return last.replace(/_/g, " ")
}
