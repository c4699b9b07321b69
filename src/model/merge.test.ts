/**
 * Merge semantics: two peers fork one board, edit concurrently, merge both ways; both must end
 * identical with no violated invariant, and the outcome must be the documented one.
 */
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import type { Board } from "./index"
import { T0, at, edit, fixtureBoard, fork, member, mergeBoth, sameState } from "./testkit"
import { titleConflicts } from "./text"
import { newCard } from "./cards"

type Doc = A.Doc<Board>

/** Runs `fa` on one peer and `fb` on the other concurrently, merges both ways, checks, returns the result. */
function concurrently(base: Doc, fa: (d: Board) => void, fb: (d: Board) => void): Doc {
  const [a, b] = fork(base)
  const a1 = edit(a, fa)
  const b1 = edit(b, fb)
  const [am, bm] = mergeBoth(a1, b1)
  expect(sameState(am, bm)).toBe(true)
  expect(M.checkBoard(am)).toEqual([])
  return am
}

/** A further edit on a copy of a merged state (a merged doc may be branched several times). */
const branch = (doc: Doc, fn: (d: Board) => void): Doc => edit(A.clone(doc), fn)

const ids = (cards: { id: string }[]): string[] => cards.map((c) => c.id)

function whereIs(doc: Board, cardId: string): string[] {
  const out: string[] = []
  for (const [listId, cards] of M.cardsByList(doc))
    for (const c of cards) if (c.id === cardId) out.push(listId)
  return out
}

