import * as A from "@automerge/automerge"
import { createMemo, createRoot } from "solid-js"
import { unwrap } from "solid-js/store"
import { describe, expect, it } from "vitest"
import { checkBoard, encodeChangeMeta, getCard } from "../model"
import { T0, canonicalJson, fixtureBoard, sameState } from "../model/testkit"
import type { Board } from "../model/types"
import { openBoard } from "./openBoard"
import type { BoardSession } from "./openBoard"
import type { MemoryBoardDoc } from "./memoryBoardDoc"
import { RUN_MS } from "./undoStack"
import { testOptions, testSource } from "./testSource"

const ID = "board-u"

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await new Promise((r) => setTimeout(r, 0))
}

/** Ann's session on one device, and Bob's copy of the board on another. */
async function twoPeers(base: A.Doc<Board> = fixtureBoard()): Promise<{
  session: BoardSession
  ann: MemoryBoardDoc
  bob: { doc: A.Doc<Board> }
  clock: { now: number }
  runLater: () => void
  /** Bob makes a change on his device (not yet exchanged). */
  bobEdits: (fn: (d: Board) => void) => void
  /** Both devices exchange what they have. */
  exchange: () => void
}> {
  const source = testSource({ [ID]: A.clone(base, { actor: "aa".repeat(16) }) })
  const clock = { now: Date.parse(T0) }
  const options = { ...testOptions("ann"), now: () => clock.now }
  const session = createRoot(() => openBoard(source, ID, options))
  await settle()
  const ann = source.opened(ID)!
  const bob = { doc: A.clone(base, { actor: "bb".repeat(16) }) }
  return {
    session,
    ann,
    bob,
    clock,
    runLater: () => options.runLater(),
    bobEdits: (fn) => {
      bob.doc = A.change(
        bob.doc,
        { message: encodeChangeMeta({ memberId: "bob", op: "edit" }) },
        fn,
      )
    },
    exchange: () => {
      session.flush()
      const mine = A.clone(ann.doc())
      ann.merge(A.clone(bob.doc))
      bob.doc = A.merge(bob.doc, mine)
    },
  }
}

/** Both peers hold the same document, valid, and the session shows exactly it. */
function converged(p: Awaited<ReturnType<typeof twoPeers>>): void {
  p.exchange()
  expect(sameState(p.ann.doc(), p.bob.doc)).toBe(true)
  expect(checkBoard(p.ann.doc())).toEqual([])
  expect(canonicalJson(unwrap(p.session.state))).toBe(canonicalJson(A.toJS(p.ann.doc())))
}

interface Kind {
  name: string
  /** Ann's change. */
  mine: (s: BoardSession) => void
  /** What Ann's change shows, true after it and after redo, false after undo. */
  visible: (b: Board) => boolean
}

const kinds: Kind[] = [
  {
    name: "a move",
    mine: (s) => s.act("moveCard", "c1", "doing", 0),
    visible: (b) => getCard(b, "c1")!.listId === "doing",
  },
  {
    name: "an archive",
    mine: (s) => s.act("archiveCard", "c1", T0),
    visible: (b) => getCard(b, "c1")!.archived,
  },
  {
    name: "a delete",
    mine: (s) => s.act("deleteCard", "c1"),
    visible: (b) => getCard(b, "c1") === undefined,
  },
  {
    name: "a label",
    mine: (s) => s.act("assignLabel", "c1", "red"),
    visible: (b) => getCard(b, "c1")!.labels.red === true,
  },
  {
    name: "a checklist item",
    mine: (s) =>
      s.together(() => {
        s.act("addChecklist", "c1", { id: "k", name: "Steps" })
        s.act("addChecklistItem", "c1", "k", { id: "i1", text: "Test" })
      }),
    visible: (b) => getCard(b, "c1")!.checklists.k?.items.i1?.text === "Test",
  },
  {
    name: "a title edit",
    mine: (s) => s.act("setCardTitle", "c1", "Renamed by Ann"),
    visible: (b) => getCard(b, "c1")!.title === "Renamed by Ann",
  },
  {
    name: "a description edit",
    mine: (s) => s.act("setCardDescription", "c1", "Ann's notes"),
    visible: (b) => getCard(b, "c1")!.description === "Ann's notes",
  },
  {
    name: "a new card",
    mine: (s) =>
      s.act("addCard", { id: "n1", listId: "todo", title: "N1", memberId: "ann", now: T0 }),
    visible: (b) => getCard(b, "n1") !== undefined,
  },
]

