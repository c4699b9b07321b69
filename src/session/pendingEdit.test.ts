import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocHandle } from "@automerge/automerge-repo"
import { createComputed, createRoot } from "solid-js"
import { unwrap } from "solid-js/store"
import { addComment, cardsByList, moveCard, setCardDescription, setCardTitle } from "../model"
import { runIntent } from "../model/operations"
import type { Intent } from "../model/operations"
import { at, canonicalJson, fixtureBoard } from "../model/testkit"
import type { Board } from "../model/types"
import { rng } from "../model/random"
import { changeBoard, handleBoardDoc } from "./changeBoard"
import { bindDoc, createDocStore } from "./docStore"
import type { DocStore } from "./docStore"
import { createPendingEdit } from "./pendingEdit"
import type { PendingEdit } from "./pendingEdit"
import { structuralCard } from "./structural"

const unit = (path: readonly A.Prop[]): readonly A.Prop[] =>
  path.slice(0, path[0] === "cardBuckets" ? 3 : 2)

function setup(): {
  handle: DocHandle<Board>
  store: DocStore<Board>
  pending: PendingEdit<Board>
  tasks: (() => void)[]
  errors: unknown[]
  quick: (intent: Intent) => void
} {
  const repo = new Repo({ network: [] })
  const handle = repo.import<Board>(A.save(fixtureBoard()))
  const store = createDocStore<Board>(A.toJS(handle.doc()) as Board, {
    structural: structuralCard,
  })
  const tasks: (() => void)[] = []
  const errors: unknown[] = []
  // A whole-board replace is the fallback for patches that do not fit: ~1 s at 10,000 cards.
  const replace = store.replace.bind(store)
  store.replace = (next) => {
    errors.push(new Error("the whole board was replaced"))
    replace(next)
  }
  const pending = createPendingEdit<Board>({
    store,
    source: handle,
    later: (t) => tasks.push(t),
    unit,
    onWriteError: (e) => errors.push(e),
  })
  bindDoc(store, handleBoardDoc(handle), { fresh: true, overlay: pending })
  const quick = (intent: Intent): void =>
    pending.run(
      (d) => runIntent(d, intent),
      () => changeBoard(handle, "ann", intent.op, (d) => runIntent(d, intent)),
    )
  return { handle, store, pending, tasks, errors, quick }
}

const shown = (store: DocStore<Board>): string => canonicalJson(unwrap(store.state))
const held = (handle: DocHandle<Board>): string => canonicalJson(A.toJS(handle.doc()))
const runLater = (tasks: (() => void)[]): void => {
  for (let t = tasks.shift(); t !== undefined; t = tasks.shift()) t()
}

