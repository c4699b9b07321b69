import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import {
  addCard,
  archiveCard,
  cardsByList,
  deleteCard,
  getCard,
  moveCard,
  restoreCard,
  setCardTitle,
} from "../../model"
import { at, edit, fixtureBoard, fork } from "../../model/testkit"
import type { Board } from "../../model/types"
import { applyPatches } from "../../session/applyPatches"
import { CardIndex } from "./cardIndex"
import { structuralCard } from "../../session/structural"
import { rng } from "../../model/random"

const ids = (board: Board): Map<string, string[]> =>
  new Map([...cardsByList(board)].map(([l, cards]) => [l, cards.map((c) => c.id)]))

/** Applies a change the way the board page does: patches onto a plain mirror, then the index. */
function step(
  doc: A.Doc<Board>,
  mirror: Board,
  index: CardIndex,
  change: (doc: A.Doc<Board>) => A.Doc<Board>,
): { doc: A.Doc<Board>; result: ReadonlyMap<string, readonly string[]>; touched: Set<string> } {
  const next = change(doc)
  const patches = A.diff(next, A.getHeads(doc), A.getHeads(next))
  applyPatches(mirror, patches)
  const touched = new Set<string>()
  let all = false
  for (const p of patches) {
    const k = structuralCard(p)
    if (k === true) all = true
    else if (k !== false) touched.add(k)
  }
  const result = all ? index.rebuild(mirror) : index.update(mirror, touched)
  return { doc: next, result, touched }
}

describe("CardIndex", () => {
  it("stays equal to a full re-index through random adds, moves, archives, deletes and merges", () => {
    const r = rng(11)
    let doc = fixtureBoard()
    const mirror = A.toJS(doc) as Board
    const index = new CardIndex()
    index.rebuild(mirror)
    const lists = ["todo", "doing", "done"]
    let n = 0
    for (let i = 0; i < 300; i++) {
      const cards = [...ids(mirror).values()].flat()
      const pick = (): string => cards[Math.floor(r() * cards.length)] ?? "c1"
      const list = lists[Math.floor(r() * lists.length)] ?? "todo"
      const k = r()
      const out = step(doc, mirror, index, (d) => {
        if (k < 0.3 || cards.length < 3)
          return edit(d, (x) =>
            addCard(x, { id: `n${n++}`, listId: list, title: "New", memberId: "ann", now: at(i) }),
          )
        if (k < 0.65) {
          const id = pick()
          const to = Math.floor(r() * ((ids(mirror).get(list)?.length ?? 0) + 1))
          return edit(d, (x) => moveCard(x, id, list, to))
        }
        if (k < 0.75) return edit(d, (x) => archiveCard(x, pick(), at(i)))
        if (k < 0.8) {
          const archived = Object.values(mirror.cardBuckets)
            .flatMap((b) => Object.values(b))
            .find((c) => c.archived)
          return archived ? edit(d, (x) => restoreCard(x, archived.id, at(i))) : d
        }
        if (k < 0.85) return edit(d, (x) => deleteCard(x, pick()))
        if (k < 0.92) return edit(d, (x) => setCardTitle(x, pick(), `Title ${i}`))
        // A concurrent move and add from another peer, merged in.
        const [mine, theirs] = fork(d)
        const other = edit(theirs, (x) => moveCard(x, pick(), list, 0))
        return A.merge(mine, other)
      })
      doc = out.doc
      expect(new Map([...out.result].map(([l, v]) => [l, [...v]]))).toEqual(ids(mirror))
      // The cards handed out as placement hints are the board's own, current card objects.
      for (const [listId, cardIds] of out.result) {
        const cards = index.cardsIn(listId)
        expect(cards.length).toBe(cardIds.length)
        cardIds.forEach((id, k) => expect(cards[k]).toBe(getCard(mirror, id)))
      }
    }
  })

  it("keeps the arrays of lists a change did not touch, and ignores non-structural edits", () => {
    const doc = fixtureBoard()
    const mirror = A.toJS(doc) as Board
    const index = new CardIndex()
    const before = index.rebuild(mirror)
    const todo = before.get("todo")
    const renamed = step(doc, mirror, index, (d) => edit(d, (x) => setCardTitle(x, "c1", "Hi")))
    expect(renamed.touched.size).toBe(0)
    const moved = step(renamed.doc, mirror, index, (d) =>
      edit(d, (x) => moveCard(x, "c5", "done", 0)),
    )
    expect(moved.touched).toEqual(new Set(["c5"]))
    expect(moved.result.get("todo")).toBe(todo)
    expect(moved.result.get("done")).toEqual(["c5"])
    expect(moved.result.has("doing")).toBe(false)
  })
})
