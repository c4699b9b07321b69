/** Label operations. Labels are tombstoned on delete so concurrent assignments never dangle. */
import { ModelError } from "./errors"
import { requireCard } from "./queries"
import type { Board, Id, Label } from "./types"
import { MAX_NAME_LENGTH, argId } from "./values"

function argName(name: unknown): string {
  if (typeof name !== "string")
    throw new ModelError("invalid-argument", "The label name must be text.")
  const n = name.trim()
  if (n.length > MAX_NAME_LENGTH)
    throw new ModelError("invalid-argument", "The label name is too long.")
  return n
}

function argColor(color: unknown): string {
  if (typeof color !== "string" || color.trim().length === 0 || color.length > 64)
    throw new ModelError("invalid-argument", "Pick a colour for the label.")
  return color.trim()
}

export function requireLabel(doc: Board, labelId: Id): Label {
  const l = Object.prototype.hasOwnProperty.call(doc.labels, labelId)
    ? doc.labels[labelId]
    : undefined
  if (l === undefined)
    throw new ModelError("not-found", `This label no longer exists (${labelId}).`)
  return l
}

/** Creates a label (the name may be empty: a colour-only label). */
export function createLabel(doc: Board, args: { id: Id; name: string; color: string }): void {
  const id = argId(args.id, "label")
  const name = argName(args.name)
  const color = argColor(args.color)
  if (Object.prototype.hasOwnProperty.call(doc.labels, id))
    throw new ModelError("already-exists", `A label with id ${id} already exists.`)
  doc.labels[id] = { id, name, color, deleted: false }
}

/** Renames a label. Last-writer-wins: concurrent renames end with one of the two names. */
export function renameLabel(doc: Board, labelId: Id, name: string): void {
  const n = argName(name)
  const label = requireLabel(doc, labelId)
  if (label.name !== n) label.name = n
}

/** Changes a label's colour. Last-writer-wins. */
export function recolorLabel(doc: Board, labelId: Id, color: string): void {
  const c = argColor(color)
  const label = requireLabel(doc, labelId)
  if (label.color !== c) label.color = c
}

/**
 * Deletes a label. It stays as a tombstone (`deleted: true`): cards keep their assignment
 * (including assignments made concurrently on another peer) but a deleted label is never shown
 * (`cardLabels`, `liveLabels`) and cannot be assigned again. Label delete vs concurrent assign:
 * the label is deleted; the assignment is kept, invisible, and harmless.
 */
export function deleteLabel(doc: Board, labelId: Id): void {
  const label = requireLabel(doc, labelId)
  if (!label.deleted) label.deleted = true
}

/**
 * Assigns a live label to a card. Concurrency: label sets merge as a union; against a
 * concurrent unassign, the same rule as owners applies (see `addOwner`).
 */
export function assignLabel(doc: Board, cardId: Id, labelId: Id): void {
  const card = requireCard(doc, cardId)
  const label = requireLabel(doc, labelId)
  if (label.deleted)
    throw new ModelError("not-allowed", `The label “${label.name}” has been deleted.`)
  if (card.labels[labelId] !== true) card.labels[labelId] = true
}

/** Removes a label from a card (also works for deleted labels). */
export function unassignLabel(doc: Board, cardId: Id, labelId: Id): void {
  const card = requireCard(doc, cardId)
  if (Object.prototype.hasOwnProperty.call(card.labels, labelId)) delete card.labels[labelId]
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const labelOperations = {
  renameLabel,
  recolorLabel,
  deleteLabel,
  assignLabel,
  unassignLabel,
} as const
