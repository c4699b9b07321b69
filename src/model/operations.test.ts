import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import { checklistItems, checklistsOf, getCard } from "./queries"
import { OPERATIONS, durableArgs, isIntent, runIntent } from "./operations"
import type { Intent } from "./operations"
import { addComment } from "./comments"
import { fixtureBoard, at, edit, member } from "./testkit"
import type { Board, Card } from "./types"
import { isModelError } from "./errors"

/** A person's session of edits, as intents with JSON arguments (as kept on a device). */
function session(): Intent[] {
  return [
    { op: "joinBoard", args: [member("cy", "Asia/Tokyo")] },
    { op: "renameBoard", args: ["Launch v2"] },
    { op: "addList", args: [{ id: "qa", title: "QA", now: at(1) }] },
    { op: "renameList", args: ["qa", "Review"] },
    {
      op: "addCard",
      args: [{ id: "n1", listId: "qa", title: "Check the build", memberId: "cy", now: at(2) }],
    },
    { op: "setCardTitle", args: ["c1", "Card one, renamed"] },
    { op: "setCardDescription", args: ["c1", "Steps:\n1. run\n2. look"] },
    { op: "moveCard", args: ["c1", "doing", 0] },
    { op: "moveCard", args: ["c3", "todo", 0] },
    { op: "addOwner", args: ["c2", "bob"] },
    {
      op: "setDeadline",
      args: ["c2", { kind: "instant", at: "2026-12-03T08:00:00.000Z", zone: "Asia/Tokyo" }],
    },
    { op: "createLabelOnCard", args: ["c2", { id: "green", name: "Docs", color: "#00aa00" }] },
    { op: "assignLabel", args: ["c4", "red"] },
    { op: "addChecklist", args: ["c4", { id: "cl1", name: "Release" }] },
    { op: "addChecklistItem", args: ["c4", "cl1", { id: "i1", text: "Write tests" }] },
    { op: "toggleChecklistItem", args: ["c4", "i1", true] },
    {
      op: "addComment",
      args: ["c4", { id: "m1", authorId: "cy", text: "On it", now: at(3) }],
    },
    { op: "editComment", args: ["c4", "m1", "On it today", at(4)] },
    { op: "markDone", args: ["c5", at(5)] },
    { op: "setUrgent", args: ["c5", true] },
    { op: "archiveCard", args: ["c3", at(6)] },
    { op: "moveList", args: ["qa", 0] },
  ]
}

/** Runs intents after a JSON round trip, as a page that kept them would. */
function replay(doc: A.Doc<Board>, intents: Intent[]): A.Doc<Board> {
  for (const i of JSON.parse(JSON.stringify(intents)) as Intent[]) {
    doc = edit(doc, (d) => runIntent(d, i))
  }
  return doc
}

describe("intents", () => {
  it("give the document what the board showed when they were run on its plain copy", () => {
    const doc = fixtureBoard()
    // The board page runs an early edit on the plain mirror it shows (a snapshot)…
    const shown = JSON.parse(JSON.stringify(doc)) as Board
    for (const i of session()) runIntent(shown, i)
    // …and later on the loaded document: both end the same.
    const loaded = replay(doc, session())
    expect(A.toJS(loaded)).toEqual(shown)
    expect(shown.title).toBe("Launch v2")
    expect(getCard(shown, "c1")?.listId).toBe("doing")
    expect(getCard(shown, "c2")?.labels).toEqual({ green: true })
  })

  it("merge with a concurrent peer's edits like the same edits made directly", () => {
    const doc = fixtureBoard()
    const peer = edit(A.clone(doc, { actor: "cc".repeat(16) }), (d) =>
      addComment(d, "c1", { id: "p1", authorId: "bob", text: "Concurrent", now: at(2) }),
    )
    const mine = replay(A.clone(doc, { actor: "dd".repeat(16) }), session())
    const a = A.merge(A.clone(mine), peer)
    const b = A.merge(A.clone(peer), mine)
    expect(A.toJS(a)).toEqual(A.toJS(b))
    expect(getCard(a, "c1")?.title).toBe("Card one, renamed")
    expect(Object.keys(getCard(a, "c1")?.comments ?? {})).toEqual(["p1"])
  })

  it("refuse what the operation refuses, and unknown operations", () => {
    const shown = A.toJS(fixtureBoard())
    let error: unknown
    try {
      runIntent(shown, { op: "setCardTitle", args: ["nope", "x"] })
    } catch (e) {
      error = e
    }
    expect(isModelError(error)).toBe(true)
    expect(() => runIntent(shown, { op: "toString" as never, args: [] })).toThrow(RangeError)
    expect(isIntent({ op: "toString", args: [] })).toBe(false)
    expect(isIntent({ op: "moveCard", args: "c1" })).toBe(false)
    expect(isIntent({ op: "moveCard", args: ["c1", "todo", 0] })).toBe(true)
    expect(isIntent(null)).toBe(false)
  })

  it("keep no placement hint in their stored arguments", () => {
    const doc = fixtureBoard()
    const listCards = ["c1", "c2"].map((id) => getCard(doc, id)) as Card[]
    expect(durableArgs("moveCard", ["c3", "todo", 0, { listCards }])).toEqual(["c3", "todo", 0])
    expect(durableArgs("setCardTitle", ["c1", "x"])).toEqual(["c1", "x"])
    expect(Object.keys(OPERATIONS)).toContain("restoreDeletedCard")
  })

  it("restore a deleted card with its owners, labels, checklist and comments", () => {
    let doc = replay(fixtureBoard(), session())
    const [release] = Object.values(getCard(doc, "c4")!.checklists)
    const itemId = Object.keys(release!.items)[0]!
    const deadline = { kind: "date", date: "2026-12-24" }
    doc = replay(doc, [
      { op: "addChecklist", args: ["c4", { id: "later", name: "Later" }] },
      { op: "moveChecklistItemTo", args: ["c4", itemId, "later", 0] },
      { op: "setChecklistItemOwner", args: ["c4", itemId, "ann"] },
      { op: "setChecklistItemDeadline", args: ["c4", itemId, deadline] },
    ])
    const copy = structuredClone(getCard(A.toJS(doc), "c4")) as Card
    doc = replay(doc, [{ op: "deleteCard", args: ["c4"] }])
    expect(getCard(doc, "c4")).toBeUndefined()
    doc = replay(doc, [{ op: "restoreDeletedCard", args: [copy, 1, "ann", at(9)] }])
    const back = getCard(A.toJS(doc), "c4") as Card
    expect(back.labels).toEqual({ red: true })
    // The item is back in the checklist it was dragged to, with its owner and deadline.
    expect(
      checklistsOf(back).map((c) => [
        c.name,
        checklistItems(back, c).map((i) => [i.text, i.done, i.owner, i.deadline]),
      ]),
    ).toEqual([
      ["Release", []],
      ["Later", [["Write tests", true, "ann", deadline]]],
    ])
    expect(Object.values(back.comments).map((c) => c.text)).toEqual(["On it today"])
  })
})
