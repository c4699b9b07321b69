/**
 * Today's team overlap: when most of the team is working, on the viewer's calendar day.
 *
 * "Most" is a strict majority of the members counted (⌊n/2⌋ + 1; with one or two members:
 * all of them). Members who are away at `now` are not counted. When no stretch of the day
 * reaches a majority, `best` holds the stretches with the most members working (at least two).
 */
import type { Board, Id, Member, TimeZone } from "../types"
import { workingIntervals } from "./workingHours"
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

function segments(members: Member[], dayStart: number, dayEnd: number): Segment[] {
  const events: Array<{ t: number; id: Id; d: 1 | -1 }> = []
  for (const m of members) {
    for (const iv of workingIntervals(m, dayStart, dayEnd)) {
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
  const wallToday = wallDay(wallOf(viewerZone, now))
  const dayStart = instantOfWall(viewerZone, wallToday)
  const dayEnd = instantOfWall(viewerZone, wallToday + DAY)
  const counted = Object.values(members)
    .filter((m) => !isAway(m, now))
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
