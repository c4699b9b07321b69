/**
 * The undo and redo stacks of one board session: the person's own steps in this visit, in
 * order (see undo.ts for how a step is put back). A run of edits of one thing (keystrokes in
 * one title, moves of one card) within a few seconds is one step. Undo and redo are changes
 * like any other, so they merge with whatever teammates do meanwhile.
 */
import * as A from "@automerge/automerge"
import { createSignal } from "solid-js"
import type { Accessor } from "solid-js"
import { bucketOf } from "../model/buckets"
import { decodeChangeMeta } from "../model/changeMeta"
import { sameHeads } from "../model/heads"
import type { Board } from "../model/types"
import { putBack, stepFields } from "./undo"
import type { Span } from "./undo"

/** One step of the person's: what it was, for the message, and its changes. */
export interface Step {
  id: number
  /** The operation and the thing it acted on: consecutive edits of one key are one step. */
  key: string
  /** What the person did, as said back: e.g. "the move of “Launch”". */
  label: string
  /** When its last edit was made (ms). */
  at: number
  spans: Span[]
}

/** What an undo or redo did, as told to the person. */
export interface UndoResult {
  done: boolean
  message: string
}

/** Operations not undone with Ctrl+Z: who one is on the board, and not a board edit. */
const NOT_UNDONE = new Set([
  "joinBoard",
  "updateMember",
  "addCalendarFeed",
  "stopCalendarFeed",
  "migrate",
  // Puts back files a merge hid; undoing it would hide them again.
  "repairAttachments",
  "deleteBoard",
])

/**
 * Edits made in runs (typing, nudging a card), with how many leading arguments name the thing
 * edited: consecutive ones on one thing are one step.
 */
const RUNS: ReadonlyMap<string, number> = new Map([
  ["setCardTitle", 1],
  ["setCardDescription", 1],
  ["moveCard", 1],
  ["renameList", 1],
  ["renameBoard", 0],
  ["renameChecklist", 2],
  ["editChecklistItem", 2],
  ["editComment", 2],
  ["renameLabel", 1],
  ["moveList", 1],
])

/** How long a run of edits of one thing may pause and still be one step. */
export const RUN_MS = 5000

/** The key of an edit: its operation and the thing it acts on. */
export function stepKey(op: string, args: readonly unknown[]): string {
  const n = RUNS.get(op) ?? 1
  return [op, ...args.slice(0, n).map((a) => (typeof a === "string" ? a : ""))].join(":")
}

export function isUndoable(op: string): boolean {
  return !NOT_UNDONE.has(op)
}

export interface UndoStack {
  /**
   * Records an edit of the person's (made, or shown and to be written); returns the step it
   * belongs to (a new one, or the run it continues). Write its change through `record`.
   */
  begin(op: string, args: readonly unknown[], label: string, now: number): Step
  /** Runs `write` (which makes at most one change to the document) as part of `step`. */
  record(step: Step, write: () => void): void
  /** Runs `fn`, whose edits are one step (e.g. a checklist created with its first item). */
  together(fn: () => void): void
  /** Undoes the last step (or the step `id`, wherever it is). */
  undo(id?: number): UndoResult | null
  /** Redoes the last undone step. */
  redo(): UndoResult | null
  /** The id of the latest step (for a toast's Undo). */
  latest(): number | null
  canUndo: Accessor<boolean>
  canRedo: Accessor<boolean>
}

