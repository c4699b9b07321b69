import * as A from "@automerge/automerge"
import { generateNKeysBetween } from "fractional-indexing"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import { T0, edit, fixtureBoard, fork, mergeBoth, sameState } from "./testkit"

/** A board as the first prototype (schema 0) wrote it: one flat `cards` map, no buckets. */
function version0Board(): A.Doc<Record<string, unknown>> {
  const cards: Record<string, unknown> = {}
  const positions = generateNKeysBetween(null, null, 40)
  for (let i = 0; i < 40; i++) {
    cards[`card${i}`] = {
      id: `card${i}`,
      listId: i % 2 === 0 ? "l1" : "l2",
      position: positions[i],
      title: `Card ${i}`,
      description: i === 3 ? "Notes for three" : "",
      owners: i === 3 ? { ann: true } : {},
      deadline: i === 3 ? { kind: "date", date: "2026-12-01" } : null,
      done: false,
      doneAt: null,
      labels: {},
      checklist: {},
      comments:
        i === 3
          ? { k: { id: "k", authorId: "ann", text: "hi", createdAt: T0, editedAt: null } }
          : {},
      archived: false,
      createdBy: "ann",
      createdAt: T0,
    }
  }
  return A.from<Record<string, unknown>>({
    kind: "baton/board",
    title: "Old board",
    createdAt: T0,
    createdBy: "ann",
    lists: {
      l1: {
        id: "l1",
        title: "One",
        position: "a0",
        archived: false,
        deleted: false,
        createdAt: T0,
      },
      l2: {
        id: "l2",
        title: "Two",
        position: "a1",
        archived: false,
        deleted: false,
        createdAt: T0,
      },
    },
    cards,
    labels: {},
    members: {
      ann: {
        id: "ann",
        name: "Ann",
        color: "#123456",
        timeZone: "Europe/Paris",
        workingHours: M.defaultWorkingHours(),
        status: { kind: "available" },
        joinedAt: T0,
      },
    },
  })
}

/** A board as version 1 wrote it: each card with one unnamed `checklist` map of items. */
function version1Board(): A.Doc<Record<string, unknown>> {
  return A.change(A.clone(fixtureBoard()) as unknown as A.Doc<Record<string, unknown>>, (d) => {
    d.schemaVersion = 1
    const buckets = d.cardBuckets as Record<string, Record<string, Record<string, unknown>>>
    for (const bucket of Object.values(buckets))
      for (const card of Object.values(bucket)) {
        delete card.checklists
        card.checklist =
          card.id === "c1"
            ? {
                i1: { id: "i1", text: "Reproduce", done: true, position: "a0" },
                i2: { id: "i2", text: "Fix", done: false, position: "a1" },
              }
            : {}
      }
  })
}

