import * as A from "@automerge/automerge"
import { generateNKeysBetween } from "fractional-indexing"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import { T0 } from "./testkit"

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
