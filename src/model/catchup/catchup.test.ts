import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import {
  addCard,
  addOwner,
  archiveCard,
  checkBoard,
  deleteCard,
  deleteComment,
  getCard,
  markDone,
  pinComment,
  unpinComment,
  moveCard,
  setCardTitle,
  setDeadline,
  unmarkDone,
} from "../index"
import type { Board } from "../types"
import { comment, edit, sampleBoard } from "../time/testing"
import { BoardHistory, boardAt, cardHistory, catchUp, describeEvent } from "./index"

const DAY1 = "2026-11-21T09:00:00.000Z"
const DAY2 = "2026-11-22T09:00:00.000Z"
const DAY3 = "2026-11-23T09:00:00.000Z"

function withCards(): A.Doc<Board> {
  let doc = sampleBoard()
  doc = edit(doc, "ana", "addCard", "2026-11-20T12:00:00.000Z", (d) => {
    for (const id of ["c2", "c3", "c4"])
      addCard(d, {
        id,
        listId: "todo",
        title: `Card ${id}`,
        memberId: "ana",
        now: "2026-11-20T12:00:00.000Z",
      })
  })
  return doc
}

const summary = (items: ReturnType<typeof catchUp>["items"]) =>
  items.map((i) => [i.cardId, i.kind, i.by.join(",")])

describe("catch-up since last visit", () => {
  it("after days offline on both sides, lists what others did and nothing of mine", () => {
    const base = withCards()
    const seenByAna = A.getHeads(base)
    // Ana works offline for three days …
    let ana = A.clone(base, { actor: "aa".repeat(16) })
    ana = edit(ana, "ana", "moveCard", DAY1, (d) => moveCard(d, "c4", "done", 0))
    ana = comment(ana, "ana", "a1", "my own note", DAY2, "c1")
    ana = edit(ana, "ana", "addCard", DAY3, (d) =>
      addCard(d, { id: "a-new", listId: "todo", title: "Mine", memberId: "ana", now: DAY3 }),
    )
    // … while Jonas and Maya edit on another device, also offline.
    let other = A.clone(base, { actor: "bb".repeat(16) })
    other = edit(other, "jonas", "moveCard", DAY1, (d) => moveCard(d, "c2", "done", 0))
    other = edit(other, "jonas", "markDone", DAY1, (d) => markDone(d, "c2", DAY1))
    other = comment(other, "jonas", "j1", "Started on it", DAY2, "c1")
    other = comment(other, "maya", "m1", "Me too", DAY3, "c1")
    other = edit(other, "maya", "addOwner", DAY2, (d) => addOwner(d, "c3", "ana"))
    other = edit(other, "maya", "setDeadline", DAY2, (d) =>
      setDeadline(d, "c3", { kind: "date", date: "2026-12-01" }),
    )
    other = edit(other, "jonas", "archiveCard", DAY3, (d) => archiveCard(d, "c4", DAY3))
    other = edit(other, "jonas", "addCard", DAY3, (d) => {
      addCard(d, { id: "j-new", listId: "todo", title: "From Jonas", memberId: "jonas", now: DAY3 })
      addOwner(d, "j-new", "ana")
    })
    // Merge both ways: both peers agree and compute the same catch-up for Ana.
    const m1 = A.merge(A.clone(ana), other)
    const m2 = A.merge(A.clone(other), ana)
    expect(A.toJS(m1)).toEqual(A.toJS(m2))
    expect(checkBoard(m1)).toEqual([])
    const c1 = catchUp(m1, seenByAna, "ana")
    const c2 = catchUp(m2, seenByAna, "ana")
    expect(c1.items).toEqual(c2.items)
    expect(c1.status).toBe("ok")
    expect(new Set(summary(c1.items))).toEqual(
      new Set([
        ["c2", "moved", "jonas"],
        ["c2", "completed", "jonas"],
        ["c1", "commented", "jonas,maya"],
        ["c3", "assigned", "maya"],
        ["c3", "deadline", "maya"],
        ["c4", "archived", "jonas"],
        ["j-new", "created", "jonas"],
        ["j-new", "assigned", "jonas"],
      ]),
    )
    expect(c1.items.find((i) => i.kind === "commented")).toMatchObject({
      count: 2,
      at: Date.parse(DAY3),
      title: "Write the launch post",
    })
    expect(c1.items.find((i) => i.kind === "moved")).toMatchObject({ listId: "done" })
    // Newest first.
    const times = c1.items.map((i) => i.at)
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    // Jonas sees Ana's work and Maya's, not his own.
    const forJonas = catchUp(m1, seenByAna, "jonas")
    expect(new Set(summary(forJonas.items))).toEqual(
      new Set([
        ["c4", "moved", "ana"],
        ["c1", "commented", "ana,maya"],
        ["a-new", "created", "ana"],
        ["c3", "deadline", "maya"],
        // Maya made Ana an owner: for Jonas a change of owners, not an assignment.
        ["c3", "owners", "maya"],
      ]),
    )
    // Marking all as read: nothing new since the returned heads.
    expect(catchUp(m1, c1.heads, "ana").items).toEqual([])
  })

  it("shows only what is still true: undone, deleted and removed items drop out", () => {
    const base = withCards()
    const seen = A.getHeads(base)
    let doc = A.clone(base)
    doc = edit(doc, "jonas", "markDone", DAY1, (d) => markDone(d, "c2", DAY1))
    doc = edit(doc, "maya", "unmarkDone", DAY2, (d) => unmarkDone(d, "c2"))
    doc = edit(doc, "jonas", "addCard", DAY1, (d) =>
      addCard(d, { id: "tmp", listId: "todo", title: "Oops", memberId: "jonas", now: DAY1 }),
    )
    doc = edit(doc, "jonas", "deleteCard", DAY2, (d) => deleteCard(d, "tmp"))
    doc = comment(doc, "jonas", "gone", "typo", DAY1, "c3")
    doc = edit(doc, "jonas", "deleteComment", DAY1, (d) => deleteComment(d, "c3", "gone"))
    doc = edit(doc, "maya", "moveCard", DAY3, (d) => moveCard(d, "c4", "done", 0))
    const r = catchUp(doc, seen, "ana")
    expect(summary(r.items)).toEqual([["c4", "moved", "maya"]])
    expect(r.changesRead).toBe(7)
  })

  it("reports a first visit, foreign or corrupt remembered heads without failing", () => {
    const doc = withCards()
    expect(catchUp(doc, null, "ana").status).toBe("first-visit")
    expect(catchUp(doc, ["not-a-hash"], "ana").status).toBe("first-visit")
    expect(catchUp(doc, { heads: 1 }, "ana").status).toBe("first-visit")
    const foreign = A.getHeads(A.from({ x: 1 }))
    const r = catchUp(doc, foreign, "ana")
    expect(r.status).toBe("unknown-heads")
    expect(r.heads).toEqual(A.getHeads(doc))
  })

  it("counts changes without a Baton author as by nobody, and still lists them", () => {
    const base = withCards()
    const seen = A.getHeads(base)
    const doc = A.change(A.clone(base), (d) => moveCard(d, "c2", "done", 0))
    expect(summary(catchUp(doc, seen, "ana").items)).toEqual([["c2", "moved", ""]])
    expect(catchUp(doc, seen, "ana").items[0]?.by).toEqual([null])
  })
})

