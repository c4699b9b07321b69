/**
 * One board session: everything between the screen and the board's document. It finds the
 * document (on this device or through the relay), shows the device's saved snapshot while it
 * loads, takes edits before it has loaded (kept as early edits, run on load), validates and
 * upgrades it, mirrors it into a Solid store, and runs every user action (`act`), writing the
 * quick ones after the frame that shows them (shown-first, see pendingEdit.ts).
 *
 * No JSX and no DOM: it runs in Node against an in-memory document (`memoryBoardDoc`).
 */
import * as A from "@automerge/automerge"
import type { DocHandle, Repo } from "@automerge/automerge-repo"
import { createSignal } from "solid-js"
import type { Accessor } from "solid-js"
import { unwrap } from "solid-js/store"
import { describeBoardError, migrate, sameHeads, validateBoard } from "../model"
import type { BoardError } from "../model"
import { isModelError } from "../model/errors"
import { getCard } from "../model/queries"
import { argsAsOf, durableArgs, runIntent } from "../model/operations"
import type { OperationArgs, OperationName } from "../model/operations"
import type { Board } from "../model/types"
import { afterFrame } from "../shared/afterFrame"
import type { Later } from "../shared/afterFrame"
import { earlyEdits as browserEarlyEdits } from "../sync/storage/earlyEdits"
import type { EarlyEdits } from "../sync/storage/earlyEdits"
import type { BoardSnapshot } from "../sync/storage/snapshotCache"
import type { BoardDoc } from "./BoardDoc"
import { bindDoc, createDocStore } from "./docStore"
import type { DocStore } from "./docStore"
import { createPendingEdit } from "./pendingEdit"
import type { PendingEdit } from "./pendingEdit"
import { structuralCard } from "./structural"
import { browserSnapshots, repoSource } from "./repoSource"
import { cardTitleConflict } from "./titleConflict"
import { boardTitleConflict, listTitleConflict, touchesTitle } from "./titleConflict"
import type { TitleConflict } from "./titleConflict"
import { createUndoStack, isUndoable, stepLabel } from "./undoStack"
import type { Step, UndoResult, UndoStack } from "./undoStack"
import { boardAccess, mayRun, refusalMessage } from "./access"
import type { BoardAccessState } from "./access"

export type BoardPhase =
  | { kind: "loading" }
  /** Shown; `live` once the document itself is loaded (before, the snapshot takes edits). */
  | { kind: "ready"; live: boolean }
  /** Not on this device and not reachable now; it opens by itself when it arrives. */
  | { kind: "missing"; reason: "not-stored" | "stored-copy-unreadable" }
  /** The document is not a board Baton can open. */
  | { kind: "damaged"; error: BoardError; reason: string }
  /** Finding or loading it failed. */
  | { kind: "failed"; reason: string }

/** Where a session finds its document (a Repo through `repoSource`, or a test's documents). */
export interface BoardSource {
  /**
   * Resolves with the document once it is loaded; calls `onUnavailable` first when it is not
   * reachable yet (the promise then waits for it to arrive). Rejects when the find fails.
   */
  findBoard(
    documentId: string,
    options: {
      signal: AbortSignal
      onUnavailable: () => void
      /**
       * A copy of the board read before its document is loaded (a new device's snapshot from
       * the relay): to show now; the document's load waits for the returned promise.
       */
      onPreview?: (board: unknown, heads: string[]) => Promise<void>
    },
  ): Promise<BoardDoc>
  /** Starts reading the stored bytes early (after the snapshot's read). */
  readEarly?(documentId: string): void
  /** Whether this device's stored copy was found damaged (parts of it skipped). */
  damage?(documentId: string): { skipped: number; read: number } | null
  /** Whether a damaged stored copy is why the document is missing. */
  hasDamage?(documentId: string): boolean
}

export interface SnapshotStore {
  read(documentId: string): Promise<BoardSnapshot | null>
  /** A saver for one board: `changed` after each change, `stop` when closing. */
  saver(take: () => BoardSnapshot): { changed(): void; stop(): void }
}

