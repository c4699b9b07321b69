/** Copies placed where asked, copies that are never pinned, and boards made from a template. */
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import type { Board } from "./index"
import { T0, at, edit, fixtureBoard, fork, member, mergeBoth, sameState } from "./testkit"

const titles = (doc: Board, listId: string): string[] =>
  M.cardsInList(doc, listId).map((c) => c.title)

describe("copyCard", () => {
  it("puts the copy at the place asked for", () => {
    const doc = edit(fixtureBoard(), (d) =>
      M.copyCard(d, "c3", {
        id: "x",
        listId: "todo",
        memberId: "ann",
        now: at(1),
        options: M.COPY_ALL,
        at: "top",
      }),
    )
    expect(titles(doc, "todo")).toEqual(["Card c3", "Card c1", "Card c2", "Card c3", "Card c4"])
  })

  it("does not copy the pin of the card or of its comments", () => {
    const doc = edit(fixtureBoard(), (d) => {
      M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "Decision", now: at(1) })
      M.pinComment(d, "c1", "k1", at(2))
      M.pinCard(d, "c1", at(2))
      M.copyCard(d, "c1", {
        id: "x",
        listId: "doing",
        memberId: "ann",
        now: at(3),
        options: M.COPY_ALL,
      })
    })
    const copy = M.getCard(doc, "x")!
    expect(copy.pinnedAt).toBeNull()
    expect(copy.comments.k1!.text).toBe("Decision")
    expect(copy.comments.k1!.pinnedAt).toBeUndefined()
    expect(M.checkBoard(doc)).toEqual([])
  })
})

describe("pinComment", () => {
  it("refuses a comment that does not exist", () => {
    expect(() => edit(fixtureBoard(), (d) => M.pinComment(d, "c1", "nope", at(1)))).toThrow(
      /no longer exists/,
    )
  })
})

/** A template board: a template card with a checklist, an ordinary card, an archived list. */
function templateSource(): A.Doc<Board> {
  return edit(fixtureBoard(), (d) => {
    M.setBoardTemplate(d, true)
    M.setCardTemplate(d, "c2", true)
    M.setCardDescription(d, "c2", "1. Write\n2. Review")
    M.assignLabel(d, "c2", "red")
    M.addOwner(d, "c2", "ann")
    M.addChecklist(d, "c2", { id: "cl", name: "Steps" })
    M.addChecklistItem(d, "c2", "cl", { id: "i1", text: "Draft" })
    M.addComment(d, "c2", { id: "k1", authorId: "ann", text: "Hi", now: at(1) })
    M.addList(d, { id: "old", title: "Old", now: T0 })
    M.archiveList(d, "old", at(1))
    M.deleteLabel(d, "blue")
    M.updateSettings(d, { replyWithinWorkingHours: 8 })
  })
}

function fromTemplate(source: Board): A.Doc<Board> {
  return A.change(A.init<Board>(), (d) =>
    M.initBoardFromTemplate(d, source, {
      title: "Q1 launch",
      member: member("zed"),
      now: at(5),
    }),
  )
}

describe("initBoardFromTemplate", () => {
  it("takes the lists, labels, settings and template cards, and no ordinary card", () => {
    const doc = fromTemplate(templateSource())
    expect(M.validateBoard(doc).ok).toBe(true)
    expect(M.checkBoard(doc)).toEqual([])
    expect(doc.title).toBe("Q1 launch")
    expect(doc.template).toBeUndefined()
    expect(M.visibleLists(doc).map((l) => l.title)).toEqual(["To do", "Doing", "Done"])
    expect(M.liveLabels(doc).map((l) => l.name)).toEqual(["Bug"])
    expect(doc.settings.replyWithinWorkingHours).toBe(8)
    expect(Object.keys(doc.members)).toEqual(["zed"])
    const cards = M.allCards(doc)
    expect(cards.map((c) => c.title)).toEqual(["Card c2"])
    const t = cards[0]!
    expect([t.template, t.description, Object.keys(t.labels)]).toEqual([
      true,
      "1. Write\n2. Review",
      ["red"],
    ])
    expect(M.checklistItems(t, t.checklists.cl!).map((i) => i.text)).toEqual(["Draft"])
    expect([Object.keys(t.owners), Object.keys(t.comments)]).toEqual([[], []])
  })

  it("makes a board two peers then edit and merge like any other", () => {
    const doc = fromTemplate(templateSource())
    const [a, b] = fork(doc)
    const a1 = edit(a, (d) =>
      M.addCardFromTemplate(d, "c2", { id: "n1", listId: "doing", memberId: "zed", now: at(6) }),
    )
    const b1 = edit(b, (d) => {
      M.setCardTemplate(d, "c2", false)
      M.renameList(d, "doing", "In progress")
    })
    const [am, bm] = mergeBoth(a1, b1)
    expect(sameState(am, bm)).toBe(true)
    expect(M.checkBoard(am)).toEqual([])
    expect(titles(am, "doing")).toEqual(["Card c2"])
    expect(am.lists.doing!.title).toBe("In progress")
    expect(M.templateCards(am)).toEqual([])
  })
})

describe("cardForBoard", () => {
  it("points labels and people at their namesakes on the other board", () => {
    const from = edit(fixtureBoard(), (d) => {
      M.assignLabel(d, "c1", "red")
      M.assignLabel(d, "c1", "blue")
      M.addOwner(d, "c1", "ann")
      M.addComment(d, "c1", { id: "k1", authorId: "ann", text: "Hi", now: at(1) })
    })
    const to = A.change(A.init<Board>(), (d) => {
      M.initBoard(d, {
        title: "Other",
        memberId: "a2",
        now: T0,
        member: { ...member("a2"), name: "member ANN" },
      })
      M.createLabel(d, { id: "bug", name: "bug", color: "#00ff00" })
      M.addList(d, { id: "l", title: "Inbox", now: T0 })
    })
    const moved = M.cardForBoard(M.getCard(from, "c1")!, from, to)
    const doc = edit(to, (d) =>
      M.copyCardFrom(d, moved, {
        id: "n",
        listId: "l",
        memberId: "a2",
        now: at(2),
        options: M.COPY_ALL,
      }),
    )
    const n = M.getCard(doc, "n")!
    expect([Object.keys(n.labels), Object.keys(n.owners)]).toEqual([["bug"], ["a2"]])
    expect(n.comments.k1!.authorId).toBe("a2")
    expect(M.checkBoard(doc)).toEqual([])
  })
})

describe("placementAt", () => {
  it("puts a card before the one at the index, at the top for 0 and the bottom past the end", () => {
    const ids = ["a", "b", "c"]
    expect([0, 1, 2, 3, 9].map((i) => M.placementAt(ids, i))).toEqual([
      "top",
      { before: "b" },
      { before: "c" },
      "bottom",
      "bottom",
    ])
    expect(M.placementAt([], 0)).toBe("top")
  })
})