describe("card history", () => {
  it("gives each change of a card with who and when, and views of the board back then", () => {
    let doc = withCards()
    doc = edit(doc, "jonas", "moveCard", DAY1, (d) => moveCard(d, "c1", "done", 0))
    doc = edit(doc, "maya", "setCardTitle", DAY2, (d) =>
      setCardTitle(d, "c1", "Write and publish the launch post"),
    )
    doc = edit(doc, "maya", "addOwner", DAY2, (d) => addOwner(d, "c1", "jonas"))
    doc = comment(doc, "ana", "k1", "Nice", DAY3)
    doc = edit(doc, "jonas", "moveCard", DAY3, (d) => moveCard(d, "c2", "done", 0))
    const h = cardHistory(doc, "c1")
    const names = {
      member: (id: string) => doc.members[id]?.name ?? id,
      list: (id: string) => doc.lists[id]?.title ?? id,
    }
    expect(
      h.map((e) => [
        e.by,
        new Date(e.at).toISOString(),
        e.events.map((ev) => describeEvent(ev, names)).join("; "),
      ]),
    ).toEqual([
      ["ana", "2026-11-20T12:00:00.000Z", "created the card"],
      ["jonas", "2026-11-21T09:00:00.000Z", "moved it to Done"],
      ["maya", "2026-11-22T09:00:00.000Z", "edited the title"],
      ["maya", "2026-11-22T09:00:00.000Z", "added Jonas as owner"],
      ["ana", "2026-11-23T09:00:00.000Z", "commented"],
    ])
    // The board right after Jonas's move, and right before it.
    const afterMove = boardAt(doc, [h[1]!.hash])!
    expect(getCard(afterMove, "c1")).toMatchObject({
      listId: "done",
      title: "Write the launch post",
    })
    const beforeMove = boardAt(doc, [h[0]!.hash])!
    expect(getCard(beforeMove, "c1")?.listId).toBe("todo")
    expect(getCard(doc, "c1")?.title).toBe("Write and publish the launch post")
    expect(boardAt(doc, ["f".repeat(64)])).toBeNull()
  })

  it("reads only new changes after the first time, and merged offline edits by others", () => {
    const base = withCards()
    const history = new BoardHistory()
    const first = history.update(base)
    expect(first).toBe(A.getAllChanges(base).length)
    let mine = A.clone(base)
    let theirs = A.clone(base)
    mine = edit(mine, "ana", "markDone", DAY1, (d) => markDone(d, "c1", DAY1))
    theirs = edit(theirs, "maya", "setDeadline", DAY1, (d) =>
      setDeadline(d, "c1", { kind: "date", date: "2026-12-24" }),
    )
    theirs = edit(theirs, "maya", "addOwner", DAY2, (d) => addOwner(d, "c1", "maya"))
    expect(history.update(mine)).toBe(1)
    const merged = A.merge(mine, theirs)
    expect(history.update(merged)).toBe(2)
    expect(history.update(merged)).toBe(0)
    const kinds = history
      .cardHistory("c1")
      .map((e) => `${e.by}:${e.events.map((ev) => ev.kind).join("+")}`)
    expect(kinds.slice(1).sort()).toEqual(["ana:completed", "maya:deadline", "maya:owner-added"])
    // A different document resets the history instead of mixing boards.
    const otherBoard = sampleBoard()
    expect(history.update(otherBoard)).toBe(A.getAllChanges(otherBoard).length)
    expect(history.cardHistory("c2")).toEqual([])
  })

  it("says a comment was pinned or unpinned, not edited", () => {
    let doc = comment(withCards(), "ana", "k1", "We ship on Friday", DAY1)
    doc = edit(doc, "maya", "pinComment", DAY2, (d) => pinComment(d, "c1", "k1", DAY2))
    doc = edit(doc, "jonas", "unpinComment", DAY3, (d) => unpinComment(d, "c1", "k1"))
    const names = { member: (id: string) => id, list: (id: string) => id }
    expect(
      cardHistory(doc, "c1")
        .slice(-2)
        .map((e) => [e.by, e.events.map((ev) => describeEvent(ev, names)).join("; ")]),
    ).toEqual([
      ["maya", "pinned a comment"],
      ["jonas", "unpinned a comment"],
    ])
  })
})