describe("undo and redo in a board session", () => {
  for (const k of kinds) {
    it(`undoes and redoes ${k.name}, keeping a teammate's concurrent edits`, async () => {
      const p = await twoPeers()
      k.mine(p.session)
      p.runLater()
      // Bob, offline meanwhile, edits the same card and another one.
      p.bobEdits((d) => {
        getCard(d, "c2")!.urgent = true
        if (k.name !== "a delete") getCard(d, "c1")!.important = true
      })
      p.exchange()
      expect(k.visible(p.ann.doc())).toBe(true)
      expect(p.session.undo()?.done).toBe(true)
      expect(k.visible(p.ann.doc())).toBe(false)
      expect(getCard(p.ann.doc(), "c2")!.urgent).toBe(true)
      if (k.name !== "a delete") expect(getCard(p.ann.doc(), "c1")!.important).toBe(true)
      converged(p)
      expect(k.visible(p.bob.doc)).toBe(false)
      expect(p.session.redo()?.done).toBe(true)
      expect(k.visible(p.ann.doc())).toBe(true)
      expect(getCard(p.ann.doc(), "c2")!.urgent).toBe(true)
      converged(p)
      expect(k.visible(p.bob.doc)).toBe(true)
      expect(p.session.redo()).toBeNull()
    })
  }

  it("undoes every step of the visit in order, back to the board as it was, and redoes them", async () => {
    const base = fixtureBoard()
    const p = await twoPeers(base)
    const start = canonicalJson(A.toJS(p.ann.doc()))
    p.session.act("moveCard", "c1", "done", 0)
    p.session.act("assignLabel", "c2", "blue")
    p.session.act("setCardDescription", "c3", "Plan")
    p.runLater()
    p.session.act("archiveCard", "c4", T0)
    const end = canonicalJson(A.toJS(p.ann.doc()))
    expect(p.session.canUndo()).toBe(true)
    for (let i = 0; i < 4; i++) expect(p.session.undo()?.done).toBe(true)
    expect(p.session.undo()).toBeNull()
    expect(canonicalJson(A.toJS(p.ann.doc()))).toBe(start)
    expect(p.session.canRedo()).toBe(true)
    for (let i = 0; i < 4; i++) expect(p.session.redo()?.done).toBe(true)
    expect(canonicalJson(A.toJS(p.ann.doc()))).toBe(end)
    // A new edit after undoing clears what could be redone.
    p.session.undo()
    p.session.act("setUrgent", "c5", true)
    expect(p.session.canRedo()).toBe(false)
  })

  it("treats a run of keystrokes in one title as one step, and a pause as a new one", async () => {
    const p = await twoPeers()
    for (const t of ["C", "Ca", "Cat"]) {
      p.session.act("setCardTitle", "c1", t)
      p.clock.now += 200
    }
    p.runLater()
    p.clock.now += RUN_MS + 1
    p.session.act("setCardTitle", "c1", "Cats")
    p.runLater()
    expect(p.session.undo()?.message).toBe("Undid the rename (“Cat”).")
    expect(getCard(p.ann.doc(), "c1")!.title).toBe("Cat")
    expect(p.session.undo()?.done).toBe(true)
    expect(getCard(p.ann.doc(), "c1")!.title).toBe("Card c1")
    expect(getCard(p.session.state, "c1")!.title).toBe("Card c1")
  })

  it("keeps what a teammate has since changed, and says so", async () => {
    const p = await twoPeers()
    p.session.act("setCardTitle", "c1", "Ann's title")
    p.session.act("moveCard", "c2", "doing", 0)
    p.session.act("addCard", { id: "n1", listId: "todo", title: "N1", memberId: "ann", now: T0 })
    p.exchange()
    // Bob builds on each: renames c1 again, edits c2 (not its place), edits the new card.
    p.bobEdits((d) => {
      getCard(d, "c1")!.title = "Bob's title"
      getCard(d, "c2")!.description = "Bob's notes"
      getCard(d, "n1")!.urgent = true
    })
    p.exchange()
    const newCard = p.session.undo()!
    expect(newCard.done).toBe(false)
    expect(newCard.message).toBe(
      "Nothing to undo for the new card (“N1”): Member bob changed it since, and their change is kept.",
    )
    expect(getCard(p.ann.doc(), "n1")!.urgent).toBe(true)
    const move = p.session.undo()!
    expect(move).toEqual({ done: true, message: "Undid the move (“Card c2”)." })
    expect(getCard(p.ann.doc(), "c2")!.listId).toBe("todo")
    expect(getCard(p.ann.doc(), "c2")!.description).toBe("Bob's notes")
    const rename = p.session.undo()!
    expect(rename.done).toBe(false)
    expect(rename.message).toMatch(/Member bob changed it since/)
    expect(getCard(p.ann.doc(), "c1")!.title).toBe("Bob's title")
    converged(p)
  })

  it("never undoes a teammate's concurrent change to the same field that won", async () => {
    const p = await twoPeers()
    p.session.act("setDeadline", "c1", { kind: "date", date: "2026-12-01" })
    p.bobEdits((d) => {
      getCard(d, "c1")!.deadline = { kind: "date", date: "2026-12-24" }
    })
    p.exchange()
    const winner = getCard(p.ann.doc(), "c1")!.deadline
    const result = p.session.undo()!
    if (winner?.kind === "date" && winner.date === "2026-12-24") {
      expect(result.done).toBe(false)
      expect(getCard(p.ann.doc(), "c1")!.deadline).toEqual(winner)
    } else {
      expect(result.done).toBe(true)
      expect(getCard(p.ann.doc(), "c1")!.deadline).toBeNull()
    }
    converged(p)
  })

  it("undoes a given step for a toast's Undo, leaving later steps", async () => {
    const p = await twoPeers()
    p.session.act("archiveCard", "c1", T0)
    const archived = p.session.latestStep()!
    p.session.act("assignLabel", "c2", "red")
    expect(p.session.undo(archived)?.done).toBe(true)
    expect(getCard(p.ann.doc(), "c1")!.archived).toBe(false)
    expect(getCard(p.ann.doc(), "c2")!.labels.red).toBe(true)
    expect(p.session.undo(archived)).toBeNull()
    converged(p)
  })
})

