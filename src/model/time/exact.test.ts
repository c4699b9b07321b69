/**
 * Frozen-clock regressions for the async layer (issue "the async layer made exact"), with the
 * five teammates' zones (Kiritimati UTC+14, Pago Pago UTC−11, Kathmandu UTC+5:45, St John's
 * UTC−3:30/−2:30, Berlin) and daylight-saving changes in Berlin, New York and St John's.
 */
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import { checkBoard, getCard, joinBoard, updateMember } from "../index"
import { formatMention } from "../replies/mentions"
import { awaitedReplies, replyStatuses } from "../replies/awaiting"
import type { Board, Member, MemberStatus, WeekHours } from "../types"
import { isIsoDate } from "../values"
import {
  awayStatus,
  awayUntilDate,
  daySpans,
  deadlineFromFields,
  deadlineOnDayNoted,
  deliveryTime,
  describeDeadline,
  firstDayOfWeek,
  formatDateTime,
  formatForPerson,
  isWorkingAt,
  leaveIntervals,
  nextSharedTime,
  overlapDays,
  parseDate,
  dateProblem,
  setDefaultDateLocale,
  teamOverlap,
  wallOf,
  weekdayNames,
  workingHoursBetween,
} from "./index"
import { comment, edit, makeMember, reply, sampleBoard, weekHours } from "./testing"

const t = (iso: string): number => Date.parse(iso)
const KIRI = makeMember("kiri", "Kiri", "Pacific/Kiritimati")
const PAGO = makeMember("pago", "Pago", "Pacific/Pago_Pago")
const KATH = makeMember("kath", "Kath", "Asia/Kathmandu")
const JOHN = makeMember("john", "John", "America/St_Johns")
const BERL = makeMember("berl", "Berl", "Europe/Berlin")
const TEAM = [KIRI, PAGO, KATH, JOHN, BERL]
const ZONES = TEAM.map((m) => m.timeZone)

/** The sample board with the five teammates joined (and `overrides` applied to them). */
function teamBoard(overrides: Record<string, Partial<Member>> = {}): A.Doc<Board> {
  let doc = sampleBoard()
  for (const m of TEAM)
    doc = edit(doc, m.id, "joinBoard", "2026-11-20T12:00:00.000Z", (d) =>
      joinBoard(d, { ...m, ...overrides[m.id] }),
    )
  return doc
}

const card = (doc: A.Doc<Board>) => getCard(doc, "c1")!

/** Local wall-clock text of an instant in a zone, e.g. "2026-12-09 17:00". */
function wall(zone: string, at: number): string {
  return new Date(wallOf(zone, at)).toISOString().slice(0, 16).replace("T", " ")
}

describe("2. a reply turns overdue at the due time it shows", () => {
  it("Pago Pago, asked Friday 18:00: due Wed 17:00 and overdue from then, for every viewer", () => {
    // Friday 4 Dec 18:00 in Pago Pago (UTC−11) is Saturday 05:00Z.
    const doc = comment(
      teamBoard(),
      "berl",
      "m1",
      `${formatMention(PAGO)} can you check?`,
      "2026-12-05T05:00:00.000Z",
    )
    const [s] = replyStatuses(card(doc), doc, t("2026-12-07T00:00:00Z"))
    expect(wall("Pacific/Pago_Pago", s!.dueAt!)).toBe("2026-12-09 17:00")
    // Wed 17:30 their time: the due time has passed, so it is overdue (was "24 of 24 used").
    const late = replyStatuses(card(doc), doc, t("2026-12-10T04:30:00Z"))[0]!
    expect(late).toMatchObject({ overdue: true, elapsedHours: 24 })
    // Overdue flips exactly at the due instant, whoever looks (the flag depends on no zone).
    for (const zone of ZONES) {
      const shown = formatDateTime(s!.dueAt!, zone, s!.dueAt!)
      const before = replyStatuses(card(doc), doc, s!.dueAt! - 1)[0]!
      const at = replyStatuses(card(doc), doc, s!.dueAt!)[0]!
      expect([zone, shown, before.overdue, at.overdue]).toEqual([zone, shown, false, true])
    }
  })

  it.each([
    ["America/St_Johns", "2027-03-12T21:00:00.000Z"],
    ["America/New_York", "2027-03-12T22:00:00.000Z"],
    ["Europe/Berlin", "2027-03-26T17:00:00.000Z"],
  ])("across the spring change in %s the due time stays 17:00 local", (zone, asked) => {
    // Asked on Friday after work; clocks go forward on Sunday. 24 h: Mon, Tue, Wed.
    const member = makeMember("dst", "Dee", zone)
    let doc = teamBoard()
    doc = edit(doc, "dst", "joinBoard", asked, (d) => joinBoard(d, member))
    doc = comment(doc, "berl", "m1", `${formatMention(member)} ok?`, asked)
    const [s] = replyStatuses(card(doc), doc, t(asked))
    expect(wall(zone, s!.dueAt!).slice(11)).toBe("17:00")
    expect(new Date(wallOf(zone, s!.dueAt!)).getUTCDay()).toBe(3)
    expect(replyStatuses(card(doc), doc, s!.dueAt! - 1)[0]!.overdue).toBe(false)
    expect(replyStatuses(card(doc), doc, s!.dueAt!)[0]!.overdue).toBe(true)
  })
})