describe("incremental reading", () => {
  it("the tracker reads only new changes and keeps earlier items", async () => {
    const { CatchUpTracker } = await import("./catchUp")
    const base = withCards()
    const tracker = new CatchUpTracker("ana", A.getHeads(base))
    let doc = edit(A.clone(base), "jonas", "moveCard", DAY1, (d) => moveCard(d, "c2", "done", 0))
    expect(summary(tracker.update(doc).items)).toEqual([["c2", "moved", "jonas"]])
    doc = edit(doc, "ana", "moveCard", DAY2, (d) => moveCard(d, "c3", "done", 0))
    doc = comment(doc, "maya", "m1", "hello", DAY3, "c3")
    const r = tracker.update(doc)
    expect(r.changesRead).toBe(3)
    expect(summary(r.items)).toEqual([
      ["c3", "commented", "maya"],
      ["c2", "moved", "jonas"],
    ])
    expect(tracker.update(doc).changesRead).toBe(3)
  })

  it("gives the same items whether many changes are read at once or one by one", async () => {
    const { CatchUpTracker } = await import("./catchUp")
    const base = withCards()
    const all = new CatchUpTracker("ana", A.getHeads(base))
    const steps = new CatchUpTracker("ana", A.getHeads(base))
    let doc = A.clone(base)
    const lists = ["todo", "done"]
    for (let i = 0; i < 90; i++) {
      const card = ["c1", "c2", "c3", "c4"][i % 4]!
      const who = i % 3 === 0 ? "jonas" : "maya"
      if (i % 5 === 0) doc = comment(doc, who, `k${i}`, `note ${i}`, DAY1, card)
      else if (i % 7 === 0) doc = edit(doc, who, "addOwner", DAY2, (d) => addOwner(d, card, "ana"))
      else doc = edit(doc, who, "moveCard", DAY2, (d) => moveCard(d, card, lists[i % 2]!, 0))
      steps.update(doc)
    }
    const bulk = all.update(doc)
    const made = A.getAllChanges(doc).length - A.getAllChanges(base).length
    expect(made).toBeGreaterThan(64) // enough to be read in bulk
    expect(bulk.changesRead).toBe(made)
    expect(summary(bulk.items).length).toBeGreaterThan(4)
    expect(summary(bulk.items)).toEqual(summary(steps.update(doc).items))
  })

  it("card history can be read in chunks without blocking", async () => {
    let doc = withCards()
    for (let i = 0; i < 30; i++)
      doc = comment(doc, i % 2 ? "jonas" : "maya", `x${i}`, `note ${i}`, DAY1, "c2")
    const h = new BoardHistory()
    let pauses = 0
    const n = await h.updateInChunks(
      doc,
      async () => {
        pauses++
      },
      10,
    )
    expect(n).toBe(A.getAllChanges(doc).length)
    expect(pauses).toBe(Math.ceil(n / 10))
    expect(
      h.cardHistory("c2").filter((e) => e.events.some((ev) => ev.kind === "commented")),
    ).toHaveLength(30)
    expect(h.cardHistory("c2")).toEqual(cardHistory(doc, "c2"))
  })
})