describe("a toast's Undo of a card moved again since", () => {
  it("puts the card back where the run of moves started", async () => {
    const p = await twoPeers()
    p.session.act("moveCard", "c1", "doing", 0)
    p.runLater()
    const first = p.session.latestStep()!
    p.session.act("setUrgent", "c3", true)
    p.session.act("moveCard", "c1", "done", 0)
    p.runLater()
    expect(p.session.undo(first)?.done).toBe(true)
    expect(getCard(p.ann.doc(), "c1")!.listId).toBe("todo")
    expect(getCard(p.ann.doc(), "c3")!.urgent).toBe(true)
    converged(p)
  })
})

describe("a card renamed by two people at once", () => {
  it("shows one title on both devices and offers the other, with who set it", async () => {
    const p = await twoPeers()
    p.session.act("setCardTitle", "c1", "Ann N1")
    p.bobEdits((d) => {
      getCard(d, "c1")!.title = "N1 by Bo"
    })
    p.runLater()
    expect(p.session.titleConflict("c1")).toBeNull()
    p.exchange()
    expect(sameState(p.ann.doc(), p.bob.doc)).toBe(true)
    const shown = getCard(p.ann.doc(), "c1")!.title
    expect(["Ann N1", "N1 by Bo"]).toContain(shown)
    expect(getCard(p.session.state, "c1")!.title).toBe(shown)
    const conflict = p.session.titleConflict("c1")
    expect(conflict).toEqual(
      shown === "Ann N1"
        ? { title: "N1 by Bo", memberId: "bob" }
        : { title: "Ann N1", memberId: "ann" },
    )
    // One tap uses the other title: the conflict is gone on both devices.
    p.session.act("setCardTitle", "c1", conflict!.title)
    p.runLater()
    converged(p)
    expect(getCard(p.bob.doc, "c1")!.title).toBe(conflict!.title)
    expect(p.session.titleConflict("c1")).toBeNull()
  })
})