export function createUndoStack(options: {
  doc: () => A.Doc<Board>
  /** Makes one change as the person, with the operation name for its message. */
  change: (op: string, fn: (d: Board) => void) => void
  /** The person's member id (their changes are not "a teammate's"). */
  memberId: () => string
  /** A member's name for messages. */
  nameOf: (memberId: string) => string
}): UndoStack {
  const undone: Step[] = []
  const done: Step[] = []
  let nextId = 1
  /** The step the last edit went to: a run continues only right after it. */
  let last: Step | null = null
  /** While `together` runs: the step its edits go to (`null` until the first). */
  let group: Step | null | undefined
  const [canUndo, setCanUndo] = createSignal(false)
  const [canRedo, setCanRedo] = createSignal(false)
  const sync = (): void => {
    setCanUndo(done.length > 0)
    setCanRedo(undone.length > 0)
  }

  const heads = (): A.Heads => A.getHeads(options.doc())

  /** Who else changed the document since `step`'s last change. */
  const othersSince = (step: Step): string[] => {
    const end = step.spans[step.spans.length - 1]
    if (end === undefined) return []
    const me = options.memberId()
    const names = new Set<string>()
    for (const c of A.getChangesMetaSince(options.doc(), end.after)) {
      const meta = decodeChangeMeta(c.message)
      if (meta !== null && meta.memberId !== me) names.add(options.nameOf(meta.memberId))
    }
    return [...names]
  }

  /** Puts `step` back; the change it makes becomes a step of `into`. */
  const revert = (step: Step, verb: "Undid" | "Redid", into: Step[]): UndoResult => {
    const doc = options.doc()
    const fields = stepFields(doc, step.spans)
    const before = heads()
    let result = { reverted: 0, kept: [] as typeof fields }
    if (fields.length > 0)
      options.change(verb === "Undid" ? "undo" : "redo", (d) => {
        result = putBack(d, doc, fields)
      })
    const after = heads()
    const changed = !sameHeads(before, after)
    if (changed)
      into.push({
        id: nextId++,
        key: step.key,
        label: step.label,
        at: step.at,
        spans: [{ before, after }],
      })
    last = null
    sync()
    const who = result.kept.length > 0 ? othersSince(step) : []
    const by = who.length > 0 ? who.join(" and ") : "someone"
    if (!changed)
      return {
        done: false,
        message:
          result.kept.length > 0
            ? `Nothing to ${verb === "Undid" ? "undo" : "redo"} for ${step.label}: ${by} changed it since, and their change is kept.`
            : `Nothing to ${verb === "Undid" ? "undo" : "redo"} for ${step.label}.`,
      }
    return {
      done: true,
      message:
        result.kept.length > 0
          ? `${verb} ${step.label}, except what ${by} changed since (kept).`
          : `${verb} ${step.label}.`,
    }
  }

  return {
    together(fn) {
      if (group !== undefined) return fn()
      group = null
      try {
        fn()
      } finally {
        group = undefined
      }
    },
    begin(op, args, label, now) {
      if (group !== undefined && group !== null) {
        group.at = now
        return group
      }
      const key = stepKey(op, args)
      const top = done[done.length - 1]
      if (
        top !== undefined &&
        top === last &&
        top.key === key &&
        RUNS.has(op) &&
        now - top.at <= RUN_MS
      ) {
        top.at = now
        return top
      }
      const step: Step = { id: nextId++, key, label, at: now, spans: [] }
      if (group === null) group = step
      done.push(step)
      undone.length = 0
      last = step
      sync()
      return step
    },
    record(step, write) {
      const before = heads()
      write()
      const after = heads()
      if (!sameHeads(before, after)) step.spans.push({ before, after })
    },
    undo(id) {
      // Steps that made no change (refused, or nothing to do) are dropped.
      for (let j = done.length - 1; j >= 0; j--) if (done[j]!.spans.length === 0) done.splice(j, 1)
      const i = id === undefined ? done.length - 1 : done.findIndex((s) => s.id === id)
      const step = done[i]
      if (step === undefined) {
        sync()
        return null
      }
      // A toast's Undo of an earlier step of a run (a card moved again since) puts the thing
      // back where the run started: the later steps of the same edit go first.
      let result: UndoResult | null = null
      for (let j = done.length - 1; j > i; j--) {
        const later = done[j]!
        if (later.key !== step.key) continue
        done.splice(j, 1)
        result = revert(later, "Undid", undone)
      }
      done.splice(done.indexOf(step), 1)
      const last = revert(step, "Undid", undone)
      return result !== null && result.done && !last.done ? result : last
    },
    redo() {
      const step = undone.pop()
      if (step === undefined) return null
      return revert(step, "Redid", done)
    },
    latest: () => done[done.length - 1]?.id ?? null,
    canUndo,
    canRedo,
  }
}

