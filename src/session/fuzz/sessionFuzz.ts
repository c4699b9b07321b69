/**
 * A seeded fuzz of board sessions, in the style of tldraw's sync fuzz: two or three peers, each
 * a session over its own in-memory document, exchanging copies of their documents over explicit
 * queues that the fuzz delivers late, out of order or never. Each step is a random keystroke,
 * description edit, move, undo of a move, archive or restore, new card, frame (shown-first
 * writes), send, delivery, drop, save, reload (with or without the saved snapshot, so edits
 * wait as early edits) or crash (the document comes back from what was saved plus the change
 * journal). After every step: the board shown satisfies the board's invariants, and a session
 * with nothing pending shows exactly its document. At the end, with everything delivered, every
 * session shows the merged document.
 */
import * as A from "@automerge/automerge"
import { createRoot } from "solid-js"
import { unwrap } from "solid-js/store"
import { checkBoard, getCard, visibleLists } from "../../model"
import { cardsInList } from "../../model/queries"
import { rng } from "../../model/random"
import { canonicalJson, fixtureBoard } from "../../model/testkit"
import type { Board } from "../../model/types"
import { createChangeJournal } from "../../sync/storage/changeJournal"
import { earlyEditsIn } from "../../sync/storage/earlyEdits"
import type { BoardDoc } from "../BoardDoc"
import { memoryBoardDoc } from "../memoryBoardDoc"
import type { MemoryBoardDoc } from "../memoryBoardDoc"
import { openBoard } from "../openBoard"
import type { BoardSession, BoardSource } from "../openBoard"
import { memoryKeyValue, memorySnapshots } from "../testSource"

export interface SessionFuzzOptions {
  steps?: number
  peers?: number
}

export type SessionFuzzResult =
  { ok: true; steps: number } | { ok: false; error: string; log: string[] }

const ID = "fuzz-board"
const NOW = "2026-11-25T05:00:00.000Z"

interface Peer {
  name: string
  doc: MemoryBoardDoc
  /** What this device's storage holds (the last save). */
  stored: A.Doc<Board>
  kv: ReturnType<typeof memoryKeyValue>
  journal: ReturnType<typeof createChangeJournal>
  snapshots: ReturnType<typeof memorySnapshots>
  /** Hashes of every change this peer made: none may be lost, even by a crash. */
  local: Set<string>
  tasks: (() => void)[]
  session: BoardSession
  dispose: () => void
  /** Resolves the session's find while the document "loads"; `null` once found. */
  arrive: (() => void) | null
  /** The peer's last move, for its undo. */
  lastMove: { cardId: string; listId: string; index: number } | null
  actors: number
  /** How many sessions were opened on this device. */
  opened: number
}

const actor = (peer: number, n: number): string =>
  (peer + 1).toString(16).padStart(2, "0").repeat(8) + n.toString(16).padStart(16, "0")