export interface OpenBoardOptions {
  /** Who acts on this board (the member of this device). */
  memberId: Accessor<string>
  /** Tells the person something went wrong (a refused edit, a skipped early edit). */
  notify(message: string): void
  /** When a shown-first edit is written (default: right after the next frame). */
  later?: Later
  /** Edits kept while the document loads (default: the browser's localStorage). */
  early?: EarlyEdits
  /** The device's render snapshots (default: the browser's with a `Repo`, else none). */
  snapshots?: SnapshotStore | null
  /** Awaited after a snapshot has been shown, before the document is loaded (e.g. a frame). */
  afterSnapshot?: () => Promise<void>
  /** Called once the live document is bound (with its source handle, when there is one). */
  onLive?: (doc: BoardDoc) => void
  now?: () => number
  /** This device's access to the board (default: the device's record with a `Repo`, else an editor's). */
  access?: Accessor<BoardAccessState>
}

export type Act = <K extends OperationName>(op: K, ...args: OperationArgs<K>) => boolean

export interface BoardSession {
  readonly documentId: string
  /** The member this person is on the board (whom `act` credits). */
  readonly memberId: Accessor<string>
  phase: Accessor<BoardPhase>
  /** The reactive board (read it once `phase()` is ready). */
  readonly state: Board
  /** The store behind `state` (structure counters for derived indexes). */
  readonly store: DocStore<Board>
  /** The live document; `null` while the snapshot is shown. */
  live: Accessor<BoardDoc | null>
  /** The live document's handle, for extensions (`null` until loaded, or without a repo). */
  handle: Accessor<DocHandle<Board> | null>
  /** How many edits wait for the document to load. */
  earlyCount: Accessor<number>
  /** This device's role on the board and whether the relay refused it (see access.ts). */
  access: Accessor<BoardAccessState>
  /**
   * Whether this device may run `op`: its role allows it (the relay refuses what it may not)
   * and the board is not deleted for everyone.
   */
  may(op: OperationName): boolean
  /** Why an operation `may` refuses is refused, as told to the person. */
  refusal(): string
  /**
   * Runs a model operation (by name, see `OPERATIONS`) as one change attributed to the
   * session's member. A refused operation is told through `notify`; returns whether it was made.
   */
  act: Act
  /**
   * Undoes the person's last step in this visit (or the step `id`, for a toast's Undo): what
   * it changed is put back, except what a teammate changed since. Says what it did; `null`
   * when there is nothing to undo.
   */
  undo(id?: number): UndoResult | null
  /** Runs `fn`: the edits it makes are one step to undo (one action of the person's). */
  together(fn: () => void): void
  /** Redoes the last undone step. */
  redo(): UndoResult | null
  /** The id of the person's latest step (what a toast's Undo undoes). */
  latestStep(): number | null
  canUndo: Accessor<boolean>
  canRedo: Accessor<boolean>
  /**
   * The other title of a card renamed concurrently by two people (the one that did not win),
   * with who set it; `null` when the card's title has no conflict.
   */
  titleConflict(cardId: string): TitleConflict | null
  /** The same for a list's title. */
  listTitleConflict(listId: string): TitleConflict | null
  /** The same for the board's title. */
  boardTitleConflict(): TitleConflict | null
  /** Writes a shown-first edit now, if one is pending. */
  flush(): void
  /** Writes what is pending and stops following the document. */
  close(): void
}

/** Operations on one comment (card, comment, …) that a commenter may run on their own only. */
const OWN_COMMENT_OPS: ReadonlySet<OperationName> = new Set<OperationName>([
  "editComment",
  "deleteComment",
  "removeCommentAttachment",
])

/**
 * Edits made many times in a row, by keystroke, whose effect is plain (a text, a card's place):
 * shown at once and written to the document right after the frame (see pendingEdit.ts).
 */
export const SHOWN_FIRST: ReadonlySet<OperationName> = new Set<OperationName>([
  "setCardTitle",
  "setCardDescription",
  "moveCard",
])

/**
 * What a pending edit's write at `path` re-reads from the document: the whole card for anything
 * inside a card, else the entry of a top-level map (a list, a member, a label) or a root field.
 */
export function boardUnit(path: readonly A.Prop[]): readonly A.Prop[] {
  return path.slice(0, path[0] === "cardBuckets" ? 3 : 2)
}

/** Why nothing can be changed on a board deleted for everyone. */
export const DELETED_MESSAGE =
  "This board was deleted for everyone; nothing on it can be changed. Export a copy to keep what this device holds."

