import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import {
  addCard,
  addChecklist,
  addChecklistItem,
  addOwner,
  archiveList,
  markDone,
  pinCard,
  setChecklistItemDeadline,
  setChecklistItemOwner,
  setDeadline,
  setImportant,
  toggleChecklistItem,
  setUrgent,
  updateSettings,
} from "../index"
import { formatMention } from "../replies/mentions"
import type { Board } from "../types"
import { JONAS, comment, edit, sampleBoard } from "./testing"
import { matchesPriority, myWork, notificationsFor, pinnedCards, priorityFromQuery } from "./work"

const NOW0 = "2026-11-20T12:00:00.000Z"
const t = (iso: string): number => Date.parse(iso)

function board(): A.Doc<Board> {
  let doc = sampleBoard()
  doc = edit(doc, "ana", "addCard", NOW0, (d) => {
    for (const id of ["c2", "c3", "c4", "c5"])
      addCard(d, { id, listId: "todo", title: `Card ${id}`, memberId: "ana", now: NOW0 })
    for (const id of ["c1", "c2", "c3", "c5"]) addOwner(d, id, "jonas")
    setDeadline(d, "c1", { kind: "date", date: "2026-11-26" })
    setDeadline(d, "c2", { kind: "instant", at: "2026-11-24T10:00:00.000Z", zone: "Europe/Berlin" })
    markDone(d, "c5", NOW0)
  })
  return doc
}

describe("my work", () => {
  it("lists my open cards and the replies I owe across boards, overdue first then by due time", () => {
    let b1 = board()
    b1 = comment(
      b1,
      "ana",
      "k1",
      `${formatMention(JONAS)} quick question`,
      "2026-11-20T08:00:00.000Z",
      "c4",
    )
    let b2 = sampleBoard()
    b2 = edit(b2, "maya", "addOwner", NOW0, (d) => {
      addOwner(d, "c1", "jonas")
      setDeadline(d, "c1", { kind: "date", date: "2026-11-25" })
    })
    const now = t("2026-11-25T10:00:00Z")
    const items = myWork(
      [
        { boardId: "b1", board: b1, memberId: "jonas" },
        { boardId: "b2", board: b2, memberId: "jonas" },
      ],
      "Europe/Berlin",
      now,
    )
    expect(items.map((i) => [i.boardId, i.cardId, i.kind, i.overdue])).toEqual([
      ["b1", "c2", "owned", true], // due 24 Nov 10:00Z
      ["b1", "c4", "reply", true], // asked Fri 09:00 Berlin; 24 working hours ended Tue 17:00
      ["b2", "c1", "owned", false], // end of 25 Nov in Berlin
      ["b1", "c1", "owned", false], // end of 26 Nov
      ["b1", "c3", "owned", false], // no deadline: last
    ])
    expect(items[0]?.deadline?.relative).toBe("24 h ago")
    // Archiving the list hides its cards.
    const hidden = edit(A.clone(b1), "ana", "archiveList", NOW0, (d) =>
      archiveList(d, "todo", NOW0),
    )
    expect(myWork([{ boardId: "b1", board: hidden, memberId: "jonas" }], "UTC", now)).toEqual([])
  })

  it("lists the open checklist items I own that have a deadline, among the cards by due time", () => {
    const b = edit(board(), "ana", "checklist", NOW0, (d) => {
      addChecklist(d, "c4", { id: "prep", name: "Prep" })
      for (const [id, text] of [
        ["slides", "Slides"],
        ["room", "Room"],
        ["done", "Done already"],
        ["theirs", "Someone else's"],
        ["undated", "No date"],
      ] as const)
        addChecklistItem(d, "c4", "prep", { id, text })
      for (const id of ["slides", "room", "done", "undated"])
        setChecklistItemOwner(d, "c4", id, "jonas")
      setChecklistItemOwner(d, "c4", "theirs", "ana")
      setChecklistItemDeadline(d, "c4", "slides", {
        kind: "instant",
        at: "2026-11-25T09:00:00.000Z",
        zone: "Europe/Berlin",
      })
      setChecklistItemDeadline(d, "c4", "room", { kind: "date", date: "2026-11-25" })
      for (const id of ["done", "theirs"])
        setChecklistItemDeadline(d, "c4", id, { kind: "date", date: "2026-11-24" })
      toggleChecklistItem(d, "c4", "done", true)
    })
    const items = myWork(
      [{ boardId: "b1", board: b, memberId: "jonas" }],
      "Europe/Berlin",
      t("2026-11-25T10:00:00Z"),
    )
    expect(items.map((i) => [i.cardId, i.kind, i.title, i.overdue])).toEqual([
      ["c2", "owned", "Card c2", true],
      ["c4", "item", "Slides", true], // 09:00Z, an hour ago
      ["c4", "item", "Room", false], // the end of 25 Nov in jonas's zone
      ["c1", "owned", "Write the launch post", false],
      ["c3", "owned", "Card c3", false],
    ])
    expect(items[1]?.cardTitle).toBe("Card c4")
  })
})

