/**
 * Whether someone can be reached now, for the person writing to them: their local time, their
 * state (working, off, focusing, away) and when they are next working. Feeds the @mention
 * list, the note under the comment box and member profiles.
 */
import type { Member, TimeZone } from "../types"
import { leaveIntervals } from "./away"
import { formatTime, formatWeekdayTime } from "./format"
import type { FormatOptions } from "./format"
import { isAway } from "./overlap"
import { addWorkingHours, isWorkingAt, nextWorkingStart } from "./workingHours"
import { DAY, HOUR, MINUTE } from "./zone"

export interface Reach {
  state: "working" | "off" | "focusing" | "away"
  /** When they are next working and not on leave; `null` when unknown (open-ended leave). */
  backAt: number | null
}

/** The member's state at `now` (see `Reach`). */
export function reachOf(member: Member, now: number): Reach {
  const leave = leaveIntervals(member)
  if (isAway(member, now)) return { state: "away", backAt: nextWorkingStart(member, now, leave) }
  if (isWorkingAt(member, now))
    return { state: member.status?.kind === "focusing" ? "focusing" : "working", backAt: now }
  return { state: "off", backAt: nextWorkingStart(member, now, leave) }
}

/** A duration as "2 d 5 h", "5 h 10 min" or "12 min" (truncated). */
export function durationText(ms: number): string {
  const a = Math.max(0, ms)
  if (a >= DAY) {
    const h = Math.floor((a % DAY) / HOUR)
    return `${Math.floor(a / DAY)} d${h ? ` ${h} h` : ""}`
  }
  if (a >= HOUR) {
    const m = Math.floor((a % HOUR) / MINUTE)
    return `${Math.floor(a / HOUR)} h${m ? ` ${m} min` : ""}`
  }
  return `${Math.floor(a / MINUTE)} min`
}

/** "03:12 their time · off until Mon 09:00" for the @mention list. */
export function mentionHint(member: Member, now: number, opts: FormatOptions = {}): string {
  const r = reachOf(member, now)
  const local = `${formatTime(now, member.timeZone, opts)} their time`
  switch (r.state) {
    case "working":
      return `${local} · working`
    case "focusing":
      return `${local} · focusing`
    case "away":
      return r.backAt === null
        ? `${local} · away`
        : `${local} · away until ${formatWeekdayTime(r.backAt, member.timeZone, opts)}`
    case "off":
      return r.backAt === null
        ? `${local} · off`
        : `${local} · off until ${formatWeekdayTime(r.backAt, member.timeZone, opts)}`
  }
}

/**
 * The note under the comment box for a mention of someone not at work, or `null` when they
 * are working: "Ana is off until Mon 09:00 their time (in 2 d 5 h); a reply is expected by
 * Tue 12:00 your time". The expectation uses the board's reply window (working hours of the
 * mentioned member, leave not counted).
 */
export function offHoursNote(
  member: Member,
  viewerZone: TimeZone,
  now: number,
  replyHours: number,
  opts: FormatOptions = {},
): string | null {
  const r = reachOf(member, now)
  if (r.state === "working") return null
  const what = r.state === "off" ? "off" : r.state === "away" ? "away" : "focusing"
  const due = addWorkingHours(member, now, replyHours, leaveIntervals(member))
  const expect =
    due === null
      ? "no reply time can be given"
      : `a reply is expected by ${formatWeekdayTime(due, viewerZone, opts)} your time`
  if (r.state === "focusing") return `${member.name} is focusing; ${expect}`
  if (r.backAt === null) return `${member.name} is ${what} until further notice; ${expect}`
  return `${member.name} is ${what} until ${formatWeekdayTime(r.backAt, member.timeZone, opts)} their time (in ${durationText(r.backAt - now)}); ${expect}`
}