describe("merge semantics from the issue", () => {
  it("two peers move the same card to different places: it ends in exactly one place", () => {
    const base = fixtureBoard()
    const m = concurrently(
      base,
      (d) => M.moveCard(d, "c1", "doing", 0),
      (d) => M.moveCard(d, "c1", "done", 0),
    )
    expect(whereIs(m, "c1")).toHaveLength(1)
    expect(["doing", "done"]).toContain(whereIs(m, "c1")[0])
    expect(M.allCards(m)).toHaveLength(5)
  })

  it("two peers reorder the same card within a list: one place, no duplicate", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.moveCard(d, "c1", "todo", 3),
      (d) => M.moveCard(d, "c1", "todo", 1),
    )
    const order = ids(M.cardsInList(m, "todo"))
    expect(order.filter((x) => x === "c1")).toHaveLength(1)
    expect([...order].sort()).toEqual(["c1", "c2", "c3", "c4"])
  })

  it("concurrent edits to different fields of one card all survive", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => {
        M.setCardTitle(d, "c2", "Write the release notes")
        M.addOwner(d, "c2", "ann")
        M.setUrgent(d, "c2", true)
      },
      (d) => {
        M.setDeadline(d, "c2", { kind: "date", date: "2026-12-01" })
        M.markDone(d, "c2", at(5))
        M.assignLabel(d, "c2", "red")
        M.setCardDescription(d, "c2", "See the wiki")
      },
    )
    const c = M.getCard(m, "c2")!
    expect(c.title).toBe("Write the release notes")
    expect(M.ownersOf(c)).toEqual(["ann"])
    expect(c.urgent).toBe(true)
    expect(c.deadline).toEqual({ kind: "date", date: "2026-12-01" })
    expect(c.done).toBe(true)
    expect(c.doneAt).toBe(at(5))
    expect(M.cardLabels(m, c).map((l) => l.id)).toEqual(["red"])
    expect(c.description).toBe("See the wiki")
  })

  it("concurrent edits to one description keep both peers' text", () => {
    const base = edit(fixtureBoard(), (d) => M.setCardDescription(d, "c1", "Hello world"))
    const m = concurrently(
      base,
      (d) => M.setCardDescription(d, "c1", "Hello brave world"),
      (d) => M.setCardDescription(d, "c1", "Hello world, again"),
    )
    expect(M.getCard(m, "c1")!.description).toBe("Hello brave world, again")
  })

  it("concurrent edits to one comment keep both peers' text and stamp editedAt", () => {
    const base = edit(fixtureBoard(), (d) =>
      M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "Ship on Monday", now: T0 }),
    )
    const m = concurrently(
      base,
      (d) => M.editComment(d, "c1", "k1", "Ship on Monday morning", at(1)),
      (d) => M.editComment(d, "c1", "k1", "Please ship on Monday", at(2)),
    )
    const k = M.getCard(m, "c1")!.comments.k1!
    expect(k.text).toBe("Please ship on Monday morning")
    expect([at(1), at(2)]).toContain(k.editedAt)
  })

  it("concurrent card titles resolve to one of the two, the other kept as a conflict", () => {
    const [a, b] = fork(fixtureBoard())
    const a1 = edit(a, (d) => M.setCardTitle(d, "c3", "Card c3 (draft)"))
    const b1 = edit(b, (d) => {
      M.setCardTitle(d, "c3", "My Card c3")
      M.setCardDescription(d, "c3", "Bo's notes")
    })
    const a2 = edit(a1, (d) => M.setCardDescription(d, "c3", "Ann's plan"))
    const [m1, m2] = mergeBoth(a2, b1)
    expect(sameState(m1, m2)).toBe(true)
    expect(M.checkBoard(m1)).toEqual([])
    const title = M.getCard(m1, "c3")!.title
    expect(["Card c3 (draft)", "My Card c3"]).toContain(title)
    const other = title === "My Card c3" ? "Card c3 (draft)" : "My Card c3"
    for (const m of [m1, m2]) {
      const conflicts = titleConflicts(M.getCard(m, "c3"), "title")
      expect(conflicts.map((c) => c.value)).toEqual([other])
      expect(["aa".repeat(16), "bb".repeat(16)]).toContain(conflicts[0]!.actor)
    }
    // Descriptions keep the character merge.
    expect(M.getCard(m1, "c3")!.description).toMatch(/Ann's plan/)
    expect(M.getCard(m1, "c3")!.description).toMatch(/Bo's notes/)
    // Using the other title resolves the conflict on every peer.
    const m3 = edit(m1, (d) => M.setCardTitle(d, "c3", other))
    const [n1, n2] = mergeBoth(m3, m2)
    expect(sameState(n1, n2)).toBe(true)
    expect(M.getCard(n2, "c3")!.title).toBe(other)
    expect(titleConflicts(M.getCard(n2, "c3"), "title")).toEqual([])
  })

  it("concurrent list and board renames resolve to one title each", () => {
    const [a, b] = fork(fixtureBoard())
    const a1 = edit(a, (d) => {
      M.renameList(d, "todo", "Ann's to do")
      M.renameBoard(d, "Launch by Ann")
    })
    const b1 = edit(b, (d) => {
      M.renameList(d, "todo", "To do by Bo")
      M.renameBoard(d, "Bo's Launch")
    })
    const [m1, m2] = mergeBoth(a1, b1)
    expect(sameState(m1, m2)).toBe(true)
    expect(["Ann's to do", "To do by Bo"]).toContain(m1.lists.todo!.title)
    expect(["Launch by Ann", "Bo's Launch"]).toContain(m1.title)
  })

  it("concurrent reorders give one total order on every peer", () => {
    const [a, b] = fork(fixtureBoard())
    const a1 = edit(
      edit(a, (d) => M.moveCard(d, "c4", "todo", 0)),
      (d) => M.moveCard(d, "c2", "todo", 3),
    )
    const b1 = edit(
      edit(b, (d) => M.moveCard(d, "c3", "todo", 0)),
      (d) => M.moveCard(d, "c1", "todo", 3),
    )
    const [am, bm] = mergeBoth(a1, b1)
    expect(sameState(am, bm)).toBe(true)
    expect(M.checkBoard(am)).toEqual([])
    const oa = ids(M.cardsInList(am, "todo"))
    expect(oa).toEqual(ids(M.cardsInList(bm, "todo")))
    expect([...oa].sort()).toEqual(["c1", "c2", "c3", "c4"])
  })

  it("concurrent inserts at the same spot tie, are ordered by id, and an insert between them lands in place", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) =>
        M.addCard(d, {
          id: "x",
          listId: "todo",
          title: "X",
          memberId: "ann",
          now: T0,
          at: { after: "c1" },
        }),
      (d) =>
        M.addCard(d, {
          id: "y",
          listId: "todo",
          title: "Y",
          memberId: "bob",
          now: T0,
          at: { after: "c1" },
        }),
    )
    expect(M.getCard(m, "x")!.position).toBe(M.getCard(m, "y")!.position)
    expect(ids(M.cardsInList(m, "todo"))).toEqual(["c1", "x", "y", "c2", "c3", "c4"])
    const m2 = branch(m, (d) =>
      M.addCard(d, {
        id: "z",
        listId: "todo",
        title: "Z",
        memberId: "ann",
        now: T0,
        at: { after: "x" },
      }),
    )
    expect(ids(M.cardsInList(m2, "todo"))).toEqual(["c1", "x", "z", "y", "c2", "c3", "c4"])
    const m3 = branch(m, (d) => M.moveCard(d, "c4", "todo", 2))
    expect(ids(M.cardsInList(m3, "todo"))).toEqual(["c1", "x", "c4", "y", "c2", "c3"])
    expect(M.checkBoard(m3)).toEqual([])
  })

  it("a card moved into a list another peer archives stays reachable and comes back with the list", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.moveCard(d, "c1", "doing", 0),
      (d) => M.archiveList(d, "doing", at(1)),
    )
    expect(M.visibleLists(m).map((l) => l.id)).toEqual(["todo", "done"])
    expect(ids(M.cardsInArchivedLists(m))).toEqual(["c1", "c5"])
    const restored = branch(m, (d) => M.restoreList(d, "doing"))
    expect(ids(M.cardsInList(restored, "doing"))).toEqual(["c1", "c5"])
    // or on its own, into a visible list
    const alone = branch(m, (d) => M.restoreCard(d, "c1", at(2), "done"))
    expect(ids(M.cardsInList(alone, "done"))).toEqual(["c1"])
  })

  it("a card moved into a list another peer deletes is orphaned, not lost, and can be restored", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.moveCard(d, "c2", "doing", 1),
      (d) => M.deleteList(d, "doing", at(1)),
    )
    expect(ids(M.orphanedCards(m))).toEqual(["c5", "c2"])
    const r = branch(m, (d) => M.restoreCard(d, "c2", at(2)))
    expect(ids(M.cardsInList(r, "todo"))).toEqual(["c1", "c3", "c4", "c2"])
    expect(M.checkBoard(r)).toEqual([])
  })

  it("an archived card in a concurrently deleted list is restored into a visible list", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.archiveCard(d, "c5", at(1)),
      (d) => M.deleteList(d, "doing", at(1)),
    )
    expect(ids(M.archivedCards(m))).toEqual(["c5"])
    const r = branch(m, (d) => M.restoreCard(d, "c5", at(3)))
    expect(whereIs(r, "c5")).toEqual(["todo"])
  })

  it("concurrent owner additions are a union", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.addOwner(d, "c1", "ann"),
      (d) => M.addOwner(d, "c1", "bob"),
    )
    expect(M.ownersOf(M.getCard(m, "c1")!)).toEqual(["ann", "bob"])
  })

  it("owner add vs remove: removing wins over a no-op re-add, a fresh add wins over a removal", () => {
    const base = edit(fixtureBoard(), (d) => M.addOwner(d, "c1", "bob"))
    const m = concurrently(
      base,
      (d) => M.addOwner(d, "c1", "bob"), // already owner: no change
      (d) => M.removeOwner(d, "c1", "bob"),
    )
    expect(M.ownersOf(M.getCard(m, "c1")!)).toEqual([])
    const m2 = concurrently(
      base,
      (d) => {
        M.removeOwner(d, "c1", "bob")
        M.addOwner(d, "c1", "bob")
      },
      (d) => M.removeOwner(d, "c1", "bob"),
    )
    expect(M.ownersOf(M.getCard(m2, "c1")!)).toEqual(["bob"])
  })

  it("edit vs delete of a card: the delete wins", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => {
        M.setCardTitle(d, "c3", "Renamed")
        M.moveCard(d, "c3", "done", 0)
        M.addComment(d, "c3", { id: "k", authorId: "ann", text: "hi", now: T0 })
      },
      (d) => M.deleteCard(d, "c3"),
    )
    expect(M.getCard(m, "c3")).toBeUndefined()
    expect(M.allCards(m)).toHaveLength(4)
    expect(ids(M.cardsInList(m, "done"))).toEqual([])
  })

  it("label delete vs assign: the label is deleted, the assignment stays invisible", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.assignLabel(d, "c1", "red"),
      (d) => M.deleteLabel(d, "red"),
    )
    const c = M.getCard(m, "c1")!
    expect(c.labels.red).toBe(true)
    expect(M.cardLabels(m, c)).toEqual([])
    expect(M.liveLabels(m).map((l) => l.id)).toEqual(["blue"])
    expect(() => branch(m, (d) => M.assignLabel(d, "c2", "red"))).toThrow(M.ModelError)
  })

  it("delete for everyone vs a concurrent edit: the board is deleted and the edit is kept in it", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.deleteBoard(d, "ann", at(60)),
      (d) => {
        M.setCardTitle(d, "c1", "Written offline")
        M.addCard(d, { id: "c9", listId: "done", title: "New", memberId: "bob", now: at(61) })
      },
    )
    expect(M.boardDeletion(m)).toEqual({ by: "ann", at: at(60) })
    expect(M.getCard(m, "c1")!.title).toBe("Written offline")
    expect(M.getCard(m, "c9")!.title).toBe("New")
    expect(M.allCards(m)).toHaveLength(6)
  })

  it("two editors delete the board at once: one whole record, the same on both", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) => M.deleteBoard(d, "ann", at(60)),
      (d) => M.deleteBoard(d, "bob", at(90)),
    )
    expect([
      { by: "ann", at: at(60) },
      { by: "bob", at: at(90) },
    ]).toContainEqual({ ...M.boardDeletion(m) })
    expect(() => branch(m, (d) => M.deleteBoard(d, "ann", at(120)))).toThrow(M.ModelError)
  })

  it("same member joining on two devices: one whole profile wins, never a mix", () => {
    const m = concurrently(
      fixtureBoard(),
      (d) =>
        M.joinBoard(d, { ...member("cy", "Asia/Tokyo"), name: "Cy (laptop)", color: "#111111" }),
      (d) =>
        M.joinBoard(d, { ...member("cy", "Europe/Oslo"), name: "Cy (phone)", color: "#222222" }),
    )
    const cy = m.members.cy!
    const profiles = [
      ["Cy (laptop)", "#111111", "Asia/Tokyo"],
      ["Cy (phone)", "#222222", "Europe/Oslo"],
    ]
    expect(profiles).toContainEqual([cy.name, cy.color, cy.timeZone])
  })
})