describe("3. away until a date, east of UTC", () => {
  it("Kiritimati: away until 2026-12-11 stays 2026-12-11 through three saves, and they stay away", () => {
    let status: MemberStatus = { kind: "available" }
    let date = "2026-12-11"
    for (let i = 0; i < 3; i++) {
      const next = awayStatus("Pacific/Kiritimati", date, "2026-12-07T00:00:00.000Z", status)
      expect(typeof next).toBe("object")
      status = next as MemberStatus
      // The form reads back what it shows, then saves it again.
      date = awayUntilDate({ status, timeZone: "Pacific/Kiritimati" })
      expect(date).toBe("2026-12-11")
    }
    // Back at local midnight of the 11th (10 Dec 10:00Z): still away just before.
    expect(status).toMatchObject({ kind: "away", until: "2026-12-10T10:00:00.000Z" })
    const [leave] = leaveIntervals({ status })
    expect(leave!.end).toBe(t("2026-12-10T10:00:00Z"))
    expect(leave!.start).toBe(t("2026-12-07T00:00:00Z"))
  })

  it("Pago Pago (west of UTC) round-trips too; a malformed date is refused with a message", () => {
    const s = awayStatus("Pacific/Pago_Pago", "2026-12-11", "2026-12-07T00:00:00.000Z")
    expect(awayUntilDate({ status: s as MemberStatus, timeZone: "Pacific/Pago_Pago" })).toBe(
      "2026-12-11",
    )
    expect(awayStatus("Pacific/Pago_Pago", "2026-02-30", "2026-12-07T00:00:00.000Z")).toMatch(
      /not a date/,
    )
  })
})

describe("4. leave pauses the reply clock", () => {
  it("Kathmandu, away Monday to Thursday: the reply is due after they are back", () => {
    const asked = "2026-12-07T03:15:00.000Z" // Mon 09:00 in Kathmandu
    const away = {
      kind: "away",
      until: "2026-12-09T18:15:00.000Z", // Thu 00:00 Kathmandu
      from: "2026-12-07T03:15:00.000Z",
    } as MemberStatus
    const working = comment(teamBoard(), "berl", "m1", `${formatMention(KATH)} ?`, asked)
    const onLeave = comment(
      teamBoard({ kath: { status: away } }),
      "berl",
      "m1",
      `${formatMention(KATH)} ?`,
      asked,
    )
    const normal = replyStatuses(card(working), working, t(asked))[0]!
    const paused = replyStatuses(card(onLeave), onLeave, t(asked))[0]!
    expect(wall("Asia/Kathmandu", normal.dueAt!)).toBe("2026-12-09 17:00")
    // Thu, Fri, Mon: due Monday 17:00 their time.
    expect(wall("Asia/Kathmandu", paused.dueAt!)).toBe("2026-12-14 17:00")
    const atNormalDue = replyStatuses(card(onLeave), onLeave, normal.dueAt!)[0]!
    expect(atNormalDue).toMatchObject({ overdue: false, elapsedHours: 0 })
  })

  it("open-ended leave stops the clock: never overdue, no due time", () => {
    const doc = comment(
      teamBoard({ kath: { status: { kind: "away", until: null } } }),
      "berl",
      "m1",
      `${formatMention(KATH)} ?`,
      "2026-12-07T03:15:00.000Z",
    )
    const s = replyStatuses(card(doc), doc, t("2027-01-30T00:00:00Z"))[0]!
    expect(s).toMatchObject({ dueAt: null, overdue: false, elapsedHours: 0 })
  })
})