export async function runSessionSeed(
  seed: number,
  options: SessionFuzzOptions = {},
): Promise<SessionFuzzResult> {
  const r = rng(seed)
  const steps = options.steps ?? 40
  const peerCount = options.peers ?? 2 + Math.floor(r() * 2)
  const log: string[] = []
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
  const base = fixtureBoard()
  /** Copies of documents in flight: to, and the copy sent. */
  const queue: { to: number; doc: A.Doc<Board> }[] = []
  const peers: Peer[] = []

  /** The document a session found: this device's document as it was opened (a crash replaces it). */
  const wrap = (peer: Peer, doc: MemoryBoardDoc): BoardDoc => ({
    documentId: ID,
    doc: () => doc.doc(),
    on: (e, l) => doc.on(e, l),
    change(fn, meta) {
      doc.change(fn, meta)
      const last = A.getLastLocalChange(doc.doc())
      if (last !== undefined) peer.local.add(A.decodeChange(last).hash)
      peer.journal.recordLocalChange(ID, doc.doc())
    },
  })

  const open = (i: number, withSnapshot: boolean): void => {
    const peer = peers[i]!
    const delayed = withSnapshot && r() < 0.7
    // A page that crashed or was left never finds its document any more.
    peer.arrive = null
    const generation = ++peer.opened
    const source: BoardSource = {
      findBoard: () =>
        new Promise<BoardDoc>((resolve) => {
          const found = (): void => {
            if (peer.opened !== generation) return
            peer.arrive = null
            resolve(wrap(peer, peer.doc))
          }
          if (delayed) peer.arrive = found
          else queueMicrotask(found)
        }),
    }
    let dispose = (): void => undefined
    const session = createRoot((d) => {
      dispose = d
      return openBoard(source, ID, {
        memberId: () => ["ann", "bob", "ann"][i] ?? "ann",
        notify: () => undefined,
        later: (t) => void peer.tasks.push(t),
        early: earlyEditsIn(peer.kv),
        snapshots: withSnapshot ? peer.snapshots : null,
        now: () => Date.parse(NOW),
      })
    })
    peer.session = session
    peer.dispose = dispose
  }

  for (let i = 0; i < peerCount; i++) {
    const kv = memoryKeyValue()
    const start = A.clone(base, { actor: actor(i, 0) })
    const peer = {
      name: `p${i}`,
      doc: memoryBoardDoc(start, ID),
      stored: A.clone(start),
      kv,
      journal: createChangeJournal(kv, (f) => f()),
      snapshots: memorySnapshots(),
      local: new Set<string>(),
      tasks: [],
      arrive: null,
      lastMove: null,
      actors: 1,
      opened: 0,
    } as unknown as Peer
    peers.push(peer)
    open(i, false)
  }

  const settle = async (): Promise<void> => {
    for (let k = 0; k < 4; k++) await Promise.resolve()
  }
  const runTasks = (p: Peer): void => {
    for (let t = p.tasks.shift(); t !== undefined; t = p.tasks.shift()) t()
  }
  const shown = (p: Peer): string => canonicalJson(unwrap(p.session.state))
  const ready = (p: Peer): boolean => p.session.phase().kind === "ready"
  const liveCards = (b: Board): string[] =>
    visibleLists(b).flatMap((l) => cardsInList(b, l.id).map((c) => c.id))

  /** The document as plain JSON, remembered by its heads (most steps leave a document as it was). */
  let heldCache = { heads: "", json: "" }
  const heldAt = (doc: A.Doc<Board>): string => {
    const heads = A.getHeads(doc).join(",")
    if (heldCache.heads !== heads) heldCache = { heads, json: canonicalJson(A.toJS(doc)) }
    return heldCache.json
  }
  const check = (where: string): void => {
    for (const p of peers) {
      if (!ready(p)) continue
      const violations = checkBoard(unwrap(p.session.state))
      if (violations.length > 0)
        throw new Error(
          `${where}: ${p.name} shows a broken board: ${JSON.stringify(violations[0])}`,
        )
      if (p.session.live() !== null && p.tasks.length === 0) {
        const held = heldAt(p.doc.doc())
        if (shown(p) !== held)
          throw new Error(
            `${where}: ${p.name} shows other than its document: ${firstDifference(unwrap(p.session.state), A.toJS(p.doc.doc()))}`,
          )
      }
    }
  }

  const step = (p: Peer, i: number): string => {
    const k = r()
    const s = p.session
    const board = ready(p) ? unwrap(s.state) : null
    const cards = board === null ? [] : liveCards(board)
    if (k < 0.25 && board !== null && cards.length > 0) {
      const c = pick(cards)
      const title = (getCard(board, c)?.title ?? "x") + pick(["a", "b", " ", "é", "🙂"])
      s.act("setCardTitle", c, title.slice(-40))
      return `${p.name} types into ${c}`
    }
    if (k < 0.33 && board !== null && cards.length > 0) {
      const c = pick(cards)
      s.act(
        "setCardDescription",
        c,
        `${getCard(board, c)?.description ?? ""}${pick(["x", "\n", "y"])}`,
      )
      return `${p.name} describes ${c}`
    }
    if (k < 0.45 && board !== null && cards.length > 0) {
      const c = pick(cards)
      const card = getCard(board, c)!
      const from = {
        cardId: c,
        listId: card.listId,
        index: cardsInList(board, card.listId).findIndex((x) => x.id === c),
      }
      const to = pick(visibleLists(board)).id
      const index = Math.floor(r() * (cardsInList(board, to).length + 1))
      if (s.act("moveCard", c, to, index)) p.lastMove = from
      return `${p.name} moves ${c} to ${to}[${index}]`
    }
    if (k < 0.49 && board !== null && p.lastMove !== null) {
      const m = p.lastMove
      p.lastMove = null
      if (getCard(board, m.cardId)?.archived === false && board.lists[m.listId]?.archived === false)
        s.act("moveCard", m.cardId, m.listId, m.index)
      return `${p.name} undoes the move of ${m.cardId}`
    }
    if (k < 0.53 && board !== null && cards.length > 0) {
      const c = pick(cards)
      s.act("archiveCard", c, NOW)
      return `${p.name} archives ${c}`
    }
    if (k < 0.55 && board !== null) {
      const archived = Object.values(board.cardBuckets).flatMap((b) =>
        Object.values(b)
          .filter((c) => c.archived)
          .map((c) => c.id),
      )
      if (archived.length > 0) {
        const c = pick(archived)
        s.act("restoreCard", c, NOW)
        return `${p.name} restores ${c}`
      }
    }
    if (k < 0.59 && board !== null) {
      const id = `n${seed}x${i}`
      s.act("addCard", {
        id,
        listId: pick(visibleLists(board)).id,
        title: "New",
        memberId: "ann",
        now: NOW,
      })
      return `${p.name} adds ${id}`
    }
    if (k < 0.69) {
      runTasks(p)
      return `${p.name} draws a frame`
    }
    if (k < 0.78) {
      const to = pick(peers.map((_, j) => j).filter((j) => peers[j] !== p))
      queue.push({ to, doc: A.clone(p.doc.doc()) })
      return `${p.name} sends to p${to}`
    }
    if (k < 0.9 && queue.length > 0) {
      const at = Math.floor(r() * queue.length) // any message: deliveries reorder
      const [m] = queue.splice(at, 1)
      peers[m!.to]!.doc.merge(m!.doc)
      return `p${m!.to} receives a copy`
    }
    if (k < 0.92 && queue.length > 0) {
      queue.splice(Math.floor(r() * queue.length), 1)
      return `a copy is lost`
    }
    if (k < 0.95) {
      const kept = p.journal.recorded(ID)
      p.stored = A.clone(p.doc.doc())
      p.journal.settle(ID, kept)
      // The snapshot, as the page saves it: what is shown is written first.
      if (ready(p) && p.session.live() !== null) {
        p.session.flush()
        p.snapshots.saver(() => snap(p)).changed()
      }
      return `${p.name} saves`
    }
    if (k < 0.975) {
      p.session.close()
      p.dispose()
      open(i, r() < 0.6)
      return `${p.name} reloads`
    }
    // A crash: nothing pending is written; the document comes back from storage and journal.
    p.dispose()
    const back = A.applyChanges(
      A.clone(p.stored, { actor: actor(i, p.actors++) }),
      p.journal.pending(ID),
    )[0]
    // Each own change is in the document, or waits in it for a peer's change it builds on
    // (which a crash can lose with the unsaved copy it came in): then the journal still has it.
    const kept = new Set(p.journal.pending(ID).map((c) => A.decodeChange(c).hash))
    const lost = [...p.local].filter((h) => !kept.has(h) && A.getMissingDeps(back, [h]).includes(h))
    if (lost.length > 0)
      throw new Error(`${p.name} lost ${lost.length} of its own changes in a crash`)
    p.doc = memoryBoardDoc(back, ID)
    p.tasks.length = 0
    open(i, r() < 0.6)
    return `${p.name} crashes and opens again`
  }

  const snap = (p: Peer) => ({
    documentId: ID,
    heads: A.getHeads(p.doc.doc()),
    savedAt: 0,
    board: structuredClone(unwrap(p.session.state)),
  })

  const run = async (): Promise<void> => {
    await settle()
    for (let n = 0; n < steps; n++) {
      const i = Math.floor(r() * peers.length)
      const p = peers[i]!
      if (p.arrive !== null && r() < 0.3) {
        p.arrive()
        log.push(`${p.name}'s document arrives`)
      } else log.push(step(p, i))
      await settle()
      check(`step ${n} (${log[log.length - 1]})`)
    }
    // Everything arrives, is written and delivered.
    for (const p of peers) p.arrive?.()
    await settle()
    for (const p of peers) runTasks(p)
    // Twice: a change that waited for another (after a crash) is applied by the first round.
    let merged = A.clone(peers[0]!.doc.doc())
    for (let round = 0; round < 2; round++) {
      for (const p of peers) merged = A.merge(merged, A.clone(p.doc.doc()))
      for (const p of peers) p.doc.merge(merged)
      await settle()
    }
    for (const p of peers) runTasks(p)
    const want = canonicalJson(A.toJS(merged))
    for (const p of peers) {
      if (canonicalJson(A.toJS(p.doc.doc())) !== want)
        throw new Error(`${p.name}'s document differs after merging`)
      if (p.session.phase().kind !== "ready" || p.session.live() === null)
        throw new Error(`${p.name} is not showing its document at the end`)
      if (shown(p) !== want)
        throw new Error(`${p.name} shows other than the merged document at the end`)
    }
    const violations = checkBoard(merged)
    if (violations.length > 0)
      throw new Error(`the merged board is broken: ${JSON.stringify(violations[0])}`)
    for (const p of peers) {
      p.session.close()
      p.dispose()
    }
  }
  try {
    await run()
    return { ok: true, steps }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e), log }
  }
}

/** A failing seed's report: its error and the steps that led to it. */
export function formatSessionFailure(seed: number, result: SessionFuzzResult): string {
  if (result.ok) return `seed ${seed}: ok`
  return [`seed ${seed} failed: ${result.error}`, ...result.log.map((l, n) => `  ${n}: ${l}`)].join(
    "\n",
  )
}

/** Where two plain values first differ, as a path (for failure messages). */
function firstDifference(a: unknown, b: unknown, path = ""): string {
  if (canonicalJson(a) === canonicalJson(b)) return "(none)"
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k]
    const y = (b as Record<string, unknown>)[k]
    if (canonicalJson(x) !== canonicalJson(y)) return firstDifference(x, y, `${path}/${k}`)
  }
  return path
}