/** Why an edit was not made, as told to the person. */
export function failureMessage(e: unknown): string {
  if (isModelError(e)) return e.message
  console.error(e)
  return `That did not work: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`
}

/**
 * Opens a board: from a `Repo` (the app), or from any `BoardSource` (tests). The session
 * starts at once; `phase()` says where it is.
 */
export function openBoard(
  repo: Repo | BoardSource,
  documentId: string,
  options: OpenBoardOptions,
): BoardSession {
  const fromRepo = !("findBoard" in repo)
  const source: BoardSource = fromRepo ? repoSource(repo) : repo
  const early = options.early ?? browserEarlyEdits
  const later = options.later ?? afterFrame
  const now = options.now ?? Date.now
  const snapshots =
    options.snapshots !== undefined ? options.snapshots : fromRepo ? browserSnapshots : null
  const [phase, setPhase] = createSignal<BoardPhase>({ kind: "loading" })
  const [live, setLive] = createSignal<BoardDoc | null>(null)
  const [earlyCount, setEarlyCount] = createSignal(early.list(documentId).length)
  const [undoReady, setUndoReady] = createSignal(false)
  // A concurrent rename that kept this device's title changes no value, it only adds a
  // conflict: the title notes read this too, so they show it at once.
  const [titleEpoch, setTitleEpoch] = createSignal(0)
  const abort = new AbortController()
  const cleanups: (() => void)[] = []
  let store: DocStore<Board> | undefined
  let pending: PendingEdit<Board> | null = null
  let snapshotHeads: string[] | null = null
  /** Whether the shown snapshot is the device's own (a relay's preview is not stored yet). */
  let snapshotKept = false
  let closed = false
  /** The person's own steps in this visit, once the document is live. */
  let history: UndoStack | null = null

  const newStore = (board: Board): DocStore<Board> =>
    createDocStore<Board>(board, { structural: structuralCard })

  /** The one way a change reaches the document: a shown edit not yet written goes first. */
  const change = (doc: BoardDoc, memberId: string, op: string, fn: (d: Board) => void): void => {
    pending?.flush()
    doc.change(fn, { memberId, op })
  }

  /** An edit made on the snapshot: shown, and kept until the document is loaded. */
  const takeEarly = (memberId: string, op: OperationName, args: unknown[]): void => {
    const s = store
    if (s === undefined) throw new Error("the board is not shown yet")
    let kept
    try {
      kept = early.add(documentId, { memberId, op, args: durableArgs(op, args), at: now() })
    } catch (e) {
      console.error(e)
      throw new Error(
        "this board is still loading, and this device could not keep the edit until then (its storage may be full); try again in a moment",
      )
    }
    try {
      s.mutate((d) => runIntent(d, { op, args }))
    } catch (e) {
      early.remove(documentId, [kept.id])
      throw e
    }
    setEarlyCount(early.list(documentId).length)
  }

  /** Runs the kept edits on the loaded document, each as the change it would have been. */
  const runEarlyEdits = (doc: BoardDoc): number => {
    const kept = early.list(documentId)
    for (const e of kept) {
      try {
        change(doc, e.memberId, e.op, (d) => runIntent(d, e))
      } catch (error) {
        if (!isModelError(error)) console.error(error)
        options.notify(
          `An edit made while the board was loading could not be made: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
    early.remove(
      documentId,
      kept.map((e) => e.id),
    )
    setEarlyCount(0)
    return kept.length
  }

  const access: Accessor<BoardAccessState> =
    options.access ??
    (fromRepo
      ? boardAccess(documentId)
      : () => ({ role: "edit", claimed: false, refused: null, secrets: {} }))
  /** A board deleted for everyone takes no more edits (its copy here stays to export). */
  const deleted = (): boolean => {
    const d = store?.state.deleted
    return d !== undefined && d !== null
  }
  const may = (op: OperationName): boolean => !deleted() && mayRun(access().role, op)
  /** A commenter edits and deletes only their own comments. */
  const ownComment = (op: OperationName, args: unknown[]): boolean => {
    if (access().role === "edit" || !OWN_COMMENT_OPS.has(op)) return true
    const [cardId, commentId] = args as [string, string]
    const card = store === undefined ? undefined : getCard(store.state, cardId)
    return card?.comments[commentId]?.authorId === options.memberId()
  }

  const act: Act = (op, ...args) => {
    if (closed) return false
    if (deleted()) {
      options.notify(DELETED_MESSAGE)
      return false
    }
    if (!may(op)) {
      options.notify(refusalMessage(access().role))
      return false
    }
    if (!ownComment(op, args)) {
      options.notify("You can change only your own comments")
      return false
    }
    const doc = live()
    try {
      const member = options.memberId()
      const h = history
      const undoable = h !== null && isUndoable(op)
      const label = undoable && store !== undefined ? stepLabel(store.state, op, args) : ""
      if (doc === null) takeEarly(member, op, args)
      else if (pending !== null && SHOWN_FIRST.has(op)) {
        const written = argsAsOf(op, args)
        let step: Step | null = null
        const write = (): void =>
          doc.change((d) => runIntent(d, { op, args: written }), { memberId: member, op })
        pending.run(
          (d) => runIntent(d, { op, args }),
          () => (step !== null && h !== null ? h.record(step, write) : write()),
        )
        if (undoable) step = h.begin(op, args, label, now())
      } else if (undoable) {
        pending?.flush()
        const step = h.begin(op, args, label, now())
        h.record(step, () => change(doc, member, op, (d) => runIntent(d, { op, args })))
      } else change(doc, member, op, (d) => runIntent(d, { op, args }))
      return true
    } catch (e) {
      options.notify(failureMessage(e))
      return false
    }
  }

  /**
   * Shows a board read ahead of its document (read-only copy, edits kept as early edits):
   * false when something is shown already or it is not a board.
   */
  const showSnapshot = (board: unknown, heads: string[]): boolean => {
    if (abort.signal.aborted || store !== undefined) return false
    if (!validateBoard(board).ok) return false
    if (typeof performance !== "undefined") performance.mark("baton:snapshot-read")
    snapshotHeads = heads
    store = newStore(board as Board)
    // Edits made on an earlier visit before its document had loaded: shown, run on load.
    const kept = early.list(documentId)
    if (kept.length > 0)
      store.mutate((d) => {
        for (const e of kept) {
          try {
            runIntent(d, e)
          } catch {
            // Said when it is run on the document.
          }
        }
      })
    setPhase({ kind: "ready", live: false })
    return true
  }

  // A snapshot saved on an earlier visit shows the board at once while the document loads.
  const snapshotShown: Promise<boolean> = (
    snapshots === null ? Promise.resolve(null) : snapshots.read(documentId)
  ).then(
    (snap) => (snap === null ? false : (snapshotKept = showSnapshot(snap.board, snap.heads))),
    () => false,
  )
  // The document's bytes are read once the snapshot has been: both reads go to the device's
  // storage, one after the other, and the first paint needs only the snapshot.
  void snapshotShown.finally(() => source.readEarly?.(documentId))

  const bind = (doc: BoardDoc): void => {
    let result = validateBoard(doc.doc())
    if (!result.ok && result.error.kind === "older-schema") {
      // Boards written by an older Baton are upgraded in place, in one change.
      try {
        change(doc, options.memberId(), "migrate", (d) => migrate(d))
      } catch (e) {
        console.error(e)
      }
      result = validateBoard(doc.doc())
    }
    if (!result.ok) {
      setPhase({ kind: "damaged", error: result.error, reason: describeBoardError(result.error) })
      return
    }
    const damage = source.damage?.(documentId) ?? null
    if (damage !== null)
      options.notify(
        `Part of this board's copy on this device could not be read (${damage.skipped} of ${damage.skipped + damage.read} stored pieces) and was skipped; the relay's copy fills in the rest.`,
      )
    const ranEarly = runEarlyEdits(doc)
    const heads = A.getHeads(doc.doc())
    const fromDoc = store === undefined
    if (store === undefined) store = newStore(A.toJS(doc.doc()) as Board)
    const s = store
    const quick = createPendingEdit<Board>({
      store: s,
      source: doc,
      later,
      unit: boardUnit,
      onWriteError: (e) => options.notify(failureMessage(e)),
    })
    // Showing a snapshot: replace it by the live document unless it is exactly that version.
    const same =
      fromDoc || (ranEarly === 0 && snapshotHeads !== null && sameHeads(snapshotHeads, heads))
    const unbindStore = bindDoc(s, doc, { fresh: same, overlay: quick })
    pending = quick
    history = createUndoStack({
      doc: () => doc.doc(),
      change: (op, fn) => change(doc, options.memberId(), op, fn),
      memberId: options.memberId,
      nameOf: (id) => s.state.members[id]?.name ?? "a teammate",
    })
    setUndoReady(true)
    if (snapshots !== null) {
      const saver = snapshots.saver(() => {
        quick.flush() // the snapshot and its heads must describe the same version
        return {
          documentId,
          heads: A.getHeads(doc.doc()),
          savedAt: now(),
          board: unwrap(s.state),
        }
      })
      const offSaver = doc.on("change", () => saver.changed())
      if (
        !snapshotKept ||
        snapshotHeads === null ||
        !heads.every((x) => snapshotHeads?.includes(x))
      )
        saver.changed()
      cleanups.push(() => {
        offSaver()
        saver.stop()
      })
    }
    cleanups.push(() => {
      quick.flush()
      pending = null
      unbindStore()
    })
    cleanups.push(
      doc.on("change", (c) => {
        if (c.patches.some(touchesTitle)) setTitleEpoch((n) => n + 1)
      }),
    )
    setLive(doc)
    options.onLive?.(doc)
    setPhase({ kind: "ready", live: true })
    if (typeof performance !== "undefined") performance.mark("baton:board-editable")
  }

  void (async () => {
    // Loading a long history blocks the page for seconds: paint the snapshot first.
    if ((await snapshotShown) && options.afterSnapshot !== undefined) await options.afterSnapshot()
    let doc: BoardDoc
    try {
      doc = await source.findBoard(documentId, {
        signal: abort.signal,
        // A new device: the relay's snapshot, read on a worker, is shown before the document
        // loads (the load holds the page's thread, so the drawing goes first).
        onPreview: async (board, heads) => {
          if (showSnapshot(board, heads) && options.afterSnapshot !== undefined)
            await options.afterSnapshot()
        },
        onUnavailable: () => {
          if (store === undefined)
            setPhase({
              kind: "missing",
              reason:
                source.hasDamage?.(documentId) === true ? "stored-copy-unreadable" : "not-stored",
            })
        },
      })
    } catch (e) {
      if (abort.signal.aborted) return
      setPhase({ kind: "failed", reason: e instanceof Error ? e.message : String(e) })
      return
    }
    if (abort.signal.aborted) return
    bind(doc)
  })()

  return {
    documentId,
    memberId: options.memberId,
    phase,
    get state(): Board {
      if (store === undefined) throw new Error("the board is not shown yet")
      return store.state
    },
    get store(): DocStore<Board> {
      if (store === undefined) throw new Error("the board is not shown yet")
      return store
    },
    live,
    handle: () => {
      const d = live()
      return d !== null && "handle" in d ? (d.handle as DocHandle<Board>) : null
    },
    earlyCount,
    access,
    may,
    refusal: () => (deleted() ? DELETED_MESSAGE : refusalMessage(access().role)),
    act,
    undo(id) {
      if (closed || history === null) return null
      if (deleted()) return { done: false, message: DELETED_MESSAGE }
      pending?.flush()
      try {
        return history.undo(id)
      } catch (e) {
        return { done: false, message: failureMessage(e) }
      }
    },
    together(fn) {
      if (history === null) fn()
      else history.together(fn)
    },
    redo() {
      if (closed || history === null) return null
      if (deleted()) return { done: false, message: DELETED_MESSAGE }
      pending?.flush()
      try {
        return history.redo()
      } catch (e) {
        return { done: false, message: failureMessage(e) }
      }
    },
    latestStep: () => history?.latest() ?? null,
    canUndo: () => undoReady() && history !== null && history.canUndo(),
    canRedo: () => undoReady() && history !== null && history.canRedo(),
    titleConflict(cardId) {
      const d = live()
      titleEpoch()
      if (d === null) return null
      return cardTitleConflict(d.doc(), cardId)
    },
    listTitleConflict(listId) {
      const d = live()
      titleEpoch()
      return d === null ? null : listTitleConflict(d.doc(), listId)
    },
    boardTitleConflict() {
      const d = live()
      titleEpoch()
      return d === null ? null : boardTitleConflict(d.doc())
    },
    flush: () => pending?.flush(),
    close() {
      if (closed) return
      closed = true
      abort.abort()
      for (const c of cleanups.splice(0).reverse()) c()
    },
  }
}