/** One fork runs `op`, the other concurrently edits something else on the same card/list. */
interface OpCase {
  name: string
  base?: (d: Board) => void
  op: (d: Board) => void
  other: (d: Board) => void
  expectAfter: (m: Board) => void
}

const opCases: OpCase[] = [
  {
    name: "deleteBoard",
    op: (d) => M.deleteBoard(d, "ann", at(30)),
    other: (d) => M.renameList(d, "todo", "Later"),
    expectAfter: (m) => {
      expect(M.boardDeletion(m)).toEqual({ by: "ann", at: at(30) })
      expect(m.lists.todo!.title).toBe("Later")
    },
  },
  {
    name: "renameBoard",
    op: (d) => M.renameBoard(d, "Launch v2"),
    other: (d) => M.renameBoard(d, "The Launch"),
    expectAfter: (m) => expect(["Launch v2", "The Launch"]).toContain(m.title),
  },
  {
    name: "updateSettings",
    op: (d) => M.updateSettings(d, { replyWithinWorkingHours: 8 }),
    other: (d) => M.renameBoard(d, "Other"),
    expectAfter: (m) => expect(m.settings.replyWithinWorkingHours).toBe(8),
  },
  {
    name: "addList",
    op: (d) => M.addList(d, { id: "qa", title: "QA", now: T0, at: { after: "doing" } }),
    other: (d) =>
      M.addList(d, { id: "blocked", title: "Blocked", now: T0, at: { after: "doing" } }),
    expectAfter: (m) =>
      expect(M.visibleLists(m).map((l) => l.id)).toEqual([
        "todo",
        "doing",
        "blocked",
        "qa",
        "done",
      ]),
  },
  {
    name: "renameList",
    op: (d) => M.renameList(d, "todo", "To do soon"),
    other: (d) => M.moveList(d, "todo", 2),
    expectAfter: (m) => {
      expect(m.lists.todo!.title).toBe("To do soon")
      expect(M.visibleLists(m).map((l) => l.id)).toEqual(["doing", "done", "todo"])
    },
  },
  {
    name: "moveList",
    op: (d) => M.moveList(d, "done", 0),
    other: (d) => M.moveList(d, "todo", 2),
    expectAfter: (m) =>
      expect([...M.visibleLists(m).map((l) => l.id)].sort()).toEqual(["doing", "done", "todo"]),
  },
  {
    name: "archiveList",
    op: (d) => M.archiveList(d, "done", at(1)),
    other: (d) => M.renameList(d, "done", "Shipped"),
    expectAfter: (m) => {
      expect(M.archivedLists(m).map((l) => [l.id, l.title])).toEqual([["done", "Shipped"]])
    },
  },
  {
    name: "restoreList",
    base: (d) => M.archiveList(d, "done", at(1)),
    op: (d) => M.restoreList(d, "done"),
    other: (d) => M.renameList(d, "done", "Shipped"),
    expectAfter: (m) =>
      expect(M.visibleLists(m).map((l) => l.title)).toEqual(["To do", "Doing", "Shipped"]),
  },
  {
    name: "deleteList",
    op: (d) => M.deleteList(d, "doing", at(1)),
    other: (d) => M.setCardTitle(d, "c5", "Still here"),
    expectAfter: (m) => {
      expect(M.visibleLists(m).map((l) => l.id)).toEqual(["todo", "done"])
      expect(M.orphanedCards(m).map((c) => c.title)).toEqual(["Still here"])
    },
  },
  {
    name: "addCard",
    op: (d) =>
      M.addCard(d, { id: "n1", listId: "todo", title: "New", memberId: "ann", now: T0, at: "top" }),
    other: (d) =>
      M.addCard(d, {
        id: "n2",
        listId: "todo",
        title: "Other",
        memberId: "bob",
        now: T0,
        at: { before: "c3" },
      }),
    expectAfter: (m) =>
      expect(ids(M.cardsInList(m, "todo"))).toEqual(["n1", "c1", "c2", "n2", "c3", "c4"]),
  },
  {
    name: "setCardTitle",
    op: (d) => M.setCardTitle(d, "c1", "Card one"),
    other: (d) => M.moveCard(d, "c1", "done", 0),
    expectAfter: (m) => expect(M.cardsInList(m, "done").map((c) => c.title)).toEqual(["Card one"]),
  },
  {
    name: "setCardDescription",
    op: (d) => M.setCardDescription(d, "c1", "Details"),
    other: (d) => M.setCardTitle(d, "c1", "Card one"),
    expectAfter: (m) => expect(M.getCard(m, "c1")!.description).toBe("Details"),
  },
  {
    name: "moveCard",
    op: (d) => M.moveCard(d, "c4", "doing", 0),
    other: (d) => M.moveCard(d, "c1", "doing", 1),
    expectAfter: (m) => expect(ids(M.cardsInList(m, "doing"))).toEqual(["c4", "c5", "c1"]),
  },
  {
    name: "archiveCard",
    op: (d) => M.archiveCard(d, "c2", at(1)),
    other: (d) => M.setCardTitle(d, "c2", "Edited"),
    expectAfter: (m) =>
      expect(M.archivedCards(m).map((c) => [c.id, c.title, c.archivedAt])).toEqual([
        ["c2", "Edited", at(1)],
      ]),
  },
  {
    name: "restoreCard",
    base: (d) => M.archiveCard(d, "c2", at(1)),
    op: (d) => M.restoreCard(d, "c2", at(2)),
    other: (d) => M.setCardTitle(d, "c2", "Edited"),
    expectAfter: (m) => expect(ids(M.cardsInList(m, "todo"))).toEqual(["c1", "c2", "c3", "c4"]),
  },
  {
    name: "deleteCard",
    op: (d) => M.deleteCard(d, "c2"),
    other: (d) => M.addOwner(d, "c3", "bob"),
    expectAfter: (m) => {
      expect(ids(M.cardsInList(m, "todo"))).toEqual(["c1", "c3", "c4"])
      expect(M.ownersOf(M.getCard(m, "c3")!)).toEqual(["bob"])
    },
  },
  {
    name: "addOwner",
    op: (d) => M.addOwner(d, "c1", "ann"),
    other: (d) => M.setCardTitle(d, "c1", "x"),
    expectAfter: (m) => expect(M.ownersOf(M.getCard(m, "c1")!)).toEqual(["ann"]),
  },
  {
    name: "removeOwner",
    base: (d) => {
      M.addOwner(d, "c1", "ann")
      M.addOwner(d, "c1", "bob")
    },
    op: (d) => M.removeOwner(d, "c1", "ann"),
    other: (d) => M.removeOwner(d, "c1", "bob"),
    expectAfter: (m) => expect(M.ownersOf(M.getCard(m, "c1")!)).toEqual([]),
  },
  {
    name: "setDeadline",
    op: (d) => M.setDeadline(d, "c1", { kind: "instant", at: at(60), zone: "Asia/Tokyo" }),
    other: (d) => M.setDeadline(d, "c1", { kind: "date", date: "2026-12-24" }),
    expectAfter: (m) =>
      expect([
        { kind: "instant", at: at(60), zone: "Asia/Tokyo" },
        { kind: "date", date: "2026-12-24" },
      ]).toContainEqual({ ...M.getCard(m, "c1")!.deadline }),
  },
  {
    name: "clearDeadline",
    base: (d) => M.setDeadline(d, "c1", { kind: "date", date: "2026-12-24" }),
    op: (d) => M.clearDeadline(d, "c1"),
    other: (d) => M.markDone(d, "c1", at(1)),
    expectAfter: (m) => expect(M.getCard(m, "c1")!.deadline).toBeNull(),
  },
  {
    name: "setStart",
    op: (d) => M.setStart(d, "c1", { kind: "instant", at: at(30), zone: "Asia/Tokyo" }),
    other: (d) => M.setStart(d, "c1", { kind: "date", date: "2026-12-20" }),
    expectAfter: (m) =>
      expect([
        { kind: "instant", at: at(30), zone: "Asia/Tokyo" },
        { kind: "date", date: "2026-12-20" },
      ]).toContainEqual({ ...M.getCard(m, "c1")!.start }),
  },
  {
    name: "clearStart",
    base: (d) => M.setStart(d, "c1", { kind: "date", date: "2026-12-20" }),
    op: (d) => M.clearStart(d, "c1"),
    other: (d) => M.setDeadline(d, "c1", { kind: "date", date: "2026-12-24" }),
    expectAfter: (m) => {
      expect(M.getCard(m, "c1")!.start).toBeNull()
      expect(M.getCard(m, "c1")!.deadline).toEqual({ kind: "date", date: "2026-12-24" })
    },
  },
  {
    name: "markDone",
    op: (d) => M.markDone(d, "c1", at(3)),
    other: (d) => M.setUrgent(d, "c1", true),
    expectAfter: (m) =>
      expect([M.getCard(m, "c1")!.done, M.getCard(m, "c1")!.doneAt]).toEqual([true, at(3)]),
  },
  {
    name: "unmarkDone",
    base: (d) => M.markDone(d, "c1", at(3)),
    op: (d) => M.unmarkDone(d, "c1"),
    other: (d) => M.setImportant(d, "c1", true),
    expectAfter: (m) =>
      expect([M.getCard(m, "c1")!.done, M.getCard(m, "c1")!.doneAt]).toEqual([false, null]),
  },
  {
    name: "setUrgent",
    op: (d) => M.setUrgent(d, "c1", true),
    other: (d) => M.setImportant(d, "c1", true),
    expectAfter: (m) =>
      expect([M.getCard(m, "c1")!.urgent, M.getCard(m, "c1")!.important]).toEqual([true, true]),
  },
  {
    name: "setImportant",
    op: (d) => M.setImportant(d, "c1", true),
    other: (d) => M.pinCard(d, "c1", at(1)),
    expectAfter: (m) =>
      expect([M.getCard(m, "c1")!.important, M.getCard(m, "c1")!.pinnedAt]).toEqual([true, at(1)]),
  },
  {
    name: "pinCard",
    op: (d) => M.pinCard(d, "c2", at(4)),
    other: (d) => M.archiveCard(d, "c3", at(4)),
    expectAfter: (m) => expect(M.getCard(m, "c2")!.pinnedAt).toBe(at(4)),
  },
  {
    name: "unpinCard",
    base: (d) => M.pinCard(d, "c2", at(4)),
    op: (d) => M.unpinCard(d, "c2"),
    other: (d) => M.setCardTitle(d, "c2", "Pinned?"),
    expectAfter: (m) => expect(M.getCard(m, "c2")!.pinnedAt).toBeNull(),
  },
  {
    name: "copyCard",
    base: (d) => {
      M.assignLabel(d, "c1", "red")
      M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "Hi", now: at(1) })
    },
    op: (d) =>
      M.copyCard(d, "c1", {
        id: "c1b",
        listId: "todo",
        memberId: "bob",
        now: at(2),
        options: M.COPY_ALL,
      }),
    other: (d) => M.setCardTitle(d, "c1", "Renamed"),
    expectAfter: (m) => {
      const copy = M.getCard(m, "c1b")!
      expect([copy.title, Object.keys(copy.labels), Object.keys(copy.comments)]).toEqual([
        "Card c1",
        ["red"],
        ["k1"],
      ])
      expect(M.getCard(m, "c1")!.title).toBe("Renamed")
    },
  },
  {
    name: "copyCardFrom",
    op: (d) =>
      M.copyCardFrom(
        d,
        {
          ...newCard({
            id: "x",
            listId: "elsewhere",
            position: "a0",
            title: "Away",
            createdBy: "zed",
            createdAt: T0,
          }),
          owners: { zed: true, bob: true },
        },
        {
          id: "in",
          listId: "doing",
          memberId: "ann",
          now: at(1),
          options: M.COPY_ALL,
        },
      ),
    other: (d) => M.deleteList(d, "done", at(1)),
    expectAfter: (m) => expect(Object.keys(M.getCard(m, "in")!.owners)).toEqual(["bob"]),
  },
  {
    name: "copyList",
    op: (d) =>
      M.copyList(d, "todo", {
        id: "todo2",
        title: "To do again",
        cardIds: ["n1", "n2", "n3", "n4"],
        memberId: "ann",
        now: at(1),
      }),
    other: (d) => M.moveCard(d, "c1", "doing", 0),
    expectAfter: (m) => {
      expect(M.cardsInList(m, "todo2").map((c) => c.title)).toEqual([
        "Card c1",
        "Card c2",
        "Card c3",
        "Card c4",
      ])
      expect(M.getCard(m, "c1")!.listId).toBe("doing")
    },
  },
  {
    name: "setCardTemplate",
    op: (d) => M.setCardTemplate(d, "c2", true),
    other: (d) => M.archiveCard(d, "c3", at(2)),
    expectAfter: (m) => expect(M.templateCards(m).map((c) => c.id)).toEqual(["c2"]),
  },
  {
    name: "addCardFromTemplate",
    base: (d) => {
      M.setCardTemplate(d, "c2", true)
      M.setCardDescription(d, "c2", "Steps")
      M.assignLabel(d, "c2", "red")
      M.addOwner(d, "c2", "ann")
      M.addChecklist(d, "c2", { id: "cl", name: "Steps" })
      M.addComment(d, "c2", { id: "k1", authorId: "ann", text: "About the template", now: at(1) })
    },
    op: (d) =>
      M.addCardFromTemplate(d, "c2", { id: "t1", listId: "doing", memberId: "bob", now: at(3) }),
    other: (d) => M.setCardDescription(d, "c2", "Steps, more"),
    expectAfter: (m) => {
      const t1 = M.getCard(m, "t1")!
      expect(t1.description).toBe("Steps")
      expect([Object.keys(t1.labels), Object.keys(t1.checklists)]).toEqual([["red"], ["cl"]])
      expect([Object.keys(t1.owners), Object.keys(t1.comments)]).toEqual([[], []])
      expect(M.getCard(m, "t1")!.template).not.toBe(true)
      expect(M.templateCards(m).map((c) => c.id)).toEqual(["c2"])
    },
  },
  {
    name: "createLabel",
    op: (d) => M.createLabel(d, { id: "green", name: "Docs", color: "#00ff00" }),
    other: (d) => M.createLabel(d, { id: "grey", name: "Chore", color: "#999999" }),
    expectAfter: (m) =>
      expect(M.liveLabels(m).map((l) => l.name)).toEqual(["Bug", "Chore", "Docs", "Feature"]),
  },
  {
    name: "renameLabel",
    op: (d) => M.renameLabel(d, "red", "Defect"),
    other: (d) => M.recolorLabel(d, "red", "#aa0000"),
    expectAfter: (m) =>
      expect([m.labels.red!.name, m.labels.red!.color]).toEqual(["Defect", "#aa0000"]),
  },
  {
    name: "recolorLabel",
    op: (d) => M.recolorLabel(d, "blue", "#0000aa"),
    other: (d) => M.assignLabel(d, "c1", "blue"),
    expectAfter: (m) =>
      expect(M.cardLabels(m, M.getCard(m, "c1")!).map((l) => l.color)).toEqual(["#0000aa"]),
  },
  {
    name: "deleteLabel",
    base: (d) => M.assignLabel(d, "c1", "blue"),
    op: (d) => M.deleteLabel(d, "blue"),
    other: (d) => M.renameLabel(d, "blue", "Feat"),
    expectAfter: (m) => expect(M.cardLabels(m, M.getCard(m, "c1")!)).toEqual([]),
  },
  {
    name: "assignLabel",
    op: (d) => M.assignLabel(d, "c1", "red"),
    other: (d) => M.assignLabel(d, "c1", "blue"),
    expectAfter: (m) =>
      expect(M.cardLabels(m, M.getCard(m, "c1")!).map((l) => l.id)).toEqual(["red", "blue"]),
  },
  {
    name: "unassignLabel",
    base: (d) => M.assignLabel(d, "c1", "red"),
    op: (d) => M.unassignLabel(d, "c1", "red"),
    other: (d) => M.assignLabel(d, "c1", "blue"),
    expectAfter: (m) =>
      expect(M.cardLabels(m, M.getCard(m, "c1")!).map((l) => l.id)).toEqual(["blue"]),
  },
  {
    name: "addChecklist",
    base: (d) => M.addChecklist(d, "c1", { id: "cl1", name: "Before launch" }),
    op: (d) => M.addChecklist(d, "c1", { id: "cl2", name: "After launch" }),
    other: (d) => M.addChecklist(d, "c1", { id: "cl3", name: "Legal", at: { after: "cl1" } }),
    expectAfter: (m) =>
      expect(M.checklistsOf(M.getCard(m, "c1")!).map((c) => c.name)).toEqual([
        "Before launch",
        "After launch",
        "Legal",
      ]),
  },
  {
    name: "renameChecklist",
    base: (d) => M.addChecklist(d, "c1", { id: "cl1", name: "Launch" }),
    op: (d) => M.renameChecklist(d, "c1", "cl1", "Launch day"),
    other: (d) => M.renameChecklist(d, "c1", "cl1", "Big Launch"),
    expectAfter: (m) => expect(M.getCard(m, "c1")!.checklists.cl1!.name).toBe("Big Launch day"),
  },
  {
    name: "moveChecklist",
    base: (d) => {
      for (const id of ["cl1", "cl2", "cl3"]) M.addChecklist(d, "c1", { id, name: id })
    },
    op: (d) => M.moveChecklist(d, "c1", "cl3", 0),
    other: (d) => M.addChecklistItem(d, "c1", "cl3", { id: "i1", text: "kept" }),
    expectAfter: (m) => {
      const lists = M.checklistsOf(M.getCard(m, "c1")!)
      expect(lists.map((c) => c.id)).toEqual(["cl3", "cl1", "cl2"])
      expect(M.checklistItems(M.getCard(m, "c1")!, lists[0]!).map((i) => i.text)).toEqual(["kept"])
    },
  },
  {
    name: "deleteChecklist",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "cl1", name: "one" })
      M.addChecklist(d, "c1", { id: "cl2", name: "two" })
    },
    op: (d) => M.deleteChecklist(d, "c1", "cl1"),
    other: (d) => {
      M.addChecklistItem(d, "c1", "cl1", { id: "i1", text: "goes with it" })
      M.addChecklistItem(d, "c1", "cl2", { id: "i2", text: "stays" })
    },
    expectAfter: (m) => {
      const card = M.getCard(m, "c1")!
      expect(M.checklistsOf(card).map((c) => c.id)).toEqual(["cl2"])
      expect(M.checklistProgress(card)).toEqual({ done: 0, total: 1 })
    },
  },
  {
    name: "addChecklistItem",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "cl", name: "Checklist" })
      M.addChecklistItem(d, "c1", "cl", { id: "i1", text: "one" })
    },
    op: (d) => M.addChecklistItem(d, "c1", "cl", { id: "i2", text: "two", at: { after: "i1" } }),
    other: (d) => M.addChecklistItem(d, "c1", "cl", { id: "i3", text: "three" }),
    expectAfter: (m) =>
      expect(
        M.checklistItems(M.getCard(m, "c1")!, M.getCard(m, "c1")!.checklists.cl!)
          .map((i) => i.text)
          .sort(),
      ).toEqual(["one", "three", "two"]),
  },
  {
    name: "editChecklistItem",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "cl", name: "Checklist" })
      M.addChecklistItem(d, "c1", "cl", { id: "i1", text: "write docs" })
    },
    op: (d) => M.editChecklistItem(d, "c1", "i1", "write user docs"),
    other: (d) => M.editChecklistItem(d, "c1", "i1", "write docs today"),
    expectAfter: (m) =>
      expect(M.getCard(m, "c1")!.checklists.cl!.items.i1!.text).toBe("write user docs today"),
  },
  {
    name: "toggleChecklistItem",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "cl", name: "Checklist" })
      M.addChecklistItem(d, "c1", "cl", { id: "i1", text: "one" })
    },
    op: (d) => M.toggleChecklistItem(d, "c1", "i1", true),
    other: (d) => M.editChecklistItem(d, "c1", "i1", "one!"),
    expectAfter: (m) =>
      expect([
        M.getCard(m, "c1")!.checklists.cl!.items.i1!.done,
        M.getCard(m, "c1")!.checklists.cl!.items.i1!.text,
      ]).toEqual([true, "one!"]),
  },
  {
    name: "moveChecklistItem",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "cl", name: "Checklist" })
      for (const id of ["i1", "i2", "i3"]) M.addChecklistItem(d, "c1", "cl", { id, text: id })
    },
    op: (d) => M.moveChecklistItem(d, "c1", "i3", 0),
    other: (d) => M.moveChecklistItem(d, "c1", "i1", 2),
    expectAfter: (m) =>
      expect(
        M.checklistItems(M.getCard(m, "c1")!, M.getCard(m, "c1")!.checklists.cl!).map((i) => i.id),
      ).toEqual(["i3", "i2", "i1"]),
  },
  {
    name: "moveChecklistItemTo",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "a", name: "Before" })
      M.addChecklist(d, "c1", { id: "b", name: "After" })
      for (const id of ["i1", "i2"]) M.addChecklistItem(d, "c1", "a", { id, text: id })
      M.addChecklistItem(d, "c1", "b", { id: "j1", text: "j1" })
    },
    op: (d) => M.moveChecklistItemTo(d, "c1", "i1", "b", 0),
    // The teammate edits, checks and owns the item meanwhile: all of it arrives in "After".
    other: (d) => {
      M.editChecklistItem(d, "c1", "i1", "i1 edited")
      M.toggleChecklistItem(d, "c1", "i1", true)
      M.setChecklistItemOwner(d, "c1", "i1", "bob")
    },
    expectAfter: (m) => {
      const card = M.getCard(m, "c1")!
      expect(M.checklistItems(card, card.checklists.a!).map((i) => i.id)).toEqual(["i2"])
      expect(
        M.checklistItems(card, card.checklists.b!).map((i) => [i.id, i.text, i.done, i.owner]),
      ).toEqual([
        ["i1", "i1 edited", true, "bob"],
        ["j1", "j1", false, undefined],
      ])
    },
  },
  {
    name: "deleteChecklistItem",
    base: (d) => {
      M.addChecklist(d, "c1", { id: "cl", name: "Checklist" })
      M.addChecklistItem(d, "c1", "cl", { id: "i1", text: "one" })
    },
    op: (d) => M.deleteChecklistItem(d, "c1", "i1"),
    other: (d) => M.toggleChecklistItem(d, "c1", "i1", true),
    expectAfter: (m) =>
      expect(M.checklistItems(M.getCard(m, "c1")!, M.getCard(m, "c1")!.checklists.cl!)).toEqual([]),
  },
  {
    name: "addComment",
    op: (d) => M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "first", now: at(1) }),
    other: (d) => M.addComment(d, "c1", { id: "k2", authorId: "bob", text: "second", now: at(2) }),
    expectAfter: (m) =>
      expect(M.commentsOf(M.getCard(m, "c1")!).map((k) => k.text)).toEqual(["first", "second"]),
  },
  {
    name: "editComment",
    base: (d) => M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "first", now: at(1) }),
    op: (d) => M.editComment(d, "c1", "k1", "first!", at(2)),
    other: (d) => M.addComment(d, "c1", { id: "k2", authorId: "bob", text: "second", now: at(3) }),
    expectAfter: (m) =>
      expect(M.commentsOf(M.getCard(m, "c1")!).map((k) => [k.text, k.editedAt])).toEqual([
        ["first!", at(2)],
        ["second", null],
      ]),
  },
  {
    name: "deleteComment",
    base: (d) => M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "first", now: at(1) }),
    op: (d) => M.deleteComment(d, "c1", "k1"),
    other: (d) => M.editComment(d, "c1", "k1", "edited", at(2)),
    expectAfter: (m) => expect(M.commentsOf(M.getCard(m, "c1")!)).toEqual([]),
  },
  {
    name: "pinComment",
    base: (d) => M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "Rota", now: at(1) }),
    op: (d) => M.pinComment(d, "c1", "k1", at(2)),
    other: (d) => M.editComment(d, "c1", "k1", "Rota: Ann on Monday", at(3)),
    expectAfter: (m) => {
      const k = M.getCard(m, "c1")!.comments.k1!
      expect([k.pinnedAt, k.text]).toEqual([at(2), "Rota: Ann on Monday"])
    },
  },
  {
    name: "unpinComment",
    base: (d) => {
      M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "Rota", now: at(1) })
      M.pinComment(d, "c1", "k1", at(2))
    },
    op: (d) => M.unpinComment(d, "c1", "k1"),
    other: (d) => M.pinCard(d, "c1", at(3)),
    expectAfter: (m) => {
      const c = M.getCard(m, "c1")!
      expect([c.comments.k1!.pinnedAt, c.pinnedAt]).toEqual([null, at(3)])
    },
  },
  {
    name: "setBoardTemplate",
    op: (d) => M.setBoardTemplate(d, true),
    other: (d) => M.renameBoard(d, "Launch template"),
    expectAfter: (m) => expect([m.template, m.title]).toEqual([true, "Launch template"]),
  },
  {
    name: "addCalendarFeed",
    op: (d) =>
      M.addCalendarFeed(d, {
        id: "f1",
        hash: "a".repeat(64),
        memberId: null,
        createdBy: "ann",
        now: at(1),
      }),
    other: (d) =>
      M.addCalendarFeed(d, {
        id: "f2",
        hash: "b".repeat(64),
        memberId: "bob",
        createdBy: "bob",
        now: at(2),
      }),
    expectAfter: (m) =>
      expect(Object.values(m.calendarFeeds).map((f) => [f.id, f.memberId])).toEqual([
        ["f1", null],
        ["f2", "bob"],
      ]),
  },
  {
    name: "stopCalendarFeed",
    base: (d) =>
      M.addCalendarFeed(d, {
        id: "f1",
        hash: "a".repeat(64),
        memberId: null,
        createdBy: "ann",
        now: at(1),
      }),
    op: (d) => M.stopCalendarFeed(d, "f1", at(5)),
    other: (d) =>
      M.addCalendarFeed(d, {
        id: "f2",
        hash: "b".repeat(64),
        memberId: null,
        createdBy: "bob",
        now: at(2),
      }),
    expectAfter: (m) =>
      expect([m.calendarFeeds.f1!.stoppedAt, m.calendarFeeds.f2!.stoppedAt]).toEqual([at(5), null]),
  },
  {
    name: "joinBoard",
    op: (d) => M.joinBoard(d, member("cy", "Asia/Tokyo")),
    other: (d) => M.joinBoard(d, member("dee", "Africa/Lagos")),
    expectAfter: (m) => expect(Object.keys(m.members).sort()).toEqual(["ann", "bob", "cy", "dee"]),
  },
  {
    name: "updateMember",
    op: (d) =>
      M.updateMember(d, "bob", { name: "Robert", status: { kind: "away", until: at(600) } }),
    other: (d) => M.updateMember(d, "bob", { timeZone: "Europe/Madrid" }),
    expectAfter: (m) =>
      expect([m.members.bob!.name, m.members.bob!.timeZone, m.members.bob!.status]).toEqual([
        "Robert",
        "Europe/Madrid",
        { kind: "away", until: at(600) },
      ]),
  },
]