describe("5. replies follow the document's causal order, and answering is explicit", () => {
  const asked = "2026-12-07T12:00:00.000Z"
  const question = (): A.Doc<Board> =>
    comment(teamBoard(), "berl", "m1", `${formatMention(JOHN)} numbers?`, asked)

  it("a reply from a phone whose clock is 10 minutes slow still answers", () => {
    const doc = reply(question(), "john", "r1", "m1", "Fine", "2026-12-07T11:55:00.000Z")
    expect(awaitedReplies(card(doc), doc.members)).toEqual([])
  })

  it("a later comment in the same thread answers; a comment on another topic does not", () => {
    let doc = question()
    doc = comment(doc, "john", "x1", "Unrelated: lunch?", "2026-12-07T12:10:00.000Z")
    expect(awaitedReplies(card(doc), doc.members).map((a) => a.memberId)).toEqual(["john"])
    // Kiri replies in the thread; John follows up in that thread (replying to Kiri).
    doc = reply(doc, "kiri", "r1", "m1", "I think John has them", "2026-12-07T12:20:00.000Z")
    doc = reply(doc, "john", "r2", "r1", "Here they are", "2026-12-07T12:30:00.000Z")
    expect(awaitedReplies(card(doc), doc.members)).toEqual([])
  })

  it("a comment written without having seen the mention does not answer it (fork, merge both ways)", () => {
    const base = teamBoard()
    let asker = A.clone(base)
    let john = A.clone(base)
    asker = comment(asker, "berl", "m1", `${formatMention(JOHN)} numbers?`, asked)
    // John, offline with a fast clock, writes a comment stamped after the question.
    john = comment(john, "john", "j1", "Numbers are in the sheet", "2026-12-07T13:00:00.000Z")
    const m1 = A.merge(A.clone(asker), john)
    const m2 = A.merge(A.clone(john), asker)
    expect(A.toJS(m1)).toEqual(A.toJS(m2))
    for (const m of [m1, m2]) {
      expect(checkBoard(m)).toEqual([])
      expect(awaitedReplies(card(m), m.members).map((a) => a.commentId)).toEqual(["m1"])
    }
    // Both peers agree once he replies after syncing.
    const answered = reply(m1, "john", "j2", "m1", "see above", "2026-12-07T13:05:00.000Z")
    expect(awaitedReplies(card(A.merge(m2, answered)), m1.members)).toEqual([])
  })

  it("replying to a comment that was deleted meanwhile is refused with a message", () => {
    const doc = question()
    expect(() => reply(doc, "john", "r1", "nope", "?", asked)).toThrow(/no longer exists/)
  })
})

describe("6. one rule for local times that do not exist", () => {
  it.each([
    ["Europe/Berlin", "2027-03-28", "2027-03-28T01:00:00.000Z", "28 March in Berlin"],
    ["America/New_York", "2027-03-14", "2027-03-14T07:00:00.000Z", "14 March in New York"],
    ["America/St_Johns", "2027-03-14", "2027-03-14T05:30:00.000Z", "14 March in St. John's"],
  ])("%s %s 02:30 is saved as 03:00, and the person is told", (zone, date, at, where) => {
    const r = deadlineFromFields(date, "02:30", zone)
    expect(r).toEqual({
      deadline: { kind: "instant", at, zone },
      note: `02:30 does not exist on ${where} (the clocks jump); saved as 03:00.`,
    })
    // The calendar's drag gives the same instant and the same note.
    const week = new Date(t(at) - 7 * 86_400_000).toISOString().slice(0, 10)
    const before = deadlineFromFields(week, "02:30", zone)
    expect("deadline" in before && before.note).toBe(null)
    const moved = deadlineOnDayNoted("deadline" in before ? before.deadline : null, date)
    expect(moved).toEqual(r)
  })

  it("a time that happens twice is its first occurrence, said so", () => {
    const r = deadlineFromFields("2027-10-31", "02:30", "Europe/Berlin")
    expect(r).toEqual({
      deadline: { kind: "instant", at: "2027-10-31T00:30:00.000Z", zone: "Europe/Berlin" },
      note: "02:30 happens twice on 31 October in Berlin (the clocks go back); saved as the first, UTC+2.",
    })
    expect(deadlineFromFields("2027-10-30", "02:30", "Europe/Berlin")).toMatchObject({
      note: null,
    })
  })
})

