/**
 * A seeded fuzz of undo: Ann edits cards c1 and c2 (and cards she adds) through her session
 * while Bob edits c3 and c4 on his device, with exchanges at random moments. Then Ann undoes
 * every step of her visit. Whatever the interleaving: both devices end equal and valid, the
 * session shows the document, Ann's cards are as they were before her visit (her new cards
 * gone), and every one of Bob's edits is still there. `UNDO_FUZZ_SEEDS` runs more seeds.
 */
import * as A from "@automerge/automerge"
import { createRoot } from "solid-js"
import { unwrap } from "solid-js/store"
import { describe, expect, it } from "vitest"
import * as M from "../model"
import { checkBoard, encodeChangeMeta, getCard } from "../model"
import { rng } from "../model/random"
import { T0, canonicalJson, fixtureBoard, sameState } from "../model/testkit"
import type { Board, Card } from "../model/types"
import { openBoard } from "./openBoard"
import type { BoardSession } from "./openBoard"
import { RUN_MS } from "./undoStack"
import { testOptions, testSource } from "./testSource"

const ID = "board-undo-fuzz"
const SEEDS = Number(process.env.UNDO_FUZZ_SEEDS ?? 40)
const STEPS = 16
const LISTS = ["todo", "doing", "done"]
const LABELS = ["red", "blue"]

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await new Promise((r) => setTimeout(r, 0))
}

type Pick = <T>(xs: readonly T[]) => T

/** One of Ann's actions on one of her cards, through the session. */
function annActs(s: BoardSession, pick: Pick, mine: string[], n: number): string {
  const card = pick(mine)
  const c = getCard(s.state, card)!
  const kind = pick([
    "move",
    "archive",
    "title",
    "description",
    "label",
    "urgent",
    "owner",
    "deadline",
    "add",
    "checklist",
  ] as const)
  switch (kind) {
    case "move": {
      const list = pick(LISTS)
      const at = pick([0, 1, 2, 9])
      if (c.archived) s.act("restoreCard", card, T0, list)
      else s.act("moveCard", card, list, at)
      return `move ${card} to ${list}`
    }
    case "archive":
      if (c.archived) s.act("restoreCard", card, T0)
      else s.act("archiveCard", card, T0)
      return `archive/restore ${card}`
    case "title":
      s.act("setCardTitle", card, `Ann ${n}`)
      return `title ${card}`
    case "description":
      s.act("setCardDescription", card, `${c.description} ann${n}`)
      return `description ${card}`
    case "label": {
      const label = pick(LABELS)
      if (c.labels[label] === true) s.act("unassignLabel", card, label)
      else s.act("assignLabel", card, label)
      return `label ${label} on ${card}`
    }
    case "urgent":
      s.act("setUrgent", card, !c.urgent)
      return `urgent ${card}`
    case "owner":
      if (c.owners.ann === true) s.act("removeOwner", card, "ann")
      else s.act("addOwner", card, "ann")
      return `owner ${card}`
    case "deadline":
      s.act("setDeadline", card, { kind: "date", date: `2026-12-${10 + (n % 19)}` })
      return `deadline ${card}`
    case "add": {
      const id = `n${n}`
      s.act("addCard", { id, listId: pick(LISTS), title: `New ${n}`, memberId: "ann", now: T0 })
      mine.push(id)
      return `add ${id}`
    }
    case "checklist":
      s.together(() => {
        s.act("addChecklist", card, { id: `k${n}`, name: `Steps ${n}` })
        s.act("addChecklistItem", card, `k${n}`, { id: `i${n}`, text: `Item ${n}` })
      })
      return `checklist on ${card}`
  }
}

