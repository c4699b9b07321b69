import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import type { Card, Member, WeekHours } from "../types"
import {
  addWorkingHours,
  cityOf,
  deadlineOnDay,
  deliveryTime,
  describeDeadline,
  describeStart,
  endOfDate,
  instantOfWall,
  isWorkingAt,
  mayDeliverNow,
  nextWorkingStart,
  relativeTime,
  resolveDeadline,
  teamOverlap,
  workingHoursBetween,
} from "./index"

const t = (iso: string): number => Date.parse(iso)
const wall = (iso: string): number => Date.parse(iso + "Z")

function week(start: number, end: number, days = ["1", "2", "3", "4", "5"]): WeekHours {
  const w: Record<string, { start: number; end: number } | null> = {}
  for (const d of ["1", "2", "3", "4", "5", "6", "7"])
    w[d] = days.includes(d) ? { start, end } : null
  return w as WeekHours
}
const NINE_TO_FIVE = week(9 * 60, 17 * 60)
const ALL_DAY = week(0, 1440, ["1", "2", "3", "4", "5", "6", "7"])

function member(
  id: string,
  name: string,
  timeZone: string,
  workingHours: WeekHours = NINE_TO_FIVE,
): Member {
  return {
    id,
    name,
    color: "#336699",
    timeZone,
    workingHours,
    status: { kind: "available" },
    joinedAt: "2026-01-01T00:00:00.000Z",
  }
}

const ana = member("ana", "Ana", "America/Lima")
const kiri = member("kiri", "Teuea", "Pacific/Kiritimati")
const pago = member("pago", "Sina", "Pacific/Pago_Pago")
const kath = member("kath", "Maya", "Asia/Kathmandu")
const stj = member("stj", "Liam", "America/St_Johns")
const ber = member("ber", "Jonas", "Europe/Berlin")

function card(partial: Partial<Card>): Pick<Card, "deadline" | "owners" | "createdBy" | "done"> {
  return { deadline: null, owners: {}, createdBy: "nobody", done: false, ...partial }
}

describe("local times that do not exist or happen twice", () => {
  it("a time in the Berlin spring-forward gap resolves to the moment the clocks jump", () => {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z). 02:30 never happens.
    expect(instantOfWall("Europe/Berlin", wall("2026-03-29T02:30:00"))).toBe(
      t("2026-03-29T01:00:00Z"),
    )
    // luxon on its own moves 02:30 to 03:30 (01:30Z), half an hour later than our rule.
    const lux = DateTime.fromObject(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      { zone: "Europe/Berlin" },
    )
    expect(lux.toUTC().toISO()).toBe("2026-03-29T01:30:00.000Z")
    // Times on either side are untouched.
    expect(instantOfWall("Europe/Berlin", wall("2026-03-29T01:59:00"))).toBe(
      t("2026-03-29T00:59:00Z"),
    )
    expect(instantOfWall("Europe/Berlin", wall("2026-03-29T03:00:00"))).toBe(
      t("2026-03-29T01:00:00Z"),
    )
  })

  it("a time in the New York spring-forward gap resolves to 03:00 EDT", () => {
    expect(instantOfWall("America/New_York", wall("2026-03-08T02:15:00"))).toBe(
      t("2026-03-08T07:00:00Z"),
    )
  })

  it("a repeated fall-back time resolves to its first occurrence (luxon alone picks the second)", () => {
    expect(instantOfWall("Europe/Berlin", wall("2026-10-25T02:30:00"))).toBe(
      t("2026-10-25T00:30:00Z"),
    )
    const lux = DateTime.fromObject(
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
      { zone: "Europe/Berlin" },
    )
    expect(lux.toUTC().toISO()).toBe("2026-10-25T01:30:00.000Z")
    expect(instantOfWall("America/New_York", wall("2026-11-01T01:30:00"))).toBe(
      t("2026-11-01T05:30:00Z"),
    )
  })

  it("unusual offsets map exactly", () => {
    expect(instantOfWall("Asia/Kathmandu", wall("2026-11-25T09:00:00"))).toBe(
      t("2026-11-25T03:15:00Z"),
    )
    expect(instantOfWall("America/St_Johns", wall("2026-11-25T09:00:00"))).toBe(
      t("2026-11-25T12:30:00Z"),
    )
    expect(instantOfWall("America/St_Johns", wall("2026-07-01T09:00:00"))).toBe(
      t("2026-07-01T11:30:00Z"),
    )
    expect(instantOfWall("Pacific/Kiritimati", wall("2026-11-25T09:00:00"))).toBe(
      t("2026-11-24T19:00:00Z"),
    )
    expect(instantOfWall("Pacific/Pago_Pago", wall("2026-11-25T09:00:00"))).toBe(
      t("2026-11-25T20:00:00Z"),
    )
  })
})

