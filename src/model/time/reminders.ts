/**
 * When to deliver a reminder to a member: reminders wait for the recipient's working hours
 * (an async team does not ping people at 3 am). A member who is away until a known instant
 * gets it when they are back and working. "Focusing" and "away" without an end date hold
 * every reminder until the member changes their status (`null`: no time known yet; the
 * in-app centre still lists it). A member without any working hours gets it at once.
 */
import type { Member } from "../types"
import { leaveIntervals } from "./away"
import { nextWorkingStart } from "./workingHours"

/**
 * Earliest instant at or after `at` when a reminder may reach `member`, or `null` while it is
 * held by their status (focusing, or away until further notice).
 */
export function deliveryTime(
  member: Pick<Member, "timeZone" | "workingHours" | "status">,
  at: number,
): number | null {
  const s = member.status
  if (s?.kind === "focusing") return null
  const leave = leaveIntervals(member).filter((l) => l.end > at)
  if (leave.some((l) => l.start <= at && l.end === Infinity)) return null
  // Reminders arising during leave that ends go out when the member is back and working.
  const from = leave.reduce((t, l) => (l.start <= t && l.end > t ? l.end : t), at)
  const next = nextWorkingStart(member, from, leave)
  if (next !== null) return next
  return leave.some((l) => l.end === Infinity) ? null : from
}

/** True when a held reminder may be shown to `member` at `now` (working, not held). */
export function mayDeliverNow(
  member: Pick<Member, "timeZone" | "workingHours" | "status">,
  now: number,
): boolean {
  return deliveryTime(member, now) === now
}