describe("items dragged between checklists", () => {
  const twoLists = (d: Board): void => {
    M.addChecklist(d, "c1", { id: "a", name: "Before" })
    M.addChecklist(d, "c1", { id: "b", name: "After" })
    M.addChecklist(d, "c1", { id: "c", name: "Later" })
    for (const id of ["i1", "i2"]) M.addChecklistItem(d, "c1", "a", { id, text: id })
    M.addChecklistItem(d, "c1", "b", { id: "j1", text: "j1" })
  }
  const shown = (m: Board): Record<string, string[]> => {
    const card = M.getCard(m, "c1")!
    const out: Record<string, string[]> = {}
    for (const cl of M.checklistsOf(card)) out[cl.id] = M.checklistItems(card, cl).map((i) => i.id)
    return out
  }
  const base = (): Doc => edit(fixtureBoard(), twoLists)

  it("two people drag one item to different checklists: it ends in one of them, the same on both", () => {
    const m = concurrently(
      base(),
      (d) => M.moveChecklistItemTo(d, "c1", "i1", "b", 1),
      (d) => M.moveChecklistItemTo(d, "c1", "i1", "c", 0),
    )
    expect([
      { a: ["i2"], b: ["j1", "i1"], c: [] },
      { a: ["i2"], b: ["j1"], c: ["i1"] },
    ]).toContainEqual(shown(m))
  })

  it("the checklist it was dragged to is deleted meanwhile: the item is back in its own", () => {
    const m = concurrently(
      base(),
      (d) => M.moveChecklistItemTo(d, "c1", "i1", "c", 0),
      (d) => M.deleteChecklist(d, "c1", "c"),
    )
    expect(shown(m)).toEqual({ a: ["i1", "i2"], b: ["j1"] })
  })

  it("its own checklist is deleted after the drag: the item stays where it was dragged, whole", () => {
    const moved = edit(base(), (d) => {
      M.moveChecklistItemTo(d, "c1", "i1", "b", 1)
      M.setChecklistItemDeadline(d, "c1", "i1", { kind: "date", date: "2026-12-24" })
    })
    // A teammate adds an item to "After" while the other deletes "Before".
    const m = concurrently(
      moved,
      (d) => M.deleteChecklist(d, "c1", "a"),
      (d) => M.addChecklistItem(d, "c1", "b", { id: "j2", text: "j2" }),
    )
    expect(shown(m)).toEqual({ b: ["j1", "i1", "j2"], c: [] })
    const item = M.getCard(m, "c1")!.checklists.b!.items.i1!
    expect([item.text, item.deadline, item.shownIn]).toEqual([
      "i1",
      { kind: "date", date: "2026-12-24" },
      undefined,
    ])
  })

  it("deleting a checklist takes the items dragged into it, and leaves their old checklist whole", () => {
    const m = edit(base(), (d) => {
      M.moveChecklistItemTo(d, "c1", "i1", "b", 0)
      M.deleteChecklist(d, "c1", "b")
    })
    expect(shown(m)).toEqual({ a: ["i2"], c: [] })
    expect(M.checklistProgress(M.getCard(m, "c1")!)).toEqual({ done: 0, total: 1 })
  })

  it("a dragged item moves, is added after and dragged back within the checklist it shows in", () => {
    const m = edit(base(), (d) => {
      M.moveChecklistItemTo(d, "c1", "i1", "b", 0)
      M.addChecklistItem(d, "c1", "b", { id: "j2", text: "j2", at: { after: "i1" } })
      M.moveChecklistItem(d, "c1", "i1", 2)
    })
    expect(shown(m)).toEqual({ a: ["i2"], b: ["j2", "j1", "i1"], c: [] })
    const back = edit(m, (d) => M.moveChecklistItemTo(d, "c1", "i1", "a", 0))
    expect(shown(back)).toEqual({ a: ["i1", "i2"], b: ["j2", "j1"], c: [] })
    expect(M.getCard(back, "c1")!.checklists.a!.items.i1!.shownIn).toBeNull()
    expect(M.checkBoard(back)).toEqual([])
  })

  it("refuses a checklist that is not on the card, changing nothing", () => {
    expect(() => edit(base(), (d) => M.moveChecklistItemTo(d, "c1", "i1", "zz", 0))).toThrow(
      /no longer exists/,
    )
  })
})