describe("pending edits", () => {
  it("show a title at once and write it to the document after the frame", () => {
    const { handle, store, tasks, quick } = setup()
    const before = A.getHeads(handle.doc())
    // What a card tile shows: a computation reading the card's title from the store.
    const seen: string[] = []
    const dispose = createRoot((done) => {
      createComputed(() => {
        const c1 = Object.values(store.state.cardBuckets).find((b) => b.c1)?.c1
        seen.push(c1?.title ?? "")
      })
      return done
    })
    quick({ op: "setCardTitle", args: ["c1", "Renamed at once"] })
    expect(seen.at(-1)).toBe("Renamed at once")
    // Not in the document yet: nothing was committed.
    expect(A.getHeads(handle.doc())).toEqual(before)
    runLater(tasks)
    expect(A.getHeads(handle.doc())).not.toEqual(before)
    expect(shown(store)).toBe(held(handle))
    // The write is one change attributed to the member, with the text as a text edit.
    const last = A.getHistory(handle.doc()).at(-1)
    expect(last?.change.message).toContain("setCardTitle")
    // Writing it changed nothing on screen: the tile was not drawn again.
    expect(seen).toEqual(["Card c1", "Renamed at once"])
    dispose()
  })

  it("put the card back and say so when the document refuses the write", () => {
    const { handle, store, tasks, errors, pending } = setup()
    const before = held(handle)
    pending.run(
      (d) => setCardTitle(d, "c2", "Shown"),
      () => {
        throw new Error("refused")
      },
    )
    expect(shown(store)).not.toBe(before)
    runLater(tasks)
    expect(errors).toHaveLength(1)
    expect(shown(store)).toBe(before)
  })

  it("leave store and document equal through quick edits racing a peer's edits of the same cards", () => {
    const r = rng(5)
    const { handle, store, tasks, errors, quick, pending } = setup()
    let peer = A.clone(handle.doc())
    const cards = ["c1", "c2", "c3", "c4", "c5"]
    const lists = ["todo", "doing", "done"]
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
    const word = (): string => pick(["alpha", "beta", "gamma", "delta", "ω", "🙂"])
    let checkedWhilePending = 0
    /** The title edit pending, if the pending edit is one. */
    let typed: { card: string; title: string } | null = null
    const cardOf = (board: Board, id: string): unknown =>
      Object.values(board.cardBuckets).find((b) => id in b)?.[id]
    for (let step = 0; step < 400; step++) {
      const k = r()
      const card = pick(cards)
      if (tasks.length === 0) typed = null
      if (k < 0.3) {
        const title = `${pick(["Fix", "Ship", "Ask"])} ${word()} ${step}`
        quick({ op: "setCardTitle", args: [card, title] })
        typed = { card, title }
      } else if (k < 0.45) {
        typed = null
        const list = pick(lists)
        const n = cardsByList(unwrap(store.state)).get(list)?.length ?? 0
        quick({ op: "moveCard", args: [card, list, Math.floor(r() * (n + 1))] })
      } else if (k < 0.5) {
        typed = null
        quick({ op: "setCardDescription", args: [card, `${word()} ${word()}`] })
      } else if (k < 0.75) {
        // A peer edits the same cards and its change arrives, possibly while an edit is pending.
        peer = A.change(peer, (d) => {
          const c = r()
          if (c < 0.5) setCardTitle(d, card, `${word()} from the peer ${step}`)
          else if (c < 0.8) moveCard(d, card, pick(lists), Math.floor(r() * 3))
          else addComment(d, card, { id: `m${step}`, authorId: "bob", text: "hi", now: at(step) })
        })
        const incoming = peer
        handle.update((d) => A.merge(d, incoming))
        if (typed !== null) {
          // The title being typed stays as typed until it is written; every other card
          // already shows the peer's change.
          const mirror = unwrap(store.state)
          const doc = A.toJS(handle.doc()) as Board
          expect((cardOf(mirror, typed.card) as { title: string }).title).toBe(typed.title)
          for (const c of cards)
            if (c !== typed.card)
              expect(canonicalJson(cardOf(mirror, c))).toBe(canonicalJson(cardOf(doc, c)))
          checkedWhilePending++
        }
      } else if (k < 0.85) {
        typed = null
        // Another change writes the pending edit first (the session's rule).
        pending.flush()
        changeBoard(handle, "ann", "setCardDescription", (d) =>
          setCardDescription(d, card, `plain ${step}`),
        )
      } else if (k < 0.95) {
        runLater(tasks)
        expect(shown(store)).toBe(held(handle))
      } else {
        peer = A.merge(peer, handle.doc())
      }
    }
    runLater(tasks)
    expect(errors).toEqual([])
    expect(checkedWhilePending).toBeGreaterThan(10)
    expect(shown(store)).toBe(held(handle))
    // And the two peers converge.
    peer = A.merge(peer, handle.doc())
    const final = peer
    handle.update((d) => A.merge(d, final))
    expect(canonicalJson(A.toJS(peer))).toBe(held(handle))
    expect(shown(store)).toBe(held(handle))
  })
})
