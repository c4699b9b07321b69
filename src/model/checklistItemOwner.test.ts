import { describe, expect, it } from "vitest"
import * as M from "./index"
import type { Board } from "./index"
import { edit, fixtureBoard, fork, mergeBoth, sameState } from "./testkit"
import type * as A from "@automerge/automerge"

/** A board whose card c1 has checklist "a" with items i1 and i2. */
function withItems(): A.Doc<Board> {
  return edit(fixtureBoard(), (d) => {
    M.addChecklist(d, "c1", { id: "a", name: "Steps" })
    M.addChecklistItem(d, "c1", "a", { id: "i1", text: "Write" })
    M.addChecklistItem(d, "c1", "a", { id: "i2", text: "Ship" })
  })
}

const item = (d: Board, id: string) =>
  Object.values(M.getCard(d, "c1")!.checklists).find((l) => l.items[id] !== undefined)?.items[id]

function merged(x: A.Doc<Board>, y: A.Doc<Board>): [A.Doc<Board>, A.Doc<Board>] {
  const [m1, m2] = mergeBoth(x, y)
  expect(sameState(m1, m2)).toBe(true)
  expect(M.checkBoard(m1)).toEqual([])
  return [m1, m2]
}

describe("checklist item owner and deadline", () => {
  it("concurrent owners of one item resolve to one of the two; other fields of it merge", () => {
    const [a, b] = fork(withItems())
    const a1 = edit(a, (d) => M.setChecklistItemOwner(d, "c1", "i1", "ann"))
    const b1 = edit(b, (d) => {
      M.setChecklistItemOwner(d, "c1", "i1", "bob")
      M.toggleChecklistItem(d, "c1", "i1", true)
    })
    const [m] = merged(a1, b1)
    expect(["ann", "bob"]).toContain(item(m, "i1")!.owner)
    expect(item(m, "i1")!.done).toBe(true)
  })

  it("owner set vs item delete: the delete wins", () => {
    const [a, b] = fork(withItems())
    const a1 = edit(a, (d) => M.setChecklistItemOwner(d, "c1", "i1", "bob"))
    const b1 = edit(b, (d) => M.deleteChecklistItem(d, "c1", "i1"))
    const [m] = merged(a1, b1)
    expect(item(m, "i1")).toBeUndefined()
    expect(item(m, "i2")!.owner ?? null).toBeNull()
  })

  it("deadline set vs checklist delete: the delete wins, other checklists untouched", () => {
    const base = edit(withItems(), (d) => {
      M.addChecklist(d, "c1", { id: "b", name: "Later" })
      M.addChecklistItem(d, "c1", "b", { id: "j1", text: "Review" })
    })
    const [a, b] = fork(base)
    const a1 = edit(a, (d) => {
      M.setChecklistItemDeadline(d, "c1", "i1", { kind: "date", date: "2026-12-24" })
      M.setChecklistItemDeadline(d, "c1", "j1", { kind: "date", date: "2026-12-31" })
    })
    const b1 = edit(b, (d) => M.deleteChecklist(d, "c1", "a"))
    const [m] = merged(a1, b1)
    expect(item(m, "i1")).toBeUndefined()
    expect(item(m, "j1")!.deadline).toEqual({ kind: "date", date: "2026-12-31" })
  })

  it("concurrent deadlines are replaced whole, never mixed; a clear against a set keeps one", () => {
    const [a, b] = fork(withItems())
    const inst = { kind: "instant", at: "2026-12-01T15:00:00.000Z", zone: "America/Lima" } as const
    const a1 = edit(a, (d) => M.setChecklistItemDeadline(d, "c1", "i1", inst))
    const b1 = edit(b, (d) =>
      M.setChecklistItemDeadline(d, "c1", "i1", { kind: "date", date: "2026-12-02" }),
    )
    const [m] = merged(a1, b1)
    const dl = item(m, "i1")!.deadline
    expect([inst, { kind: "date", date: "2026-12-02" }]).toContainEqual(dl)
    const [c, e] = fork(m)
    const c1 = edit(c, (d) => M.setChecklistItemDeadline(d, "c1", "i1", null))
    const e1 = edit(e, (d) => M.setChecklistItemDeadline(d, "c1", "i1", inst))
    const [n] = merged(c1, e1)
    const kept = item(n, "i1")!.deadline
    expect([null, inst]).toContainEqual(kept)
  })

  it("refuses an owner who is not a member and a malformed deadline, changing nothing", () => {
    const d0 = withItems()
    expect(() => edit(d0, (d) => M.setChecklistItemOwner(d, "c1", "i1", "nobody"))).toThrow(
      M.ModelError,
    )
    expect(() =>
      edit(d0, (d) =>
        M.setChecklistItemDeadline(d, "c1", "i1", { kind: "date", date: "24/12" } as never),
      ),
    ).toThrow(M.ModelError)
    expect(() => edit(d0, (d) => M.setChecklistItemOwner(d, "c1", "ghost", "ann"))).toThrow(
      M.ModelError,
    )
    // Clearing the owner works and is one value.
    const d1 = edit(d0, (d) => M.setChecklistItemOwner(d, "c1", "i1", "ann"))
    const d2 = edit(d1, (d) => M.setChecklistItemOwner(d, "c1", "i1", null))
    expect(item(d2, "i1")!.owner).toBeNull()
    expect(M.checkBoard(d2)).toEqual([])
  })
})