describe("a list and the board renamed by two people at once", () => {
  it("keep one title each on both devices and offer the other, with who set it", async () => {
    const p = await twoPeers()
    p.session.act("renameList", "todo", "Ann's to do")
    p.session.act("renameBoard", "Ann's launch")
    p.bobEdits((d) => {
      d.lists.todo!.title = "Bo's to do"
      d.title = "Bo's launch"
    })
    p.runLater()
    expect(p.session.listTitleConflict("todo")).toBeNull()
    expect(p.session.boardTitleConflict()).toBeNull()
    p.exchange()
    expect(sameState(p.ann.doc(), p.bob.doc)).toBe(true)
    const list = p.ann.doc().lists.todo!.title
    const board = p.ann.doc().title
    expect(["Ann's to do", "Bo's to do"]).toContain(list)
    expect(["Ann's launch", "Bo's launch"]).toContain(board)
    expect(p.session.state.lists.todo!.title).toBe(list)
    expect(p.session.state.title).toBe(board)
    const listOther = p.session.listTitleConflict("todo")
    const boardOther = p.session.boardTitleConflict()
    expect(listOther).toEqual(
      list === "Ann's to do"
        ? { title: "Bo's to do", memberId: "bob" }
        : { title: "Ann's to do", memberId: "ann" },
    )
    expect(boardOther).toEqual(
      board === "Ann's launch"
        ? { title: "Bo's launch", memberId: "bob" }
        : { title: "Ann's launch", memberId: "ann" },
    )
    // Other lists have no note; an unknown list has none either.
    expect(p.session.listTitleConflict("doing")).toBeNull()
    expect(p.session.listTitleConflict("nope")).toBeNull()
    // One tap uses the other title: the notes are gone on both devices.
    p.session.act("renameList", "todo", listOther!.title)
    p.session.act("renameBoard", boardOther!.title)
    p.runLater()
    converged(p)
    expect(p.bob.doc.lists.todo!.title).toBe(listOther!.title)
    expect(p.bob.doc.title).toBe(boardOther!.title)
    expect(p.session.listTitleConflict("todo")).toBeNull()
    expect(p.session.boardTitleConflict()).toBeNull()
  })
})

describe("the title notes follow the document", () => {
  it("show a teammate's rename at once even when this device's title is the one kept", async () => {
    // Whichever rename wins, a note read reactively must show the other one after the merge.
    const bobTitle = "Bo's to do"
    const p = await twoPeers()
    const note = createRoot(() => createMemo(() => p.session.listTitleConflict("todo")))
    p.session.act("renameList", "todo", "Ann's to do")
    p.bobEdits((d) => {
      d.lists.todo!.title = bobTitle
    })
    p.runLater()
    expect(note()).toBeNull()
    p.exchange()
    const shown = p.ann.doc().lists.todo!.title
    expect(note()).toEqual(
      shown === "Ann's to do"
        ? { title: bobTitle, memberId: "bob" }
        : { title: "Ann's to do", memberId: "ann" },
    )
  })
})