describe("7. implausible years", () => {
  it("reads years before 100 as themselves, and refuses years outside 1900–2200 with a message", () => {
    expect(isIsoDate("0050-03-01")).toBe(true)
    expect(new Date(parseDate("0050-03-01")!).getUTCFullYear()).toBe(50)
    expect(dateProblem("0050-03-01")).toBe("The year 50 is outside 1900–2200; check the date.")
    expect(dateProblem("9999-12-31")).toBe("The year 9999 is outside 1900–2200; check the date.")
    expect(dateProblem("2026-02-29")).toMatch(/not a date in the calendar/)
    expect(dateProblem("2200-12-31")).toBe(null)
    expect(deadlineFromFields("9999-01-01", "", "UTC")).toEqual({
      error: "The year 9999 is outside 1900–2200; check the date.",
    })
  })
})

describe("8. notification holds", () => {
  it("focusing and open-ended away hold notifications; away until a date holds until back and working", () => {
    const at = t("2026-12-07T10:00:00Z") // Mon 11:00 Berlin, working
    expect(deliveryTime(BERL, at)).toBe(at)
    expect(deliveryTime({ ...BERL, status: { kind: "focusing" } }, at)).toBe(null)
    expect(deliveryTime({ ...BERL, status: { kind: "away", until: null } }, at)).toBe(null)
    const back = { ...BERL, status: { kind: "away", until: "2026-12-09T23:00:00.000Z" } } as Member
    expect(deliveryTime(back, at)).toBe(t("2026-12-10T08:00:00Z")) // Thu 09:00 Berlin
  })
})

describe("9. overlap", () => {
  it("someone back this afternoon counts for the afternoon, and the days ahead are covered", () => {
    // Berlin 09–17, Kathmandu works 13:00–21:00 (07:15–15:15Z), away until 12:00Z today.
    const kath = {
      ...KATH,
      workingHours: weekHours(780, 1260),
      status: { kind: "away", until: "2026-12-07T12:00:00.000Z" },
    } as Member
    const members = { berl: BERL, kath }
    const now = t("2026-12-07T08:00:00Z")
    const today = teamOverlap(members, "Europe/Berlin", now)
    expect(today.teamSize).toBe(2)
    expect(today.windows).toEqual([
      {
        start: t("2026-12-07T12:00:00Z"),
        end: t("2026-12-07T15:15:00Z"),
        memberIds: ["berl", "kath"],
        working: 2,
      },
    ])
    const week = overlapDays(members, "Europe/Berlin", now, 7)
    expect(week.map((d) => [d.day, d.windows.length])).toEqual([
      ["2026-12-07", 1],
      ["2026-12-08", 1],
      ["2026-12-09", 1],
      ["2026-12-10", 1],
      ["2026-12-11", 1],
      ["2026-12-12", 0],
      ["2026-12-13", 0],
    ])
    expect(week[1]!.windows[0]).toMatchObject({ start: t("2026-12-08T08:00:00Z") })
  })

  it("the best time to reach someone is the next overlap of both working hours", () => {
    // Kiritimati 09–17 (19:00–03:00Z) and Pago Pago 09–17 (20:00–04:00Z) share 20:00–03:00Z.
    const next = nextSharedTime(KIRI, PAGO, t("2026-12-07T05:00:00Z"))
    // Monday in Pago Pago starts 20:00Z Monday; Kiritimati is then on Tuesday 10:00.
    expect(next).toEqual({ start: t("2026-12-07T20:00:00Z"), end: t("2026-12-08T03:00:00Z") })
  })
})

