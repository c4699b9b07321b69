import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import { addCard, moveCard, setCardTitle, setDeadline } from "../index"
import type { Board } from "../types"
import { comment, edit, sampleBoard } from "../time/testing"
import { ActivityFeed, ActivityReader, BoardHistory } from "./index"
import type { ActivityEntry } from "./index"

const at = (h: number) => new Date(Date.UTC(2026, 10, 21, h)).toISOString()

/** A board edited by Ana and, on another device offline, by Jonas; merged. */
function history(): A.Doc<Board> {
  let base = sampleBoard()
  base = edit(base, "ana", "addCard", at(1), (d) =>
    addCard(d, { id: "c2", listId: "todo", title: "Old", memberId: "ana", now: at(1) }),
  )
  let ana = A.clone(base, { actor: "aa".repeat(16) })
  ana = edit(ana, "ana", "setCardTitle", at(3), (d) => setCardTitle(d, "c2", "New"))
  ana = edit(ana, "ana", "moveCard", at(5), (d) => moveCard(d, "c2", "done", 0))
  let jonas = A.clone(base, { actor: "bb".repeat(16) })
  jonas = comment(jonas, "jonas", "j1", "On it", at(2), "c2")
  jonas = edit(jonas, "jonas", "setDeadline", at(4), (d) =>
    setDeadline(d, "c2", { kind: "date", date: "2026-12-01" }),
  )
  const m = A.merge(A.clone(ana), jonas)
  expect(A.toJS(m)).toEqual(A.toJS(A.merge(A.clone(jonas), ana)))
  return m
}

const line = (e: ActivityEntry) => [e.by, e.cardId, e.events.map((v) => v.kind).join(",")]

describe("activity feed", () => {
  it("lists every change newest first across merged devices, in pages", () => {
    const doc = history()
    const feed = new ActivityFeed(new ActivityReader(doc))
    expect(feed.more(2)).toBe(2)
    expect(feed.entries.map(line)).toEqual([
      ["ana", "c2", "moved"],
      ["jonas", "c2", "deadline"],
    ])
    feed.more(3)
    expect(feed.entries.slice(2, 5).map(line)).toEqual([
      ["ana", "c2", "title"],
      ["jonas", "c2", "commented"],
      ["ana", "c2", "created"],
    ])
    while (!feed.done) feed.more(50)
    const times = feed.entries.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    // Every change of the history is read once.
    expect(new Set(feed.entries.map((e) => e.hash)).size).toBe(A.getAllChanges(doc).length)
  })

  it("says the same as card history about each card change", () => {
    const doc = history()
    const feed = new ActivityFeed(new ActivityReader(doc))
    while (!feed.done) feed.more(50)
    const h = new BoardHistory()
    h.update(doc)
    const fromFeed = feed.entries
      .filter((e) => e.cardId === "c2")
      .map((e) => [e.hash, e.by, e.events])
      .sort()
    expect(fromFeed).toEqual(
      h
        .cardHistory("c2")
        .map((e) => [e.hash, e.by, e.events])
        .sort(),
    )
  })

  it("filters by member and by kind, sharing what was read", () => {
    const doc = history()
    const reader = new ActivityReader(doc)
    const all = new ActivityFeed(reader)
    all.more(1)
    const jonas = new ActivityFeed(reader, { memberId: "jonas" }, all.read)
    while (!jonas.done) jonas.more(10)
    expect(jonas.entries.every((e) => e.by === "jonas")).toBe(true)
    expect(jonas.entries.filter((e) => e.cardId !== null).map(line)).toEqual([
      ["jonas", "c2", "deadline"],
      ["jonas", "c2", "commented"],
    ])
    const text = new ActivityFeed(reader, { kind: "text" }, all.read)
    text.more(10)
    expect(text.entries.map(line)).toEqual([["ana", "c2", "title"]])
    const none = new ActivityFeed(reader, { memberId: "jonas", kind: "moves" }, all.read)
    expect(none.more(10)).toBe(0)
    expect(none.done).toBe(true)
  })

  it("stops a slice when its time budget is spent and resumes where it stopped", () => {
    const doc = history()
    let t = 0
    const clock = () => t++
    const feed = new ActivityFeed(new ActivityReader(doc), { memberId: "nobody" })
    expect(feed.more(10, 2, clock)).toBe(0)
    expect(feed.done).toBe(false)
    while (!feed.done) feed.more(10, 2, clock)
    expect(feed.entries).toEqual([])
  })
})
