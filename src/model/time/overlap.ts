/**
 * Team overlap: when most of the team is working, per calendar day of the viewer, for today
 * and the days ahead.
 *
 * "Most" is a strict majority of the members counted (⌊n/2⌋ + 1; with one or two members:
 * all of them). A member's time on leave is taken out of their working hours for that day, so
 * someone back this afternoon counts for the afternoon; only members away for the whole day
 * are not counted. When no stretch of the day reaches a majority, `best` holds the stretches
 * with the most members working (at least two).
 */
import type { Board, Id, Member, TimeZone } from "../types"
import { leaveIntervals } from "./away"
import { workingIntervals } from "./workingHours"
import type { Interval, Worker } from "./workingHours"
import { DAY, instantOfWall, wallDate, wallDay, wallOf } from "./zone"

export interface OverlapWindow {
  start: number
  end: number
  /** Members working during the whole window. */
  memberIds: Id[]
  /** Fewest members working at any moment of the window. */
  working: number
}

export interface TeamOverlap {
  /** The viewer's local date, `YYYY-MM-DD`. */
  day: string
  dayStart: number
  dayEnd: number
  teamSize: number
  threshold: number
  /** Stretches where at least `threshold` members work. */
  windows: OverlapWindow[]
  /** When `windows` is empty: the stretches where the most members work (≥ 2), else []. */
  best: OverlapWindow[]
}

/** True when the member's status is "away" at `now`. */
export function isAway(member: Pick<Member, "status">, now: number): boolean {
  const s = member.status
  if (!s || s.kind !== "away") return false
  if (s.until === null) return true
  const until = Date.parse(s.until)
  return !Number.isFinite(until) || until > now
}

interface Segment {
  start: number
  end: number
  ids: Id[]
}

/** When the member works between two instants, leave taken out. */
export function availableIntervals(
  member: Worker & Pick<Member, "status">,
  from: number,
  to: number,
): Interval[] {
  return workingIntervals(member, from, to, leaveIntervals(member))
}

function segments(members: Member[], dayStart: number, dayEnd: number): Segment[] {
  const events: Array<{ t: number; id: Id; d: 1 | -1 }> = []
  for (const m of members) {
    for (const iv of availableIntervals(m, dayStart, dayEnd)) {
      events.push({ t: iv.start, id: m.id, d: 1 }, { t: iv.end, id: m.id, d: -1 })
    }
  }
  events.sort((a, b) => a.t - b.t || a.d - b.d)
  const active = new Set<Id>()
  const out: Segment[] = []
  let i = 0
  while (i < events.length) {
    const t = events[i]!.t
    while (i < events.length && events[i]!.t === t) {
      const e = events[i]!
      if (e.d === 1) active.add(e.id)
      else active.delete(e.id)
      i++
    }
    const next = i < events.length ? events[i]!.t : t
    if (next > t && active.size > 0) out.push({ start: t, end: next, ids: [...active].sort() })
  }
  return out
}

function merge(segs: Segment[], keep: (s: Segment) => boolean): OverlapWindow[] {
  const out: OverlapWindow[] = []
  for (const s of segs) {
    if (!keep(s)) continue
    const prev = out[out.length - 1]
    if (prev && prev.end === s.start) {
      prev.end = s.end
      prev.memberIds = prev.memberIds.filter((id) => s.ids.includes(id))
      prev.working = Math.min(prev.working, s.ids.length)
    } else {
      out.push({ start: s.start, end: s.end, memberIds: s.ids, working: s.ids.length })
    }
  }
  return out
}

/** Today's overlap (see above) for `viewerZone` at `now`. */
export function teamOverlap(
  members: Board["members"],
  viewerZone: TimeZone,
  now: number,
): TeamOverlap {
  return overlapOnDay(members, viewerZone, wallDay(wallOf(viewerZone, now)))
}

/** The overlap of the viewer's local day starting at wall value `wallToday`. */
export function overlapOnDay(
  members: Board["members"],
  viewerZone: TimeZone,
  wallToday: number,
): TeamOverlap {
  const dayStart = instantOfWall(viewerZone, wallToday)
  const dayEnd = instantOfWall(viewerZone, wallToday + DAY)
  const counted = Object.values(members)
    .filter((m) => !leaveIntervals(m).some((l) => l.start <= dayStart && l.end >= dayEnd))
    .sort((a, b) => a.id.localeCompare(b.id))
  const n = counted.length
  const threshold = Math.floor(n / 2) + 1
  const segs = segments(counted, dayStart, dayEnd)
  const windows = n === 0 ? [] : merge(segs, (s) => s.ids.length >= threshold)
  let best: OverlapWindow[] = []
  if (windows.length === 0) {
    const max = Math.max(0, ...segs.map((s) => s.ids.length))
    if (max >= 2) best = merge(segs, (s) => s.ids.length === max)
  }
  return { day: wallDate(wallToday), dayStart, dayEnd, teamSize: n, threshold, windows, best }
}

/** The overlap of today and the `days - 1` following days of the viewer. */
export function overlapDays(
  members: Board["members"],
  viewerZone: TimeZone,
  now: number,
  days = 7,
): TeamOverlap[] {
  const today = wallDay(wallOf(viewerZone, now))
  const out: TeamOverlap[] = []
  for (let i = 0; i < days; i++) out.push(overlapOnDay(members, viewerZone, today + i * DAY))
  return out
}

/**
 * The next stretch, at or after `now`, when both members are working and not on leave
 * ("best time to reach them"), within `days` days; `null` when there is none.
 */
export function nextSharedTime(
  a: Worker & Pick<Member, "status">,
  b: Worker & Pick<Member, "status">,
  now: number,
  days = 14,
): Interval | null {
  for (let from = now; from < now + days * DAY; from += 7 * DAY) {
    const to = from + 7 * DAY
    const xs = availableIntervals(a, from, to)
    const ys = availableIntervals(b, from, to)
    let best: Interval | null = null
    for (const x of xs)
      for (const y of ys) {
        const start = Math.max(x.start, y.start)
        const end = Math.min(x.end, y.end)
        if (end > start && (best === null || start < best.start)) best = { start, end }
      }
    if (best) return best
  }
  return null
}
