/**
 * The operations a person runs on a board, by name. An edit is an `Intent`: the name (also
 * the `op` its change message records) and the arguments, which are plain JSON. So an edit
 * can be kept as data and run later: the board page accepts edits while the document is
 * still loading, keeps them on the device, and runs them on the document once it is there.
 */
import { boardOperations } from "./board"
import {
  addCard,
  addOwner,
  archiveCard,
  cardOperations,
  markDone,
  moveCard,
  setCardDescription,
  setDeadline,
  setImportant,
  setStart,
  setUrgent,
} from "./cards"
import type { PlacementHint } from "./cards"
import {
  addChecklist,
  addChecklistItem,
  checklistOperations,
  setChecklistItemDeadline,
  setChecklistItemOwner,
  toggleChecklistItem,
} from "./checklist"
import { checklistItems, checklistsOf } from "./queries"
import { calendarFeedOperations } from "./calendarFeeds"
import { attachmentOperations } from "./attachments"
import { addComment, commentOperations } from "./comments"
import { copyOperations } from "./copy"
import { assignLabel, createLabel, labelOperations } from "./labels"
import { replyOperations } from "./replies/awaiting"
import { listOperations } from "./lists"
import type { Board, Card, Id, IsoInstant } from "./types"

/** Creates a label and puts it on a card, in one change. */
export function createLabelOnCard(
  doc: Board,
  cardId: Id,
  label: { id: Id; name: string; color: string },
): void {
  createLabel(doc, label)
  assignLabel(doc, cardId, label.id)
}

/**
 * Puts back a deleted card from a copy taken before the deletion, at `index` of its list
 * (-1: at the bottom): its fields, owners and labels that still exist, checklist, and the
 * comments of members still on the board. `memberId` is the creator when the original one
 * has left the board.
 */
export function restoreDeletedCard(
  doc: Board,
  copy: Card,
  index: number,
  memberId: Id,
  now: IsoInstant,
  hint?: PlacementHint,
): void {
  const cardId = copy.id
  const members = doc.members
  const creator = members[copy.createdBy] !== undefined ? copy.createdBy : memberId
  addCard(doc, { id: cardId, listId: copy.listId, title: copy.title, memberId: creator, now }, hint)
  if (index >= 0) moveCard(doc, cardId, copy.listId, index, hint)
  if (copy.description !== "") setCardDescription(doc, cardId, copy.description)
  for (const m of Object.keys(copy.owners)) if (members[m] !== undefined) addOwner(doc, cardId, m)
  for (const l of Object.keys(copy.labels)) {
    const label = doc.labels[l]
    if (label !== undefined && !label.deleted) assignLabel(doc, cardId, l)
  }
  if (copy.deadline !== null) setDeadline(doc, cardId, copy.deadline)
  if (copy.start !== undefined && copy.start !== null) setStart(doc, cardId, copy.start)
  if (copy.done) markDone(doc, cardId, copy.doneAt ?? now)
  if (copy.urgent) setUrgent(doc, cardId, true)
  if (copy.important) setImportant(doc, cardId, true)
  for (const list of checklistsOf(copy)) {
    addChecklist(doc, cardId, { id: list.id, name: list.name })
    for (const item of checklistItems(copy, list)) {
      addChecklistItem(doc, cardId, list.id, { id: item.id, text: item.text })
      if (item.done) toggleChecklistItem(doc, cardId, item.id, true)
      const owner = item.owner ?? null
      if (owner !== null && members[owner] !== undefined)
        setChecklistItemOwner(doc, cardId, item.id, owner)
      if (item.deadline !== undefined && item.deadline !== null)
        setChecklistItemDeadline(doc, cardId, item.id, item.deadline)
    }
  }
  for (const c of Object.values(copy.comments)) {
    if (members[c.authorId] !== undefined)
      addComment(doc, cardId, { id: c.id, authorId: c.authorId, text: c.text, now: c.createdAt })
  }
  if (copy.archived) archiveCard(doc, cardId, now)
}

/**
 * Every operation, by name. Each module lists its own; the two here combine others. The
 * names are what change messages record and what kept intents carry, so one is never renamed.
 */
export const OPERATIONS = {
  ...boardOperations,
  ...listOperations,
  ...cardOperations,
  restoreDeletedCard,
  createLabelOnCard,
  ...labelOperations,
  ...checklistOperations,
  ...commentOperations,
  ...copyOperations,
  ...replyOperations,
  ...calendarFeedOperations,
  ...attachmentOperations,
} as const

export type OperationName = keyof typeof OPERATIONS

/** The arguments of an operation after the document. */
export type OperationArgs<K extends OperationName> =
  Parameters<(typeof OPERATIONS)[K]> extends [Board, ...infer R] ? R : never

/**
 * Where an operation takes a `PlacementHint` (the target list's cards, which spares it a scan
 * of the whole board). A hint is an optimisation that holds copies of cards: it is left out
 * of the data an intent is kept as (`durableArgs`).
 */
const HINT_AT: Partial<Record<OperationName, number>> = {
  addCard: 1,
  moveCard: 3,
  restoreDeletedCard: 4,
}

/** An edit as data: what `runIntent` runs. */
export interface Intent {
  op: OperationName
  args: unknown[]
}

/** Runs an intent on the board. Errors of the operation (`ModelError`) propagate. */
export function runIntent(doc: Board, intent: Intent): void {
  const run = OPERATIONS[intent.op] as ((doc: Board, ...args: unknown[]) => void) | undefined
  if (run === undefined || !Object.prototype.hasOwnProperty.call(OPERATIONS, intent.op))
    throw new RangeError(`unknown operation ${String(intent.op)}`)
  run(doc, ...intent.args)
}

/** The arguments of an intent without its placement hint: what is kept when it is stored. */
export function durableArgs(op: OperationName, args: readonly unknown[]): unknown[] {
  const at = HINT_AT[op]
  return at === undefined ? [...args] : args.slice(0, at)
}

/**
 * The arguments with the placement hint copied as it is now (each card's id and position), for
 * an intent run a little later: the hint's cards are live objects that may move meanwhile.
 */
export function argsAsOf(op: OperationName, args: readonly unknown[]): unknown[] {
  const at = HINT_AT[op]
  const out = [...args]
  const hint = at === undefined ? undefined : (out[at] as PlacementHint | undefined)
  if (at !== undefined && hint?.listCards !== undefined)
    out[at] = { listCards: hint.listCards.map((c) => ({ id: c.id, position: c.position })) }
  return out
}

/** Whether a stored value is an intent this version can run (a name it knows, an array). */
export function isIntent(value: unknown): value is Intent {
  if (typeof value !== "object" || value === null) return false
  const { op, args } = value as { op?: unknown; args?: unknown }
  return (
    typeof op === "string" &&
    Object.prototype.hasOwnProperty.call(OPERATIONS, op) &&
    Array.isArray(args)
  )
}