describe("working hours", () => {
  it("knows who is working now in +5:45, −3:30, +14 and −11", () => {
    expect(isWorkingAt(kath, "2026-11-25T03:15:00Z")).toBe(true) // Wed 09:00 in Kathmandu
    expect(isWorkingAt(kath, "2026-11-25T03:14:59Z")).toBe(false)
    expect(isWorkingAt(kath, "2026-11-25T11:14:59Z")).toBe(true)
    expect(isWorkingAt(kath, "2026-11-25T11:15:00Z")).toBe(false) // 17:00 is the end, exclusive
    expect(isWorkingAt(stj, "2026-11-25T12:30:00Z")).toBe(true) // 09:00 NST
    expect(isWorkingAt(stj, "2026-11-25T12:29:00Z")).toBe(false)
    // Sunday 19:00Z is already Monday 09:00 in Kiritimati.
    expect(isWorkingAt(kiri, "2026-11-22T19:00:00Z")).toBe(true)
    expect(isWorkingAt(kiri, "2026-11-22T18:59:00Z")).toBe(false)
    // Saturday 03:59Z is still Friday 16:59 in Pago Pago.
    expect(isWorkingAt(pago, "2026-11-28T03:59:00Z")).toBe(true)
    expect(isWorkingAt(pago, "2026-11-28T04:00:00Z")).toBe(false)
  })

  it("counts working hours across a weekend", () => {
    // Lima is UTC−5: Fri 27 Nov 15:00 → Mon 30 Nov 11:00 is 2 h Friday + 2 h Monday.
    expect(workingHoursBetween(ana, "2026-11-27T20:00:00Z", "2026-11-30T16:00:00Z")).toBe(4)
    expect(workingHoursBetween(ana, "2026-11-30T16:00:00Z", "2026-11-27T20:00:00Z")).toBe(0)
    // A full working week.
    expect(workingHoursBetween(kath, "2026-11-22T00:00:00Z", "2026-11-29T00:00:00Z")).toBe(40)
  })

  it("counts real elapsed time on daylight-saving days (Berlin and New York)", () => {
    const berAll = member("b", "B", "Europe/Berlin", ALL_DAY)
    const nyAll = member("n", "N", "America/New_York", ALL_DAY)
    expect(workingHoursBetween(berAll, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")).toBe(23)
    expect(workingHoursBetween(berAll, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")).toBe(25)
    expect(workingHoursBetween(nyAll, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")).toBe(23)
    expect(workingHoursBetween(nyAll, "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")).toBe(25)
    // 09:00–17:00 stays 8 h a day on local clocks: the DST week in Berlin still has 40 h.
    expect(workingHoursBetween(ber, "2026-03-22T00:00:00Z", "2026-04-05T00:00:00Z")).toBe(80)
    // Monday after the switch: 09:00 CEST is 07:00Z, the Monday before 09:00 CET was 08:00Z.
    expect(isWorkingAt(ber, "2026-03-30T07:00:00Z")).toBe(true)
    expect(isWorkingAt(ber, "2026-03-23T07:00:00Z")).toBe(false)
  })

  it("a working day starting inside the spring-forward gap starts when the clocks jump", () => {
    const early = member("e", "E", "Europe/Berlin", week(150, 600, ["7"])) // Sunday 02:30–10:00
    expect(isWorkingAt(early, "2026-03-29T00:59:00Z")).toBe(false)
    expect(isWorkingAt(early, "2026-03-29T01:00:00Z")).toBe(true)
    expect(workingHoursBetween(early, "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z")).toBe(7)
  })

  it("adds working hours over nights, weekends and DST", () => {
    // Lima Fri 16:00 + 3 h → Mon 11:00 (16:00Z).
    expect(addWorkingHours(ana, "2026-11-27T21:00:00Z", 3)).toBe(t("2026-11-30T16:00:00Z"))
    // Ending exactly at the close of the day gives the close.
    expect(addWorkingHours(ana, "2026-11-27T20:00:00Z", 2)).toBe(t("2026-11-27T22:00:00Z"))
    // Kathmandu Wed 16:00 + 24 h = Wed 1 + Thu 8 + Fri 8 + Mon 7 → Mon 16:00 (10:15Z).
    expect(addWorkingHours(kath, "2026-11-25T10:15:00Z", 24)).toBe(t("2026-11-30T10:15:00Z"))
    // Berlin Fri 27 Mar 16:00 CET + 2 h → Mon 30 Mar 10:00 CEST (08:00Z).
    expect(addWorkingHours(ber, "2026-03-27T15:00:00Z", 2)).toBe(t("2026-03-30T08:00:00Z"))
    // Starting outside hours (Sat) counts from Monday's start.
    expect(addWorkingHours(stj, "2026-11-28T12:00:00Z", 1)).toBe(t("2026-11-30T13:30:00Z"))
    expect(addWorkingHours(stj, "2026-11-28T12:00:00Z", 0)).toBe(t("2026-11-28T12:00:00Z"))
  })

  it("adding then measuring gives back the same hours (many zones, many starts)", () => {
    const people = [ana, kiri, pago, kath, stj, ber, member("ny", "N", "America/New_York")]
    let seed = 7
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let i = 0; i < 300; i++) {
      const p = people[i % people.length]!
      // Starts spread over 2026, covering both DST switches.
      const from = t("2026-01-01T00:00:00Z") + Math.floor(rnd() * 365 * 24 * 60) * 60_000
      const hours = Math.floor(rnd() * 80 * 4) / 4
      const end = addWorkingHours(p, from, hours)
      expect(end).not.toBeNull()
      expect(workingHoursBetween(p, from, end!)).toBeCloseTo(hours, 9)
    }
  })

  it("treats missing or malformed hours as days off and never throws", () => {
    const none = member("x", "X", "Europe/Berlin", {} as WeekHours)
    expect(isWorkingAt(none, "2026-11-25T10:00:00Z")).toBe(false)
    expect(addWorkingHours(none, "2026-11-25T10:00:00Z", 5)).toBeNull()
    expect(nextWorkingStart(none, "2026-11-25T10:00:00Z")).toBeNull()
    const bad = member("y", "Y", "Not/AZone", {
      "1": { start: 600, end: 500 },
      "2": { start: "x", end: 9 },
      "3": { start: -50, end: 60 },
    } as unknown as WeekHours)
    // Only Wednesday 00:00–01:00 survives, in UTC (unknown zone).
    expect(workingHoursBetween(bad, "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z")).toBe(1)
    expect(isWorkingAt(bad, "2026-11-25T00:30:00Z")).toBe(true)
  })

  it("skips a calendar day the zone never had (Samoa, 30 Dec 2011)", () => {
    const apia = member("apia", "A", "Pacific/Apia", ALL_DAY)
    // Thursday 29 Dec ended at 10:00Z and was followed directly by Saturday 31 Dec.
    expect(workingHoursBetween(apia, "2011-12-29T00:00:00Z", "2011-12-31T00:00:00Z")).toBe(48)
    expect(endOfDate("2011-12-30", "Pacific/Apia")).toBe(endOfDate("2011-12-29", "Pacific/Apia"))
    expect(endOfDate("2011-12-29", "Pacific/Apia")).toBe(t("2011-12-30T09:59:59.999Z"))
  })
})

describe("deadlines", () => {
  const members = { ana, kiri, pago, kath, stj, ber }

  it("a date-only deadline ends with the owner's day", () => {
    const d = { kind: "date", date: "2026-11-27" } as const
    expect(resolveDeadline(card({ deadline: d, owners: { ana: true } }), members)?.at).toBe(
      t("2026-11-28T04:59:59.999Z"),
    )
    expect(resolveDeadline(card({ deadline: d, owners: { kiri: true } }), members)?.at).toBe(
      t("2026-11-27T09:59:59.999Z"),
    )
    expect(resolveDeadline(card({ deadline: d, owners: { pago: true } }), members)?.at).toBe(
      t("2026-11-28T10:59:59.999Z"),
    )
    expect(resolveDeadline(card({ deadline: d, owners: { kath: true } }), members)?.at).toBe(
      t("2026-11-27T18:14:59.999Z"),
    )
    expect(resolveDeadline(card({ deadline: d, owners: { stj: true } }), members)?.at).toBe(
      t("2026-11-28T03:29:59.999Z"),
    )
  })

  it("with several owners the first day to end decides; without owners the creator's zone", () => {
    const d = { kind: "date", date: "2026-11-27" } as const
    const both = resolveDeadline(
      card({ deadline: d, owners: { ana: true, kiri: true, pago: true } }),
      members,
    )
    expect(both).toMatchObject({
      at: t("2026-11-27T09:59:59.999Z"),
      memberId: "kiri",
      zone: "Pacific/Kiritimati",
    })
    expect(resolveDeadline(card({ deadline: d, createdBy: "kath" }), members)?.at).toBe(
      t("2026-11-27T18:14:59.999Z"),
    )
    expect(resolveDeadline(card({ deadline: d, createdBy: "ghost" }), members)).toMatchObject({
      at: t("2026-11-27T23:59:59.999Z"),
      zone: "UTC",
    })
  })

  it("date-only deadlines on DST days in Berlin and New York end at local midnight", () => {
    expect(endOfDate("2026-03-29", "Europe/Berlin")).toBe(t("2026-03-29T21:59:59.999Z"))
    expect(endOfDate("2026-03-28", "Europe/Berlin")).toBe(t("2026-03-28T22:59:59.999Z"))
    expect(endOfDate("2026-10-25", "Europe/Berlin")).toBe(t("2026-10-25T22:59:59.999Z"))
    expect(endOfDate("2026-03-08", "America/New_York")).toBe(t("2026-03-09T03:59:59.999Z"))
    expect(endOfDate("2026-11-01", "America/New_York")).toBe(t("2026-11-02T04:59:59.999Z"))
  })

  it("rejects malformed deadlines without throwing", () => {
    expect(
      resolveDeadline(card({ deadline: { kind: "date", date: "2026-02-30" } }), members),
    ).toBeNull()
    expect(
      resolveDeadline(card({ deadline: { kind: "instant", at: "soon", zone: "UTC" } }), members),
    ).toBeNull()
    expect(resolveDeadline(card({ deadline: { kind: "weird" } as never }), members)).toBeNull()
    expect(resolveDeadline(card({ deadline: null }), members)).toBeNull()
  })

  it("shows the viewer's time, the relative form and the owner's time elsewhere", () => {
    const c = card({
      deadline: { kind: "instant", at: "2026-11-27T22:00:00.000Z", zone: "America/Lima" },
      owners: { ana: true },
    })
    const now = t("2026-11-25T03:00:00Z")
    const shown = describeDeadline(c, members, "Europe/Berlin", now)
    expect(shown).toEqual({
      at: t("2026-11-27T22:00:00Z"),
      local: "Fri 27 Nov, 23:00",
      relative: "in 2 days",
      elsewhere: ["Fri 27 Nov, 17:00 for Ana, Lima"],
      overdue: false,
      dueSoon: false,
    })
    // A viewer in Lima sees no second time.
    expect(describeDeadline(c, members, "America/Lima", now)?.elsewhere).toEqual([])
    expect(describeDeadline(c, members, "America/Lima", now)?.local).toBe("Fri 27 Nov, 17:00")
    // Paris has Berlin's offset: Jonas's time would repeat the viewer's, so it is left out.
    const jc = card({ deadline: { kind: "date", date: "2026-11-27" }, owners: { ber: true } })
    expect(describeDeadline(jc, members, "Europe/Paris", now)).toMatchObject({
      local: "Fri 27 Nov, end of day",
      elsewhere: [],
    })
    // The owner in Kiritimati, seen from St John's: the day ends Thursday evening there.
    const kc = card({ deadline: { kind: "date", date: "2026-11-27" }, owners: { kiri: true } })
    expect(describeDeadline(kc, members, "America/St_Johns", now)).toMatchObject({
      local: "Fri 27 Nov, 06:29",
      elsewhere: ["Fri 27 Nov, 23:59 for Teuea, Kiritimati"],
    })
  })

  it("flags overdue and due-soon, but not on done cards", () => {
    const c = card({ deadline: { kind: "instant", at: "2026-11-25T08:00:00.000Z", zone: "UTC" } })
    expect(describeDeadline(c, {}, "UTC", t("2026-11-25T03:00:00Z"))).toMatchObject({
      dueSoon: true,
      overdue: false,
      relative: "in 5 h",
    })
    expect(describeDeadline(c, {}, "UTC", t("2026-11-27T09:00:00Z"))).toMatchObject({
      dueSoon: false,
      overdue: true,
      relative: "2 days ago",
    })
    expect(
      describeDeadline({ ...c, done: true }, {}, "UTC", t("2026-11-27T09:00:00Z"))?.overdue,
    ).toBe(false)
  })

  it("a card put on a calendar day keeps an exact deadline's time of day, across DST", () => {
    expect(deadlineOnDay({ deadline: null }, "2026-11-30")).toEqual({
      kind: "date",
      date: "2026-11-30",
    })
    expect(deadlineOnDay({ deadline: { kind: "date", date: "2026-11-01" } }, "2026-11-30")).toEqual(
      { kind: "date", date: "2026-11-30" },
    )
    // 17:00 in New York on 30 Oct (EDT, 21:00Z) moved to 2 Nov (EST) stays 17:00 there: 22:00Z.
    const d = { kind: "instant" as const, at: "2026-10-30T21:00:00.000Z", zone: "America/New_York" }
    expect(deadlineOnDay({ deadline: d }, "2026-11-02")).toEqual({
      kind: "instant",
      at: "2026-11-02T22:00:00.000Z",
      zone: "America/New_York",
    })
  })

  it("relative forms truncate rather than round up", () => {
    const now = t("2026-11-25T12:00:00Z")
    expect(relativeTime(now + 30_000, now)).toBe("now")
    expect(relativeTime(now - 12 * 60_000, now)).toBe("12 min ago")
    expect(relativeTime(now + 5 * 3_600_000 + 59 * 60_000, now)).toBe("in 5 h")
    expect(relativeTime(now + 47 * 3_600_000, now)).toBe("in 47 h")
    expect(relativeTime(now - 49 * 3_600_000, now)).toBe("2 days ago")
  })

  it("turns zone names into cities", () => {
    expect(cityOf("America/Lima")).toBe("Lima")
    expect(cityOf("America/Argentina/Buenos_Aires")).toBe("Buenos Aires")
    expect(cityOf("America/St_Johns")).toBe("St. John's")
    expect(cityOf("UTC")).toBe("UTC")
  })
})

describe("start dates", () => {
  const now = t("2026-11-25T03:00:00Z")
  it("a timed start is shown in the viewer's zone, a date start as the same date everywhere", () => {
    const timed = { kind: "instant" as const, at: "2026-11-27T22:00:00.000Z", zone: "America/Lima" }
    expect(describeStart(timed, "Europe/Berlin", now)).toBe("Fri 27 Nov, 23:00")
    expect(describeStart(timed, "America/Lima", now)).toBe("Fri 27 Nov, 17:00")
    const day = { kind: "date" as const, date: "2026-11-23" }
    expect(describeStart(day, "Pacific/Kiritimati", now)).toBe("Mon 23 Nov")
    expect(describeStart(day, "Pacific/Pago_Pago", now)).toBe("Mon 23 Nov")
    expect(describeStart({ kind: "date", date: "2027-01-04" }, "UTC", now)).toBe("Mon 4 Jan 2027")
    expect(describeStart(undefined, "UTC", now)).toBeNull()
    expect(describeStart(null, "UTC", now)).toBeNull()
  })
})

describe("team overlap today", () => {
  it("finds when most of the team works, on the viewer's day", () => {
    const now = t("2026-11-25T10:00:00Z")
    const o = teamOverlap({ ber, ana, kath }, "Europe/Berlin", now)
    expect(o.day).toBe("2026-11-25")
    expect(o.threshold).toBe(2)
    // Kathmandu 03:15–11:15Z, Berlin 08:00–16:00Z, Lima 14:00–22:00Z.
    expect(
      o.windows.map((w) => [
        new Date(w.start).toISOString(),
        new Date(w.end).toISOString(),
        w.memberIds,
      ]),
    ).toEqual([
      ["2026-11-25T08:00:00.000Z", "2026-11-25T11:15:00.000Z", ["ber", "kath"]],
      ["2026-11-25T14:00:00.000Z", "2026-11-25T16:00:00.000Z", ["ana", "ber"]],
    ])
  })

  it("uses the viewer's calendar day, which may be tomorrow in UTC", () => {
    // 11:00Z on Wed is already Thursday 01:00 in Kiritimati.
    const o = teamOverlap({ kiri, pago }, "Pacific/Kiritimati", t("2026-11-25T11:00:00Z"))
    expect(o.day).toBe("2026-11-26")
    expect(o.dayStart).toBe(t("2026-11-25T10:00:00Z"))
    // Kiritimati works Thu 09:00–17:00 (19:00Z–03:00Z); Pago Pago (25 h behind) works
    // Wed 09:00–17:00 = 20:00Z–04:00Z — overlapping 20:00Z–03:00Z on Kiritimati's Thursday.
    expect(
      o.windows.map((w) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()]),
    ).toEqual([["2026-11-25T20:00:00.000Z", "2026-11-26T03:00:00.000Z"]])
  })

  it("leaves out members who are away and reports the best stretch when no majority overlaps", () => {
    const away = { ...ana, status: { kind: "away" as const, until: "2026-12-01T00:00:00.000Z" } }
    const o = teamOverlap({ ber, ana: away }, "Europe/Berlin", t("2026-11-25T10:00:00Z"))
    expect(o.teamSize).toBe(1)
    expect(o.windows).toHaveLength(1)
    const spread = teamOverlap(
      { ber, kiri, pago, kath },
      "Europe/Berlin",
      t("2026-11-25T10:00:00Z"),
    )
    expect(spread.threshold).toBe(3)
    expect(spread.windows).toEqual([])
    expect(spread.best.length).toBeGreaterThan(0)
    for (const w of spread.best) expect(w.working).toBe(2)
  })
})

describe("reminder delivery", () => {
  it("holds a reminder until the recipient's working day starts", () => {
    // Tue 24 Nov 16:00 in Pago Pago (03:00Z Wed) is working time: at once.
    expect(deliveryTime(pago, t("2026-11-25T03:00:00Z"))).toBe(t("2026-11-25T03:00:00Z"))
    // 18:00 there: held until Wed 09:00 (20:00Z).
    expect(deliveryTime(pago, t("2026-11-25T05:00:00Z"))).toBe(t("2026-11-25T20:00:00Z"))
    // Friday evening in Kathmandu: held until Monday 09:00.
    expect(deliveryTime(kath, t("2026-11-27T13:00:00Z"))).toBe(t("2026-11-30T03:15:00Z"))
    expect(mayDeliverNow(kath, t("2026-11-27T13:00:00Z"))).toBe(false)
    expect(mayDeliverNow(kath, t("2026-11-30T03:15:00Z"))).toBe(true)
  })

  it("waits for a member who is away until they are back and working", () => {
    const away = { ...ber, status: { kind: "away" as const, until: "2026-11-30T12:00:00.000Z" } }
    expect(deliveryTime(away, t("2026-11-25T10:00:00Z"))).toBe(t("2026-11-30T12:00:00Z"))
    const awayNight = {
      ...ber,
      status: { kind: "away" as const, until: "2026-11-29T20:00:00.000Z" },
    }
    expect(deliveryTime(awayNight, t("2026-11-25T10:00:00Z"))).toBe(t("2026-11-30T08:00:00Z"))
  })
})
