/**
 * Catch-up of every kind of change, with values (issue: the async layer made exact, items 1
 * and 12): two teammates in Kiritimati (UTC+14) and Pago Pago (UTC−11), frozen clocks.
 */
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import {
  addCard,
  addChecklist,
  addChecklistItem,
  addOwner,
  archiveCard,
  assignLabel,
  createLabel,
  joinBoard,
  moveCard,
  pinCard,
  restoreCard,
  setCardDescription,
  setCardTitle,
  setDeadline,
  setImportant,
  setUrgent,
  toggleChecklistItem,
} from "../index"
import type { Board } from "../types"
import { comment, edit, makeMember, reply, sampleBoard } from "../time/testing"
import { BoardHistory, CatchUpTracker, describeEntry, describeItem, groupByCard } from "./index"

const KIRI = makeMember("kiri", "Kiri", "Pacific/Kiritimati")
const PAGO = makeMember("pago", "Pago", "Pacific/Pago_Pago")
const T0 = "2026-12-04T00:00:00.000Z"
const T1 = "2026-12-05T00:00:00.000Z"
const T2 = "2026-12-06T00:00:00.000Z"

function board(): A.Doc<Board> {
  let doc = sampleBoard(T0)
  for (const m of [KIRI, PAGO]) doc = edit(doc, m.id, "joinBoard", T0, (d) => joinBoard(d, m))
  doc = edit(doc, "pago", "setup", T0, (d) => {
    setCardDescription(d, "c1", "Draft the post. Publish on Monday.")
    addChecklist(d, "c1", { id: "cl1", name: "Checklist" })
    addChecklistItem(d, "c1", "cl1", { id: "i1", text: "Outline" })
    createLabel(d, { id: "l1", name: "Blog", color: "#336699" })
    archiveCard(d, "c1", T0)
    restoreCard(d, "c1", T0)
  })
  return doc
}

