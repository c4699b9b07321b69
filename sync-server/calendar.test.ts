/**
 * The calendar feed: its iCalendar passes a real parser (ical.js) with all-day and timed
 * deadlines right on both sides of the date line (Kiritimati, UTC+14, and Pago Pago,
 * UTC−11); checklist items' deadlines are events too; events keep their UID; and the relay
 * serves a feed only for its live secret.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as A from "@automerge/automerge"
import ICAL from "ical.js"
import { DateTime } from "luxon"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as M from "../src/model"
import { edit, fixtureBoard, member } from "../src/model/testkit"
import type { Board } from "../src/model/types"
import { boardCalendar } from "./calendar"
import { feedHash } from "./calendarFeed"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { clientRepo, closeRepos, waitUntilRelayHas } from "./testHelpers"

const SECRET = "s3cret-feed-token-0123456789abcdef"
const MINE = "only-mine-feed-token-0123456789abcd"

function board(): A.Doc<Board> {
  return edit(fixtureBoard(), (d) => {
    M.joinBoard(d, member("kiri", "Pacific/Kiritimati"))
    M.joinBoard(d, member("pago", "Pacific/Pago_Pago"))
    // 10:00 on 2 December in Kiritimati is 20:00 UTC on 1 December, 09:00 on 1 December in Pago Pago
    M.setDeadline(d, "c1", {
      kind: "instant",
      at: "2026-12-01T20:00:00.000Z",
      zone: "Pacific/Kiritimati",
    })
    M.addOwner(d, "c1", "kiri")
    M.setDeadline(d, "c2", { kind: "date", date: "2026-12-24" })
    M.addOwner(d, "c2", "pago")
    M.setCardTitle(d, "c3", "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected, ok; yes")
    M.setDeadline(d, "c3", { kind: "date", date: "2026-12-31" })
    M.setDeadline(d, "c4", { kind: "date", date: "2026-12-30" })
    // Checklist items with deadlines: one unowned and one of kiri's on pago's card, and one
    // on the card archived below.
    M.addChecklist(d, "c2", { id: "venue", name: "Venue" })
    M.addChecklistItem(d, "c2", "venue", { id: "hall", text: "Book the hall" })
    M.setChecklistItemDeadline(d, "c2", "hall", { kind: "date", date: "2026-12-20" })
    M.addChecklistItem(d, "c2", "venue", { id: "invites", text: "Send invites" })
    M.setChecklistItemOwner(d, "c2", "invites", "kiri")
    M.setChecklistItemDeadline(d, "c2", "invites", {
      kind: "instant",
      at: "2026-12-10T21:00:00.000Z",
      zone: "Pacific/Kiritimati",
    })
    M.addChecklistItem(d, "c2", "venue", { id: "nodate", text: "Flowers" })
    M.addChecklist(d, "c4", { id: "old", name: "Old" })
    M.addChecklistItem(d, "c4", "old", { id: "gone", text: "On an archived card" })
    M.setChecklistItemDeadline(d, "c4", "gone", { kind: "date", date: "2026-12-29" })
    M.archiveCard(d, "c4", "2026-11-26T00:00:00.000Z")
    M.addCalendarFeed(d, {
      id: "all",
      hash: feedHash(SECRET),
      memberId: null,
      createdBy: "ann",
      now: "2026-11-26T00:00:00.000Z",
    })
    M.addCalendarFeed(d, {
      id: "mine",
      hash: feedHash(MINE),
      memberId: "kiri",
      createdBy: "kiri",
      now: "2026-11-26T00:00:00.000Z",
    })
  })
}

interface Ev {
  uid: string
  summary: string
  url: string
  start: ICAL.Time
}

function events(ics: string): Ev[] {
  const comp = new ICAL.Component(ICAL.parse(ics))
  expect(comp.name).toBe("vcalendar")
  return comp.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v)
    return {
      uid: e.uid,
      summary: e.summary,
      url: String(v.getFirstPropertyValue("url")),
      start: e.startDate,
    }
  })
}

const link = (id: string): string => `https://baton.example/#/b/doc/c/${id}`

describe("iCalendar of a board's deadlines", () => {
  const ics = boardCalendar(board(), { documentId: "doc", memberId: null, cardLink: link })
  const evs = events(ics)
  const byUid = (uid: string): Ev => evs.find((e) => e.uid === uid)!

  it("has one event per open card with a deadline, with a stable UID and a link back", () => {
    expect(evs.map((e) => e.uid).sort()).toEqual([
      "c1@doc.baton",
      "c2.hall@doc.baton",
      "c2.invites@doc.baton",
      "c2@doc.baton",
      "c3@doc.baton",
    ])
    expect(byUid("c1@doc.baton").url).toBe(link("c1"))
    const again = events(
      boardCalendar(board(), { documentId: "doc", memberId: null, cardLink: link }),
    )
    expect(again.map((e) => e.uid).sort()).toEqual(evs.map((e) => e.uid).sort())
    expect(ics).toContain("\r\n")
  })

  it("a timed deadline is the right local time in Kiritimati and in Pago Pago", () => {
    const start = byUid("c1@doc.baton").start
    expect(start.isDate).toBe(false)
    const at = DateTime.fromJSDate(start.toJSDate())
    expect(at.setZone("Pacific/Kiritimati").toFormat("yyyy-MM-dd HH:mm")).toBe("2026-12-02 10:00")
    expect(at.setZone("Pacific/Pago_Pago").toFormat("yyyy-MM-dd HH:mm")).toBe("2026-12-01 09:00")
  })

  it("a date deadline is an all-day event on that date in every zone", () => {
    const start = byUid("c2@doc.baton").start
    expect(start.isDate).toBe(true)
    expect(start.toString()).toBe("2026-12-24")
    // All-day dates are floating: the same calendar day wherever the subscriber is.
    expect(ics).toMatch(/DTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261225/)
  })

  it("a start date begins the event (DTSTART) and the deadline ends it", () => {
    const started = edit(board(), (d) => {
      M.setStart(d, "c1", { kind: "instant", at: "2026-12-01T18:00:00.000Z", zone: "UTC" })
      M.setStart(d, "c2", { kind: "date", date: "2026-12-21" })
      // a start after the deadline, or of the other kind, does not move the event
      M.setStart(d, "c3", { kind: "date", date: "2027-01-05" })
    })
    const comp = new ICAL.Component(
      ICAL.parse(boardCalendar(started, { documentId: "doc", memberId: null, cardLink: link })),
    )
    const span = (uid: string): [string, string] => {
      const e = comp
        .getAllSubcomponents("vevent")
        .map((v) => new ICAL.Event(v))
        .find((x) => x.uid === uid)!
      return [e.startDate.toString(), e.endDate.toString()]
    }
    expect(span("c1@doc.baton")).toEqual(["2026-12-01T18:00:00Z", "2026-12-01T20:00:00Z"])
    expect(span("c2@doc.baton")).toEqual(["2026-12-21", "2026-12-25"])
    expect(span("c3@doc.baton")).toEqual(["2026-12-31", "2027-01-01"])
  })

  it("checklist items with deadlines are events of their own, named with their card", () => {
    const hall = byUid("c2.hall@doc.baton")
    expect(hall.summary).toBe("Book the hall (Card c2)")
    expect(hall.url).toBe(link("c2"))
    expect(hall.start.isDate).toBe(true)
    expect(hall.start.toString()).toBe("2026-12-20")
    const invites = byUid("c2.invites@doc.baton")
    expect(invites.start.toJSDate().toISOString()).toBe("2026-12-10T21:00:00.000Z")
  })

  it("text from the board cannot add events", () => {
    expect(evs).toHaveLength(5)
    expect(byUid("c3@doc.baton").summary).toBe(
      "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected, ok; yes".replace(/\r\n/g, "\n"),
    )
  })

  it("only one member's deadlines", () => {
    const mine = events(
      boardCalendar(board(), { documentId: "doc", memberId: "kiri", cardLink: link }),
    )
    expect(mine.map((e) => e.uid).sort()).toEqual(["c1@doc.baton", "c2.invites@doc.baton"])
    // pago owns the card: its own deadline and its unowned item, not kiri's item.
    const pagos = events(
      boardCalendar(board(), { documentId: "doc", memberId: "pago", cardLink: link }),
    )
    expect(pagos.map((e) => e.uid).sort()).toEqual(["c2.hall@doc.baton", "c2@doc.baton"])
  })
})

describe("the relay serves calendar feeds", () => {
  let relay: Relay
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-calendar-"))
    relay = await createRelay({ port: 0, dataDir: dir, staticDir: null, log: () => {} })
  })
  afterAll(async () => {
    await relay?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it("for the live secret only; a stopped feed, a wrong secret or an unknown board get the same 404", async () => {
    const repo = clientRepo(relay.url)
    try {
      const handle = repo.import<Board>(A.save(board()))
      await waitUntilRelayHas(repo, handle)
      const url = (secret: string, id: string = handle.documentId): string =>
        `${relay.url}/calendar/${id}/${secret}.ics`

      const ok = await fetch(url(SECRET))
      expect(ok.status).toBe(200)
      expect(ok.headers.get("content-type")).toBe("text/calendar; charset=utf-8")
      const served = events(await ok.text())
      expect(served.map((e) => e.uid).sort()).toEqual([
        `c1@${handle.documentId}.baton`,
        `c2.hall@${handle.documentId}.baton`,
        `c2.invites@${handle.documentId}.baton`,
        `c2@${handle.documentId}.baton`,
        `c3@${handle.documentId}.baton`,
      ])
      expect(served[0]!.url).toMatch(new RegExp(`^${relay.url}/#/b/${handle.documentId}/c/c\\d$`))
      const mine = events(await (await fetch(url(MINE))).text())
      expect(mine.map((e) => e.uid).sort()).toEqual([
        `c1@${handle.documentId}.baton`,
        `c2.invites@${handle.documentId}.baton`,
      ])

      const refused = [
        url("wrong-secret-wrong-secret-0123456789"),
        url(SECRET, "2mW4iLC4S3hYz7TFQ5a1XJzFvWd8"), // a well-formed id of no board
        `${relay.url}/calendar/not-an-id/${SECRET}.ics`,
        `${relay.url}/calendar/${handle.documentId}/short.ics`,
      ]
      for (const u of refused) {
        const r = await fetch(u)
        expect([u, r.status, await r.text()]).toEqual([u, 404, "not found"])
      }

      // Stopping the feed on the board stops the relay serving it.
      handle.change((d) => M.stopCalendarFeed(d, "all", "2026-11-27T00:00:00.000Z"))
      await waitUntilRelayHas(repo, handle)
      let status = 200
      for (let i = 0; i < 50 && status !== 404; i++) {
        status = (await fetch(url(SECRET))).status
        if (status !== 404) await new Promise((r) => setTimeout(r, 50))
      }
      expect(status).toBe(404)
      expect((await fetch(url(MINE))).status).toBe(200)
    } finally {
      await closeRepos(repo)
    }
  })
})
