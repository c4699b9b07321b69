/** Checklist operations on one card. Items are keyed by id and ordered by position, then id. */
import { bucketOf } from "./buckets"
import { ModelError } from "./errors"
import { placeAt } from "./positions"
import { checklistItems, requireCard } from "./queries"
import { setText } from "./text"
import type { Board, Card, ChecklistItem, Id } from "./types"
import { argBool, argId, argTitle } from "./values"

function requireItem(card: Card, itemId: Id): ChecklistItem {
  const item = Object.prototype.hasOwnProperty.call(card.checklist, itemId)
    ? card.checklist[itemId]
    : undefined
  if (item === undefined)
    throw new ModelError("not-found", `This checklist item no longer exists (${itemId}).`)
  return item
}

function applyRespace(card: Card, respace: { id: string; position: string }[]): void {
  for (const r of respace) {
    const it = card.checklist[r.id]
    if (it !== undefined) it.position = r.position
  }
}

/**
 * Adds a checklist item at the end (default) or right after another item. Concurrent additions
 * at the same spot are ordered by id on every peer.
 */
export function addChecklistItem(
  doc: Board,
  cardId: Id,
  args: { id: Id; text: string; at?: "end" | { after: Id } },
): void {
  const id = argId(args.id, "checklist item")
  const text = argTitle(args.text, "checklist item")
  const card = requireCard(doc, cardId)
  if (Object.prototype.hasOwnProperty.call(card.checklist, id))
    throw new ModelError("already-exists", `A checklist item with id ${id} already exists.`)
  const ordered = checklistItems(card)
  let index = ordered.length
  const at = args.at ?? "end"
  if (at !== "end") {
    const i = ordered.findIndex((it) => it.id === at.after)
    if (i < 0)
      throw new ModelError(
        "not-found",
        `Cannot add after item ${at.after}: it is not on this card.`,
      )
    index = i + 1
  }
  const p = placeAt(ordered, index)
  applyRespace(card, p.respace)
  card.checklist[id] = { id, text, done: false, position: p.position }
}

/** Edits an item's text. Collaborative text. Against a concurrent delete, the delete wins. */
export function editChecklistItem(doc: Board, cardId: Id, itemId: Id, text: string): void {
  const t = argTitle(text, "checklist item")
  const card = requireCard(doc, cardId)
  const item = requireItem(card, itemId)
  setText(
    doc,
    ["cardBuckets", bucketOf(cardId), cardId, "checklist", itemId, "text"],
    item as unknown as Record<string, unknown>,
    "text",
    t,
  )
}

/** Checks or unchecks an item. Last-writer-wins. */
export function toggleChecklistItem(doc: Board, cardId: Id, itemId: Id, done: boolean): void {
  const v = argBool(done, "Done")
  const item = requireItem(requireCard(doc, cardId), itemId)
  if (item.done !== v) item.done = v
}

/**
 * Moves an item to `toIndex` among the card's items (computed without it). Concurrent moves:
 * last-writer-wins, one total order on every peer.
 */
export function moveChecklistItem(doc: Board, cardId: Id, itemId: Id, toIndex: number): void {
  const card = requireCard(doc, cardId)
  const item = requireItem(card, itemId)
  if (typeof toIndex !== "number" || Number.isNaN(toIndex))
    throw new ModelError("invalid-argument", "Invalid checklist index.")
  const ordered = checklistItems(card).filter((it) => it.id !== itemId)
  const p = placeAt(ordered, toIndex)
  applyRespace(card, p.respace)
  item.position = p.position
}

/** Deletes an item. Delete wins over concurrent edits of it. */
export function deleteChecklistItem(doc: Board, cardId: Id, itemId: Id): void {
  const card = requireCard(doc, cardId)
  requireItem(card, itemId)
  delete card.checklist[itemId]
}