describe("catch-up of every kind of change", () => {
  it("lists title, description, flags, pin, checklist, labels, owners, deadline, list, archive and comments, with values", () => {
    const base = board()
    const seen = A.getHeads(base)
    let doc = A.clone(base)
    doc = edit(doc, "kiri", "edits", T1, (d) => {
      setCardTitle(d, "c1", "Write the launch post for Monday")
      setCardDescription(d, "c1", "Draft the post. Publish on Tuesday.")
      setUrgent(d, "c1", true)
      setImportant(d, "c1", true)
      pinCard(d, "c1", T1)
      addChecklistItem(d, "c1", "cl1", { id: "i2", text: "Pictures" })
      toggleChecklistItem(d, "c1", "i1", true)
      assignLabel(d, "c1", "l1")
      addOwner(d, "c1", "jonas")
      setDeadline(d, "c1", { kind: "date", date: "2026-12-11" })
      moveCard(d, "c1", "done", 0)
    })
    doc = comment(doc, "kiri", "k1", "Ready for review", T1)
    doc = reply(doc, "maya", "k2", "k1", "On it", T2)
    // What Pago did is not news to Pago.
    doc = edit(doc, "pago", "own", T2, (d) => setCardTitle(d, "c1", "Write the launch post!"))
    doc = edit(doc, "pago", "own", T2, (d) =>
      setCardTitle(d, "c1", "Write the launch post for Monday"),
    )
    doc = edit(doc, "kiri", "archive", T2, (d) => archiveCard(d, "c1", T2))
    const tracker = new CatchUpTracker("pago", seen)
    const r = tracker.update(doc)
    const got = Object.fromEntries(
      r.items.map((i) => [i.kind, { by: i.by, values: tracker.values(i) }]),
    )
    expect(Object.keys(got).sort()).toEqual(
      [
        "archived",
        "checklist",
        "commented",
        "deadline",
        "description",
        "important",
        "labels",
        "moved",
        "owners",
        "pinned",
        "title",
        "urgent",
      ].sort(),
    )
    expect(got.title).toEqual({
      by: ["kiri"],
      values: {
        kind: "text",
        from: "Write the launch post",
        to: "Write the launch post for Monday",
      },
    })
    expect(got.description!.values).toEqual({ kind: "textDiff", removed: "Mon", added: "Tues" })
    expect(got.urgent!.values).toEqual({ kind: "flag", from: false, to: true })
    expect(got.important!.values).toEqual({ kind: "flag", from: false, to: true })
    expect(got.pinned!.values).toEqual({ kind: "flag", from: false, to: true })
    expect(got.checklist!.values).toEqual({
      kind: "checklist",
      added: ["Pictures"],
      removed: [],
      done: ["Outline"],
      undone: [],
    })
    expect(got.labels!.values).toEqual({ kind: "set", added: ["l1"], removed: [] })
    expect(got.owners!.values).toEqual({ kind: "set", added: ["jonas"], removed: [] })
    expect(got.deadline!.values).toEqual({
      kind: "deadline",
      from: null,
      to: { kind: "date", date: "2026-12-11" },
    })
    expect(got.moved!.values).toEqual({ kind: "list", from: "todo", to: "done" })
    expect(got.commented).toEqual({
      by: ["kiri", "maya"],
      values: { kind: "comments", count: 2, replies: 1, latest: "On it" },
    })
    expect(got.archived!.by).toEqual(["kiri"])
    // As the viewer in Pago Pago reads them.
    const names = {
      member: (id: string) => doc.members[id]?.name ?? id,
      list: (id: string) => doc.lists[id]?.title ?? id,
      label: (id: string) => doc.labels[id]?.name ?? id,
    }
    const text = (kind: string) => {
      const item = r.items.find((i) => i.kind === kind)!
      return describeItem(item, tracker.values(item), names, "Pacific/Pago_Pago", Date.parse(T2))
    }
    expect(text("title")).toBe(
      "renamed it: “Write the launch post” → “Write the launch post for Monday”",
    )
    expect(text("moved")).toBe("moved it from To do to Done")
    expect(text("deadline")).toBe("changed the deadline: none → Fri 11 Dec")
    expect(text("labels")).toBe("added label Blog")
    expect(text("owners")).toBe("added owner Jonas")
    expect(text("checklist")).toBe("checklist: added “Pictures”; checked “Outline”")
    expect(text("commented")).toBe("wrote 2 comments (1 reply): “On it”")
    expect(text("description")).toBe("edited the description: removed “Mon”, added “Tues”")
    // Grouped by card.
    expect(groupByCard(r.items).map((g) => [g.cardId, g.items.length])).toEqual([["c1", 12]])
  })

  it("marks one card read: its items stay hidden until another change reaches it", () => {
    const base = board()
    const seen = A.getHeads(base)
    let doc = edit(A.clone(base), "kiri", "t", T1, (d) => {
      setCardTitle(d, "c1", "Renamed")
      setUrgent(d, "c1", true)
    })
    doc = edit(doc, "kiri", "t", T1, (d) => setCardTitle(d, "c1", "Renamed again"))
    const tracker = new CatchUpTracker("pago", seen)
    let r = tracker.update(doc)
    expect(r.items.map((i) => i.kind).sort()).toEqual(["title", "urgent"])
    const remembered = tracker.markCardRead(r.items[0]!, r.items)
    // A fresh tracker with what the device remembers agrees.
    const again = new CatchUpTracker("pago", seen, { c1: remembered })
    expect(again.update(doc).items).toEqual([])
    doc = edit(doc, "kiri", "t", T2, (d) => setImportant(d, "c1", true))
    r = again.update(doc)
    expect(r.items.map((i) => i.kind)).toEqual(["important"])
  })
})

describe("card history with values", () => {
  it("each entry says what changed, old and new", () => {
    let doc = board()
    doc = edit(doc, "kiri", "setCardTitle", T1, (d) => setCardTitle(d, "c1", "Launch post"))
    doc = edit(doc, "kiri", "moveCard", T1, (d) => moveCard(d, "c1", "done", 0))
    doc = edit(doc, "pago", "setDeadline", T2, (d) =>
      setDeadline(d, "c1", { kind: "instant", at: "2026-12-11T04:00:00.000Z", zone: "UTC" }),
    )
    const names = {
      member: (id: string) => doc.members[id]?.name ?? id,
      list: (id: string) => doc.lists[id]?.title ?? id,
      label: (id: string) => doc.labels[id]?.name ?? id,
    }
    const h = new BoardHistory()
    h.update(doc)
    const lines = h
      .cardHistory("c1")
      .slice(-3)
      .map((e) => describeEntry(doc, "c1", e, names, "Pacific/Kiritimati", Date.parse(T2)))
    expect(lines).toEqual([
      ["renamed it: “Write the launch post” → “Launch post”"],
      ["moved it from To do to Done"],
      ["changed the deadline: none → Fri 11 Dec, 18:00"],
    ])
  })
})