describe("migrations", () => {
  it("migrates a version-0 board (flat cards map) to version 1, keeping every card", () => {
    const old = version0Board()
    expect(M.validateBoard(old)).toEqual({ ok: false, error: { kind: "older-schema", version: 0 } })
    expect(M.needsMigration(old)).toBe(true)
    const saved = A.save(old)
    const loaded = A.load<Record<string, unknown>>(saved)
    const migrated = A.change(loaded, (d) => M.migrate(d))
    const v = M.validateBoard(migrated)
    expect(v.ok ? "valid" : v.error).toBe("valid")
    if (!v.ok) return
    const board = v.board
    expect(board.schemaVersion).toBe(M.SCHEMA_VERSION)
    expect(M.allCards(board)).toHaveLength(40)
    expect(M.cardsInList(board, "l1").map((c) => c.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `card${i * 2}`),
    )
    const c3 = M.getCard(board, "card3")!
    expect(c3.description).toBe("Notes for three")
    expect(c3.owners).toEqual({ ann: true })
    expect(c3.deadline).toEqual({ kind: "date", date: "2026-12-01" })
    expect(c3.comments.k!.text).toBe("hi")
    expect([c3.urgent, c3.important, c3.pinnedAt]).toEqual([false, false, null])
    expect("cards" in board).toBe(false)
    expect(M.checkBoard(board)).toEqual([])
    // the migrated board is editable by the model
    const edited = A.change(A.clone(board), (d) =>
      M.setCardDescription(d, "card3", "Notes for card three"),
    )
    expect(M.getCard(edited, "card3")!.description).toBe("Notes for card three")
    // and migrating again does nothing
    const again = A.change(A.clone(migrated), (d) => M.migrate(d))
    expect(A.getHeads(again)).toEqual(A.getHeads(migrated))
  })

  it("migrates a version-1 board: a card's single checklist becomes its first checklist", () => {
    const old = version1Board()
    expect(M.validateBoard(old)).toEqual({ ok: false, error: { kind: "older-schema", version: 1 } })
    const migrated = A.change(A.load<Record<string, unknown>>(A.save(old)), (d) => M.migrate(d))
    const v = M.validateBoard(migrated)
    expect(v.ok ? "valid" : v.error).toBe("valid")
    if (!v.ok) return
    const c1 = M.getCard(v.board, "c1")!
    const lists = M.checklistsOf(c1)
    expect(lists.map((l) => [l.id, l.name])).toEqual([
      [M.FIRST_CHECKLIST_ID, M.FIRST_CHECKLIST_NAME],
    ])
    expect(M.checklistItems(c1, lists[0]!).map((i) => [i.text, i.done])).toEqual([
      ["Reproduce", true],
      ["Fix", false],
    ])
    expect(M.checklistProgress(c1)).toEqual({ done: 1, total: 2 })
    expect(M.getCard(v.board, "c2")!.checklists).toEqual({})
    expect("checklist" in c1).toBe(false)
    expect(M.checkBoard(v.board)).toEqual([])
    // the migrated checklist is editable by the model
    const edited = edit(v.board as A.Doc<M.Board>, (d) => {
      M.addChecklistItem(d, "c1", M.FIRST_CHECKLIST_ID, { id: "i3", text: "Test" })
      M.addChecklist(d, "c1", { id: "second", name: "Release" })
    })
    expect(M.checklistProgress(M.getCard(edited, "c1")!)).toEqual({ done: 1, total: 3 })
  })

  it("a version-1 board migrated on one peer merges with a concurrent edit on another", () => {
    const [a, b] = fork(version1Board() as unknown as A.Doc<M.Board>)
    const a2 = A.change(a, (d) => M.migrate(d))
    const b2 = A.change(b, (d) => {
      ;(M.getCard(d, "c2") as { title: string }).title = "Renamed meanwhile"
    })
    const [m1, m2] = mergeBoth(a2, b2)
    expect(sameState(m1, m2)).toBe(true)
    expect(M.validateBoard(m1).ok).toBe(true)
    expect(M.checkBoard(m1)).toEqual([])
    expect(M.getCard(m1, "c2")!.title).toBe("Renamed meanwhile")
    expect(M.checklistProgress(M.getCard(m1, "c1")!)).toEqual({ done: 1, total: 2 })
  })

  it("migrates a version-2 board: titles become one value; a rename on each side keeps one", () => {
    const v2 = A.change(A.clone(fixtureBoard()), (d) => {
      d.schemaVersion = 2
    })
    expect(M.validateBoard(v2)).toEqual({ ok: false, error: { kind: "older-schema", version: 2 } })
    const [a, b] = fork(v2)
    // One peer upgrades and renames; the other, still on version 2, splices like Baton did.
    const a2 = A.change(a, (d) => {
      M.migrate(d)
      M.setCardTitle(d, "c1", "Ann Card c1")
      M.renameList(d, "todo", "Ann's to do")
    })
    const b2 = A.change(b, (d) => {
      A.updateText(d, ["cardBuckets", M.bucketOf("c1"), "c1", "title"], "Card c1 by Bo")
      A.updateText(d, ["cardBuckets", M.bucketOf("c2"), "c2", "title"], "Card c2 by Bo")
      M.setCardDescription(d, "c1", "Bo's notes")
    })
    const [m1, m2] = mergeBoth(a2, b2)
    expect(sameState(m1, m2)).toBe(true)
    expect(M.validateBoard(m1).ok).toBe(true)
    expect(M.checkBoard(m1)).toEqual([])
    const c1 = M.getCard(m1, "c1")!
    // The rename replaced the title: never a mix of the two.
    expect(c1.title).toBe("Ann Card c1")
    expect(M.getCard(m1, "c2")!.title).toBe("Card c2 by Bo")
    expect(c1.description).toBe("Bo's notes")
    expect(m1.lists.todo!.title).toBe("Ann's to do")
    // Migrating the merged board again, on either side, changes nothing.
    const again = A.change(A.clone(m2), (d) => M.migrate(d))
    expect(A.getHeads(again)).toEqual(A.getHeads(m2))
  })

  it("migrates a version-3 board: its items unchanged; migrated on one side, a drag merges with an edit", () => {
    const v3 = A.change(A.clone(fixtureBoard()), (d) => {
      M.addChecklist(d, "c1", { id: "a", name: "Before" })
      M.addChecklist(d, "c1", { id: "b", name: "After" })
      M.addChecklistItem(d, "c1", "a", { id: "i1", text: "one" })
      d.schemaVersion = 3
    })
    expect(M.validateBoard(v3)).toEqual({ ok: false, error: { kind: "older-schema", version: 3 } })
    const [a, b] = fork(v3)
    const a2 = A.change(a, (d) => {
      M.migrate(d)
      M.moveChecklistItemTo(d, "c1", "i1", "b", 0)
    })
    const b2 = A.change(b, (d) => M.editChecklistItem(d, "c1", "i1", "one, edited"))
    const [m1, m2] = mergeBoth(a2, b2)
    expect(sameState(m1, m2)).toBe(true)
    expect(M.validateBoard(m1).ok).toBe(true)
    expect(M.checkBoard(m1)).toEqual([])
    const card = M.getCard(m1, "c1")!
    expect(M.checklistItems(card, card.checklists.b!).map((i) => i.text)).toEqual(["one, edited"])
    expect(M.checklistItems(card, card.checklists.a!)).toEqual([])
  })

  it("refuses to migrate another app's document or a newer board, changing nothing", () => {
    const other = A.from<Record<string, unknown>>({ hello: "world" })
    expect(() => A.change(other, (d) => M.migrate(d))).toThrow(M.ModelError)
    const newer = A.from<Record<string, unknown>>({ kind: "baton/board", schemaVersion: 99 })
    expect(() => A.change(newer, (d) => M.migrate(d))).toThrow(/newer Baton/)
  })

  it("has one numbered step per older version", () => {
    expect(M.MIGRATIONS).toHaveLength(M.SCHEMA_VERSION)
  })
})