describe("10. night shifts and split days", () => {
  const night = weekHours(22 * 60, 26 * 60) // 22:00–02:00, Mon–Fri nights
  const split: WeekHours = {
    ...weekHours(540, 720),
    "1": { start: 540, end: 720, more: [{ start: 900, end: 1140 }] },
  }

  it("a night shift counts across midnight, also on the night clocks go forward", () => {
    const w = { timeZone: "Europe/Berlin", workingHours: night }
    expect(isWorkingAt(w, t("2026-12-08T00:30:00Z"))).toBe(true) // Tue 01:30, Monday's shift
    expect(isWorkingAt(w, t("2026-12-08T01:30:00Z"))).toBe(false) // Tue 02:30
    expect(isWorkingAt(w, t("2026-12-07T20:30:00Z"))).toBe(false) // Mon 21:30
    expect(workingHoursBetween(w, t("2026-12-07T00:00:00Z"), t("2026-12-14T00:00:00Z"))).toBe(20)
    // A Saturday-night shift 23:00–04:00 into the spring change (27–28 March 2027): the
    // clocks skip 02:00–03:00, so it lasts 4 h, not 5.
    const sat = { timeZone: "Europe/Berlin", workingHours: weekHours(23 * 60, 28 * 60, ["6"]) }
    expect(workingHoursBetween(sat, t("2027-03-27T00:00:00Z"), t("2027-03-29T00:00:00Z"))).toBe(4)
  })

  it("a split day counts both spans", () => {
    const w = { timeZone: "America/St_Johns", workingHours: split }
    expect(daySpans(split, 1)).toEqual([
      { start: 540, end: 720 },
      { start: 900, end: 1140 },
    ])
    // Monday 7 Dec in St John's (UTC−3:30): 09–12 and 15–19 → 7 h.
    expect(workingHoursBetween(w, t("2026-12-07T03:30:00Z"), t("2026-12-08T03:30:00Z"))).toBe(7)
    expect(isWorkingAt(w, t("2026-12-07T16:30:00Z"))).toBe(false) // 13:00 local
    expect(isWorkingAt(w, t("2026-12-07T19:30:00Z"))).toBe(true) // 16:00 local
  })

  it("are stored by updateMember and merge as whole weeks (fork, edit, merge both ways)", () => {
    const base = teamBoard()
    const a = edit(A.clone(base), "john", "updateMember", "2026-12-07T12:00:00.000Z", (d) =>
      updateMember(d, "john", { workingHours: split }),
    )
    const b = edit(A.clone(base), "john", "updateMember", "2026-12-07T12:00:01.000Z", (d) =>
      updateMember(d, "john", {
        workingHours: night,
        status: { kind: "away", until: null, from: "2026-12-07T12:00:00.000Z" },
      }),
    )
    const m1 = A.merge(A.clone(a), b)
    const m2 = A.merge(A.clone(b), a)
    expect(A.toJS(m1)).toEqual(A.toJS(m2))
    for (const m of [m1, m2]) {
      expect(checkBoard(m)).toEqual([])
      const hours = A.toJS(m).members.john!.workingHours
      expect([split, night]).toContainEqual(hours)
      expect(A.toJS(m).members.john!.status).toEqual({
        kind: "away",
        until: null,
        from: "2026-12-07T12:00:00.000Z",
      })
    }
  })

  it("malformed spans from a peer count as no hours, never an error", () => {
    const bad = {
      ...weekHours(540, 1020),
      "1": { start: 600, end: 3000 },
      "2": { start: 540, end: 600, more: [{ start: "x" }, { start: 700, end: 760 }] },
    } as unknown as WeekHours
    expect(daySpans(bad, 1)).toEqual([])
    expect(daySpans(bad, 2)).toEqual([
      { start: 540, end: 600 },
      { start: 700, end: 760 },
    ])
  })
})

describe("11. dates follow the viewer's locale", () => {
  it("German dates, weekday names and Monday first; US Sunday first; the owner's time has a date", () => {
    const at = t("2026-11-27T16:00:00Z")
    expect(formatDateTime(at, "Europe/Berlin", at, { locale: "de-DE" })).toBe(
      "Fr., 27. Nov., 17:00",
    )
    expect(weekdayNames({ locale: "de-DE" }).map((d) => d.name)).toEqual([
      "Mo",
      "Di",
      "Mi",
      "Do",
      "Fr",
      "Sa",
      "So",
    ])
    expect(firstDayOfWeek({ locale: "de-DE" })).toBe(1)
    expect(firstDayOfWeek({ locale: "en-US" })).toBe(7)
    expect(formatForPerson(at, "Pago", "Pacific/Pago_Pago", { now: at })).toBe(
      "Fri 27 Nov, 05:00 for Pago, Pago Pago",
    )
    setDefaultDateLocale("de-DE")
    try {
      const doc = sampleBoard()
      const c = {
        ...card(doc),
        deadline: { kind: "instant", at: "2026-11-27T16:00:00.000Z", zone: "Europe/Berlin" },
      } as const
      expect(describeDeadline(c, doc.members, "Europe/Berlin", at - 3_600_000)!.local).toBe(
        "Fr., 27. Nov., 17:00",
      )
    } finally {
      setDefaultDateLocale("en-GB")
    }
  })
})
