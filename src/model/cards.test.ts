import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import type { Board } from "./index"
import { T0, at, edit, fixtureBoard } from "./testkit"

const order = (doc: Board, listId: string): string[] => M.cardsInList(doc, listId).map((c) => c.id)

describe("placement hints", () => {
  it("a move with the snapshot's list cards lands exactly where a move without it does", () => {
    const doc = fixtureBoard()
    for (const [listId, index] of [
      ["todo", 0],
      ["todo", 2],
      ["doing", 0],
      ["doing", 1],
    ] as const) {
      const plain = edit(A.clone(doc), (d) => M.moveCard(d, "c2", listId, index))
      const listCards = M.cardsByList(doc).get(listId) ?? []
      const hinted = edit(A.clone(doc), (d) => M.moveCard(d, "c2", listId, index, { listCards }))
      expect(order(hinted, listId)).toEqual(order(plain, listId))
      expect(M.checkBoard(hinted)).toEqual([])
    }
  })

  it("a stale hint only changes where the card lands, never loses or duplicates it", () => {
    const doc = fixtureBoard()
    const stale = M.cardsByList(doc).get("todo") ?? []
    const changed = edit(doc, (d) => {
      M.moveCard(d, "c4", "todo", 0)
      M.deleteCard(d, "c3")
    })
    const moved = edit(changed, (d) => M.moveCard(d, "c5", "todo", 2, { listCards: stale }))
    const o = order(moved, "todo")
    expect([...o].sort()).toEqual(["c1", "c2", "c4", "c5"])
    expect(M.checkBoard(moved)).toEqual([])
  })

  it("addCard with a hint places top, bottom, after and before like without one", () => {
    const doc = fixtureBoard()
    const listCards = M.cardsByList(doc).get("todo") ?? []
    for (const place of ["top", "bottom", { after: "c2" }, { before: "c2" }] as M.CardPlacement[]) {
      const add = (d: Board, hint?: M.PlacementHint): void =>
        M.addCard(
          d,
          { id: "n", listId: "todo", title: "N", memberId: "ann", now: T0, at: place },
          hint,
        )
      const a = edit(A.clone(doc), (d) => add(d))
      const b = edit(A.clone(doc), (d) => add(d, { listCards }))
      expect(order(b, "todo")).toEqual(order(a, "todo"))
    }
  })
})

describe("cardsByListCached", () => {
  it("builds the index once per document version and never for the mutable document in a change", () => {
    const doc = fixtureBoard()
    const first = M.cardsByListCached(doc)
    expect(M.cardsByListCached(doc)).toBe(first)
    expect(first.get("todo")!.map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4"])
    const next = edit(A.clone(doc), (d) => {
      const inChange = M.cardsByListCached(d)
      expect(M.cardsByListCached(d)).not.toBe(inChange)
      M.moveCard(d, "c1", "doing", 0, { listCards: M.cardsByListCached(doc).get("doing") })
    })
    expect(M.cardsByListCached(next)).not.toBe(first)
    expect(
      M.cardsByListCached(next)
        .get("doing")!
        .map((c) => c.id),
    ).toEqual(["c1", "c5"])
    expect(
      M.cardsByListCached(doc)
        .get("todo")!
        .map((c) => c.id),
    ).toEqual(["c1", "c2", "c3", "c4"])
  })
})

describe("placement without a hint", () => {
  it("uses the index of the version the change starts from, and only while the change has not modified anything", () => {
    const doc = fixtureBoard()
    M.cardsByListCached(doc) // the UI rendered this version
    const before = A.getAllChanges(doc).length
    const next = A.change(doc, { message: "one change" }, (d) => {
      M.moveCard(d, "c1", "doing", 0) // may use the cached index: nothing changed yet
      M.moveCard(d, "c2", "doing", 0) // must see c1 in "doing" already
      M.addCard(d, {
        id: "n",
        listId: "doing",
        title: "N",
        memberId: "ann",
        now: T0,
        at: { after: "c1" },
      })
    })
    // Looking up the index must not split the change (reading heads mid-change would commit).
    const added = A.getAllChanges(next).slice(before)
    expect(added.map((c) => A.decodeChange(c).message)).toEqual(["one change"])
    expect(order(next, "doing")).toEqual(["c2", "c1", "n", "c5"])
    expect(M.checkBoard(next)).toEqual([])
  })
})

describe("restoring cards", () => {
  it("puts a card back where it was when its list is still visible", () => {
    const doc = edit(fixtureBoard(), (d) => M.archiveCard(d, "c2", at(1)))
    expect(order(doc, "todo")).toEqual(["c1", "c3", "c4"])
    const back = edit(doc, (d) => M.restoreCard(d, "c2", at(2)))
    expect(order(back, "todo")).toEqual(["c1", "c2", "c3", "c4"])
    expect(M.getCard(back, "c2")!.archivedAt).toBeNull()
  })

  it("refuses with a clear message when no list is visible, and changes nothing", () => {
    const doc = edit(fixtureBoard(), (d) => {
      M.archiveCard(d, "c1", at(1))
      for (const l of ["todo", "doing", "done"]) M.deleteList(d, l, at(1))
    })
    expect(() => edit(doc, (d) => M.restoreCard(d, "c1", at(2)))).toThrow(
      /add or restore a list first/,
    )
    expect(M.getCard(doc, "c1")!.archived).toBe(true)
  })

  it("a deleted list can be restored with its cards", () => {
    const doc = edit(fixtureBoard(), (d) => M.deleteList(d, "todo", at(1)))
    expect(M.orphanedCards(doc).map((c) => c.id)).toEqual(["c1", "c2", "c3", "c4"])
    const back = edit(doc, (d) => M.restoreList(d, "todo"))
    expect(order(back, "todo")).toEqual(["c1", "c2", "c3", "c4"])
    expect(M.orphanedCards(back)).toEqual([])
  })
})

describe("plain objects", () => {
  it("operations also work on a plain board outside Automerge (e.g. UI tests)", () => {
    const plain = JSON.parse(JSON.stringify(fixtureBoard())) as Board
    M.setCardTitle(plain, "c1", "Plain title")
    M.setCardDescription(plain, "c1", "Plain text")
    M.moveCard(plain, "c1", "done", 0)
    expect(M.cardsInList(plain, "done").map((c) => [c.id, c.title, c.description])).toEqual([
      ["c1", "Plain title", "Plain text"],
    ])
    expect(M.checkBoard(plain)).toEqual([])
  })
})
