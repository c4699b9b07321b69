/**
 * When to deliver a reminder to a member: reminders wait for the recipient's working hours
 * (an async team does not ping people at 3 am). A member who is away until a known instant
 * gets it when they are back and working. A member without any working hours gets it at once;
 * "away" without an end date holds nothing (the in-app centre still lists it).
 */
import type { Member } from "../types"
import { nextWorkingStart } from "./workingHours"
import { isAway } from "./overlap"

/** Earliest instant at or after `at` when a reminder may reach `member`. */
export function deliveryTime(
  member: Pick<Member, "timeZone" | "workingHours" | "status">,
  at: number,
): number {
  let from = at
  const s = member.status
  if (s && s.kind === "away" && s.until !== null && isAway(member, at)) {
    const until = Date.parse(s.until)
    if (Number.isFinite(until)) from = until
  }
  return nextWorkingStart(member, from) ?? from
}

/** True when a held reminder may be shown to `member` at `now` (working and not away). */
export function mayDeliverNow(
  member: Pick<Member, "timeZone" | "workingHours" | "status">,
  now: number,
): boolean {
  return deliveryTime(member, now) === now
}