/** What each operation is called when it is undone ("Undid the move of “Launch”"). */
const NAMES: Record<string, string> = {
  addCard: "the new card",
  setCardTitle: "the rename",
  setCardDescription: "the description edit",
  moveCard: "the move",
  archiveCard: "archiving",
  restoreCard: "restoring",
  deleteCard: "deleting",
  restoreDeletedCard: "restoring",
  addOwner: "the new owner",
  removeOwner: "removing an owner",
  setDeadline: "the deadline",
  clearDeadline: "clearing the deadline",
  setStart: "the start date",
  clearStart: "clearing the start date",
  markDone: "marking done",
  unmarkDone: "reopening",
  setUrgent: "the urgent flag",
  setImportant: "the important flag",
  pinCard: "pinning",
  unpinCard: "unpinning",
  assignLabel: "the label",
  unassignLabel: "removing a label",
  createLabelOnCard: "the new label",
  addChecklist: "the new checklist",
  renameChecklist: "the checklist rename",
  moveChecklist: "the checklist move",
  deleteChecklist: "deleting a checklist",
  addChecklistItem: "the new checklist item",
  editChecklistItem: "the checklist item edit",
  toggleChecklistItem: "ticking a checklist item",
  moveChecklistItem: "the checklist item move",
  moveChecklistItemTo: "the checklist item move",
  deleteChecklistItem: "deleting a checklist item",
  setChecklistItemOwner: "the checklist item's owner",
  setChecklistItemDeadline: "the checklist item's deadline",
  addComment: "the comment",
  editComment: "the comment edit",
  deleteComment: "deleting a comment",
  pinComment: "pinning a comment",
  unpinComment: "unpinning a comment",
  copyCard: "the copy",
  copyCardFrom: "the copy",
  copyList: "the list copy",
  setCardTemplate: "the template mark",
  addCardFromTemplate: "the card from a template",
  setBoardTemplate: "the template board mark",
  addList: "the new list",
  renameList: "the list rename",
  moveList: "the list move",
  archiveList: "archiving the list",
  restoreList: "restoring the list",
  deleteList: "deleting the list",
  renameBoard: "the board rename",
  createLabel: "the new label",
  renameLabel: "the label rename",
  recolorLabel: "the label colour",
  deleteLabel: "deleting a label",
  updateSettings: "the settings change",
  addAttachments: "the attached files",
  renameAttachment: "the file rename",
  removeAttachment: "removing a file",
  removeCommentAttachment: "removing a file",
  setCoverImage: "the cover",
  setAutoCover: "the automatic cover",
}

/** The step's label: what it did and to what (the card or list it acted on, by title). */
export function stepLabel(board: Board, op: string, args: readonly unknown[]): string {
  const name = NAMES[op] ?? "the change"
  const first = args[0]
  const id = typeof first === "string" ? first : isIdOf(first)
  if (id === null) return name
  const given = (first as { title?: unknown } | null)?.title
  const title =
    cardTitle(board, id) ??
    board.lists[id]?.title ??
    (typeof given === "string" ? given : undefined)
  return title === undefined ? name : `${name} (“${title}”)`
}

function isIdOf(v: unknown): string | null {
  if (typeof v !== "object" || v === null) return null
  const id = (v as { id?: unknown }).id
  return typeof id === "string" ? id : null
}

function cardTitle(board: Board, id: string): string | undefined {
  return board.cardBuckets[bucketOf(id)]?.[id]?.title
}