describe("card history kept on the device", () => {
  it("a restored snapshot reads only newer changes and gives the same timelines", () => {
    let doc = board()
    doc = edit(doc, "kiri", "setCardTitle", T1, (d) => setCardTitle(d, "c1", "Launch post"))
    const kept = new BoardHistory()
    kept.update(doc)
    const bytes = JSON.stringify(kept.snapshot())
    doc = edit(doc, "pago", "moveCard", T2, (d) => moveCard(d, "c1", "done", 0))
    doc = edit(doc, "pago", "setUrgent", T2, (d) => setUrgent(d, "c1", true))
    const restored = BoardHistory.restore(JSON.parse(bytes))
    expect(restored.update(doc)).toBe(2)
    const fresh = new BoardHistory()
    fresh.update(doc)
    expect(restored.cardHistory("c1")).toEqual(fresh.cardHistory("c1"))
    expect(restored.cardHistory("c1").length).toBeGreaterThan(3)
    // A damaged or foreign snapshot is ignored: the whole history is read again.
    const damaged = BoardHistory.restore({ v: 1, heads: [42], byCard: {} })
    expect(damaged.update(doc)).toBe(fresh.changesRead)
    const foreign = BoardHistory.restore({ ...kept.snapshot(), heads: ["ab".repeat(32)] })
    foreign.update(doc)
    expect(foreign.cardHistory("c1")).toEqual(fresh.cardHistory("c1"))
    // An index kept in the earlier format (one array per entry) is read as none.
    const older = { ...kept.snapshot(), v: 2, byCard: { c1: [["x", [], 0, null, null, []]] } }
    expect(BoardHistory.restore(older).update(doc)).toBe(fresh.changesRead)
  })

  it("keeps untouched cards' entries through a restore and a second snapshot, and reads the history again for a damaged card", () => {
    let doc = board()
    doc = edit(doc, "ana", "addCard", T1, (d) =>
      addCard(d, { id: "c2", listId: "todo", title: "Budget", memberId: "ana", now: T1 }),
    )
    doc = edit(doc, "kiri", "setUrgent", T1, (d) => setUrgent(d, "c2", true))
    const first = new BoardHistory()
    first.update(doc)
    doc = edit(doc, "pago", "moveCard", T2, (d) => moveCard(d, "c1", "done", 0))
    // Restored, c1 is touched by a newer change and c2 is never read; kept again, both survive.
    const second = BoardHistory.restore(JSON.parse(JSON.stringify(first.snapshot())))
    second.update(doc)
    const third = BoardHistory.restore(JSON.parse(JSON.stringify(second.snapshot())))
    third.update(doc)
    const fresh = new BoardHistory()
    fresh.update(doc)
    for (const id of ["c1", "c2"]) expect(third.cardHistory(id)).toEqual(fresh.cardHistory(id))
    expect(third.cardHistory("c2").length).toBeGreaterThanOrEqual(2)

    const damaged = first.snapshot()
    damaged.byCard.c2 = '[["trunc'
    const reader = BoardHistory.restore(damaged)
    reader.update(doc)
    expect(reader.cardHistory("c2")).toEqual(fresh.cardHistory("c2"))
    expect(reader.cardHistory("c1")).toEqual(fresh.cardHistory("c1"))
    // Damage met by a newer change (c1 moved after the snapshot) is read again the same way.
    const touched = first.snapshot()
    touched.byCard.c1 = "{"
    const again = BoardHistory.restore(touched)
    expect(again.update(doc)).toBe(fresh.changesRead)
    expect(again.cardHistory("c1")).toEqual(fresh.cardHistory("c1"))
  })
})
