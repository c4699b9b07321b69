/**
 * Helpers for tests of the model and of code built on it: a small fixture board, forks with
 * distinct actors, and merging two forks both ways.
 */
import * as A from "@automerge/automerge"
import { defaultWorkingHours, initBoard, joinBoard } from "./board"
import { addCard } from "./cards"
import { addList } from "./lists"
import { createLabel } from "./labels"
import type { Board, Id, Member } from "./types"

export const T0 = "2026-11-25T03:00:00.000Z"

/** An ISO instant `minutes` after `T0`. */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString()
}

export function member(id: Id, timeZone = "Europe/Paris"): Member {
  return {
    id,
    name: `Member ${id}`,
    color: "#336699",
    timeZone,
    workingHours: defaultWorkingHours(),
    status: { kind: "available" },
    joinedAt: T0,
  }
}

/** Applies `fn` in one change (actor-stable helper for tests). */
export function edit(doc: A.Doc<Board>, fn: (d: Board) => void): A.Doc<Board> {
  return A.change(doc, (d) => fn(d as Board))
}

/**
 * A board with members `ann` and `bob`, lists `todo`, `doing`, `done`, cards `c1`…`c4` in
 * `todo` (in that order) and `c5` in `doing`, and labels `red` and `blue`.
 */
export function fixtureBoard(): A.Doc<Board> {
  let doc = A.init<Board>({ actor: "0a".repeat(16) })
  doc = edit(doc, (d) => {
    initBoard(d, { title: "Launch", memberId: "ann", now: T0, member: member("ann") })
    joinBoard(d, member("bob", "America/Lima"))
    addList(d, { id: "todo", title: "To do", now: T0 })
    addList(d, { id: "doing", title: "Doing", now: T0 })
    addList(d, { id: "done", title: "Done", now: T0 })
    createLabel(d, { id: "red", name: "Bug", color: "#ff0000" })
    createLabel(d, { id: "blue", name: "Feature", color: "#0000ff" })
  })
  for (const id of ["c1", "c2", "c3", "c4"]) {
    doc = edit(doc, (d) =>
      addCard(d, { id, listId: "todo", title: `Card ${id}`, memberId: "ann", now: T0 }),
    )
  }
  doc = edit(doc, (d) =>
    addCard(d, { id: "c5", listId: "doing", title: "Card c5", memberId: "bob", now: T0 }),
  )
  return doc
}

/** Two forks of `doc` with distinct actors, as two peers that start from the same state. */
export function fork(doc: A.Doc<Board>): [A.Doc<Board>, A.Doc<Board>] {
  return [A.clone(doc, { actor: "aa".repeat(16) }), A.clone(doc, { actor: "bb".repeat(16) })]
}

/** Merges both ways: returns `[a merged with b, b merged with a]`. */
export function mergeBoth(a: A.Doc<Board>, b: A.Doc<Board>): [A.Doc<Board>, A.Doc<Board>] {
  const a2 = A.merge(A.clone(a), b)
  const b2 = A.merge(A.clone(b), a)
  return [a2, b2]
}

/** The same document state: same heads and same content. */
export function sameState(a: A.Doc<Board>, b: A.Doc<Board>): boolean {
  const ha = [...A.getHeads(a)].sort().join()
  const hb = [...A.getHeads(b)].sort().join()
  return ha === hb && canonicalJson(a) === canonicalJson(b)
}

/** JSON with object keys sorted at every level: equal content gives equal strings. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x !== "object" || x === null || Array.isArray(x)) return x
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(x).sort()) out[k] = (x as Record<string, unknown>)[k]
    return out
  })
}