describe("pinned, urgent and important", () => {
  it("pins show oldest first and flags filter", () => {
    let doc = board()
    doc = edit(doc, "ana", "pin", NOW0, (d) => {
      pinCard(d, "c3", "2026-11-20T13:00:00.000Z")
      pinCard(d, "c2", "2026-11-20T12:30:00.000Z")
      setUrgent(d, "c2", true)
      setImportant(d, "c2", true)
      setImportant(d, "c3", true)
    })
    expect(pinnedCards(doc).map((c) => c.id)).toEqual(["c2", "c3"])
    const f = priorityFromQuery(new URLSearchParams("urgent=1"))
    expect(f).toEqual({ urgent: true, important: false })
    expect(matchesPriority({ urgent: true, important: false }, f)).toBe(true)
    expect(matchesPriority({ urgent: false, important: true }, f)).toBe(false)
    expect(matchesPriority({ urgent: false, important: true }, { important: true })).toBe(true)
    expect(matchesPriority({ urgent: false, important: false }, {})).toBe(true)
  })
})

describe("notifications", () => {
  it("collects assignments, mentions, deadlines within 24 h and overdue replies, held until working hours", () => {
    let doc = board()
    doc = edit(doc, "ana", "setup", NOW0, (d) => {
      setDeadline(d, "c1", { kind: "instant", at: "2026-11-26T06:00:00.000Z", zone: "UTC" })
      updateSettings(d, { replyWithinWorkingHours: 16 })
    })
    doc = comment(
      doc,
      "ana",
      "k1",
      `${formatMention(JONAS)} look`,
      "2026-11-25T07:00:00.000Z",
      "c3",
    )
    doc = comment(doc, "ana", "k2", `${formatMention(JONAS)} old`, "2026-11-20T08:00:00.000Z", "c4")
    // Wednesday 25 Nov, 07:30Z = 08:30 in Berlin: Jonas starts at 09:00 (08:00Z).
    const now = t("2026-11-25T07:30:00Z")
    const n = notificationsFor(doc, "jonas", now, [{ cardId: "c3", at: t("2026-11-25T06:00:00Z") }])
    const byKind = Object.fromEntries(n.map((x) => [x.kind + ":" + x.cardId, x]))
    expect(Object.keys(byKind).sort()).toEqual([
      "assigned:c3",
      "deadline-soon:c1",
      "mentioned:c3",
      "reply-overdue:c4",
    ])
    // Mentioned at 08:00 Berlin: held until 09:00 Berlin.
    expect(byKind["mentioned:c3"]?.deliverAt).toBe(t("2026-11-25T08:00:00Z"))
    expect(byKind["assigned:c3"]?.deliverAt).toBe(t("2026-11-25T08:00:00Z"))
    expect(byKind["deadline-soon:c1"]?.text).toBe('"Write the launch post" is due within 24 hours')
    expect(byKind["reply-overdue:c4"]?.text).toContain("Your reply to Ana")
    // Keys are stable so a system notification is shown once.
    expect(
      notificationsFor(doc, "jonas", now + 60_000, [
        { cardId: "c3", at: t("2026-11-25T06:00:00Z") },
      ])
        .map((x) => x.key)
        .sort(),
    ).toEqual(n.map((x) => x.key).sort())
    // Nothing for a member with nothing to do.
    expect(notificationsFor(doc, "maya", now)).toEqual([])
  })
})