/** One of Bob's edits of c3 or c4, on his device. */
function bobEdit(pick: Pick, n: number): { what: string; fn: (d: Board) => void } {
  const card = pick(["c3", "c4"])
  const kind = pick(["title", "move", "label", "urgent", "deadline", "archive"] as const)
  switch (kind) {
    case "title":
      return { what: `bob title ${card}`, fn: (d) => M.setCardTitle(d, card, `Bob ${n}`) }
    case "move": {
      const list = pick(LISTS)
      return {
        what: `bob move ${card} to ${list}`,
        fn: (d) => {
          if (!getCard(d, card)!.archived) M.moveCard(d, card, list, 0)
        },
      }
    }
    case "label": {
      const label = pick(LABELS)
      return {
        what: `bob label ${label} on ${card}`,
        fn: (d) =>
          getCard(d, card)!.labels[label] === true
            ? M.unassignLabel(d, card, label)
            : M.assignLabel(d, card, label),
      }
    }
    case "urgent":
      return {
        what: `bob urgent ${card}`,
        fn: (d) => M.setUrgent(d, card, !getCard(d, card)!.urgent),
      }
    case "deadline":
      return {
        what: `bob deadline ${card}`,
        fn: (d) => M.setDeadline(d, card, { kind: "date", date: `2027-01-${10 + (n % 19)}` }),
      }
    case "archive":
      return {
        what: `bob archive/restore ${card}`,
        fn: (d) =>
          getCard(d, card)!.archived ? M.restoreCard(d, card, T0) : M.archiveCard(d, card, T0),
      }
  }
}

/** A card without where it sits among others (Bob's moves land beside Ann's cards). */
function content(card: Card | undefined): string {
  if (card === undefined) return "absent"
  const { position: _position, ...rest } = card
  return canonicalJson(rest)
}

async function runSeed(seed: number): Promise<void> {
  const r = rng(seed)
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)]!
  const base = fixtureBoard()
  const source = testSource({ [ID]: A.clone(base, { actor: "aa".repeat(16) }) })
  const clock = { now: Date.parse(T0) }
  const options = { ...testOptions("ann"), now: () => clock.now }
  const session = createRoot(() => openBoard(source, ID, options))
  await settle()
  const ann = source.opened(ID)!
  let bob = A.clone(base, { actor: "bb".repeat(16) })
  // Bob's edits alone, on the board before Ann's visit: what his cards must end as.
  let bobAlone = A.clone(base, { actor: "bc".repeat(16) })
  const log: string[] = []
  const exchange = (): void => {
    session.flush()
    const mine = A.clone(ann.doc())
    ann.merge(A.clone(bob))
    bob = A.merge(bob, mine)
  }
  const mine = ["c1", "c2"]
  for (let n = 0; n < STEPS; n++) {
    const roll = r()
    if (roll < 0.55) {
      log.push(annActs(session, pick, mine, n))
      options.runLater()
      clock.now += r() < 0.5 ? 200 : RUN_MS + 1
    } else if (roll < 0.85) {
      const e = bobEdit(pick, n)
      log.push(e.what)
      const meta = { message: encodeChangeMeta({ memberId: "bob", op: "edit" }) }
      bob = A.change(bob, meta, e.fn)
      bobAlone = A.change(bobAlone, meta, e.fn)
    } else {
      log.push("exchange")
      exchange()
    }
  }
  exchange()
  log.push("undo all")
  for (let i = 0; i < 100 && session.undo() !== null; i++) options.runLater()
  exchange()

  const what = `seed ${seed}: ${log.join("; ")}`
  expect(sameState(ann.doc(), bob), what).toBe(true)
  expect(checkBoard(ann.doc()), what).toEqual([])
  expect(canonicalJson(unwrap(session.state)), what).toBe(canonicalJson(A.toJS(ann.doc())))
  const end = ann.doc()
  for (const id of mine)
    expect(canonicalJson(getCard(end, id) ?? "absent"), `${what}: Ann's ${id}`).toBe(
      canonicalJson(getCard(base, id) ?? "absent"),
    )
  for (const id of ["c3", "c4"])
    expect(content(getCard(end, id)), `${what}: Bob's ${id}`).toBe(content(getCard(bobAlone, id)))
  expect(session.canUndo(), what).toBe(false)
}

describe("undo fuzz", () => {
  it(
    `${SEEDS} seeds: undoing all of a visit puts back the person's cards and keeps every edit of a teammate's`,
    async () => {
      for (let seed = 1; seed <= SEEDS; seed++) await runSeed(seed)
    },
    60_000 + SEEDS * 1000,
  )
})