describe("every operation merges with a concurrent edit", () => {
  for (const c of opCases) {
    it(c.name, () => {
      const base = c.base ? edit(fixtureBoard(), c.base) : fixtureBoard()
      const m = concurrently(base, c.op, c.other)
      c.expectAfter(m)
    })
  }
  it("covers every exported operation", () => {
    const covered = new Set(opCases.map((c) => c.name))
    const operations = [
      "renameBoard",
      "updateSettings",
      "addList",
      "renameList",
      "moveList",
      "archiveList",
      "restoreList",
      "deleteList",
      "addCard",
      "setCardTitle",
      "setCardDescription",
      "moveCard",
      "archiveCard",
      "restoreCard",
      "deleteCard",
      "addOwner",
      "removeOwner",
      "setDeadline",
      "clearDeadline",
      "markDone",
      "unmarkDone",
      "setUrgent",
      "setImportant",
      "pinCard",
      "unpinCard",
      "createLabel",
      "renameLabel",
      "recolorLabel",
      "deleteLabel",
      "assignLabel",
      "unassignLabel",
      "addChecklist",
      "renameChecklist",
      "moveChecklist",
      "deleteChecklist",
      "addChecklistItem",
      "editChecklistItem",
      "toggleChecklistItem",
      "moveChecklistItem",
      "moveChecklistItemTo",
      "deleteChecklistItem",
      "addComment",
      "editComment",
      "deleteComment",
      "joinBoard",
      "updateMember",
      "addCalendarFeed",
      "stopCalendarFeed",
      "copyCard",
      "copyCardFrom",
      "copyList",
      "setCardTemplate",
      "addCardFromTemplate",
      "pinComment",
      "unpinComment",
      "setBoardTemplate",
      "deleteBoard",
    ]
    for (const op of operations) {
      expect(typeof (M as Record<string, unknown>)[op]).toBe("function")
      expect(covered.has(op)).toBe(true)
    }
  })
})
