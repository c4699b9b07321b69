/**
 * Checklist operations on one card. A card holds several named checklists, each keyed by id
 * and ordered by position then id; each checklist holds its items the same way. Item ids are
 * unique across the card's checklists, so the item operations find an item by its id alone.
 */
import { requireMember } from "./board"
import { bucketOf } from "./buckets"
import { ModelError } from "./errors"
import { placeAt } from "./positions"
import { checklistItems, checklistShowing, checklistsOf, requireCard } from "./queries"
import { setText } from "./text"
import type { Board, Card, Checklist, ChecklistItem, Deadline, Id } from "./types"
import { argBool, argId, argTitle, isDeadline, plainDeadline } from "./values"

function has(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k)
}

function requireChecklist(card: Card, checklistId: Id): Checklist {
  const cl = has(card.checklists, checklistId) ? card.checklists[checklistId] : undefined
  if (cl === undefined)
    throw new ModelError("not-found", `This checklist no longer exists (${checklistId}).`)
  return cl
}

/** The checklist holding an item, if any. */
function findItem(card: Card, itemId: Id): { list: Checklist; item: ChecklistItem } | undefined {
  for (const list of Object.values(card.checklists)) {
    const item = has(list.items, itemId) ? list.items[itemId] : undefined
    if (item !== undefined) return { list, item }
  }
  return undefined
}

function requireItem(card: Card, itemId: Id): { list: Checklist; item: ChecklistItem } {
  const found = findItem(card, itemId)
  if (found === undefined)
    throw new ModelError("not-found", `This checklist item no longer exists (${itemId}).`)
  return found
}

function applyRespace(
  map: Record<Id, { position: string }>,
  respace: { id: string; position: string }[],
): void {
  for (const r of respace) {
    const it = map[r.id]
    if (it !== undefined) it.position = r.position
  }
}

/** Respaces items by id wherever on the card they are held (a checklist shows moved-in items). */
function respaceItems(card: Card, respace: { id: string; position: string }[]): void {
  for (const r of respace) {
    const found = findItem(card, r.id)
    if (found !== undefined) found.item.position = r.position
  }
}

function argIndex(toIndex: unknown, what: string): number {
  if (typeof toIndex !== "number" || Number.isNaN(toIndex))
    throw new ModelError("invalid-argument", `Invalid ${what} index.`)
  return toIndex
}

/**
 * Adds a named checklist to a card, at the end (default) or right after another checklist.
 * Concurrency: checklists added by two peers at once both survive (distinct ids); at the same
 * spot they are ordered by id on every peer.
 */
export function addChecklist(
  doc: Board,
  cardId: Id,
  args: { id: Id; name: string; at?: "end" | { after: Id } },
): void {
  const id = argId(args.id, "checklist")
  const name = argTitle(args.name, "checklist name")
  const card = requireCard(doc, cardId)
  if (has(card.checklists, id))
    throw new ModelError("already-exists", `A checklist with id ${id} already exists.`)
  const ordered = checklistsOf(card)
  let index = ordered.length
  const at = args.at ?? "end"
  if (at !== "end") {
    const i = ordered.findIndex((c) => c.id === at.after)
    if (i < 0)
      throw new ModelError("not-found", `Cannot add after checklist ${at.after}: not on this card.`)
    index = i + 1
  }
  const p = placeAt(ordered, index)
  applyRespace(card.checklists, p.respace)
  card.checklists[id] = { id, name, position: p.position, items: {} }
}

/**
 * Renames a checklist. Collaborative text: concurrent renames merge character by character.
 * Against a concurrent delete of the checklist, the delete wins.
 */
export function renameChecklist(doc: Board, cardId: Id, checklistId: Id, name: string): void {
  const n = argTitle(name, "checklist name")
  const card = requireCard(doc, cardId)
  const cl = requireChecklist(card, checklistId)
  setText(
    doc,
    ["cardBuckets", bucketOf(cardId), cardId, "checklists", checklistId, "name"],
    cl as unknown as Record<string, unknown>,
    "name",
    n,
  )
}

/**
 * Moves a checklist to `toIndex` among the card's checklists (computed without it).
 * Concurrent moves: last-writer-wins on its position, one order on every peer.
 */
export function moveChecklist(doc: Board, cardId: Id, checklistId: Id, toIndex: number): void {
  const i = argIndex(toIndex, "checklist")
  const card = requireCard(doc, cardId)
  const cl = requireChecklist(card, checklistId)
  const ordered = checklistsOf(card).filter((c) => c.id !== checklistId)
  const p = placeAt(ordered, i)
  applyRespace(card.checklists, p.respace)
  cl.position = p.position
}

/**
 * Deletes a checklist with the items it shows. Delete wins: items another peer adds to it,
 * edits, checks or drags into it concurrently go with it; the card's other checklists are
 * untouched. Items it holds that were dragged to another checklist move there for good (as a
 * copy of their current values: an edit a teammate makes to such an item meanwhile is lost),
 * and items dragged into it from another checklist go with it.
 */
export function deleteChecklist(doc: Board, cardId: Id, checklistId: Id): void {
  const card = requireCard(doc, cardId)
  const cl = requireChecklist(card, checklistId)
  const shown = new Set(checklistItems(card, cl).map((it) => it.id))
  for (const other of Object.values(card.checklists)) {
    if (other.id === checklistId) continue
    for (const id of Object.keys(other.items)) if (shown.has(id)) delete other.items[id]
  }
  for (const [id, item] of Object.entries(cl.items)) {
    const to = checklistShowing(card, checklistId, item)
    if (to === checklistId) continue
    const target = card.checklists[to] as Checklist
    const copy: ChecklistItem = { id, text: item.text, done: item.done, position: item.position }
    if (item.owner !== undefined && item.owner !== null) copy.owner = item.owner
    if (item.deadline !== undefined && item.deadline !== null)
      copy.deadline = plainDeadline(item.deadline)
    target.items[id] = copy
  }
  delete card.checklists[checklistId]
}

/**
 * Adds an item to a checklist of the card, at the end (default) or right after another item
 * of that checklist. Concurrent additions at the same spot are ordered by id on every peer;
 * an addition to a checklist deleted concurrently goes with the checklist.
 */
export function addChecklistItem(
  doc: Board,
  cardId: Id,
  checklistId: Id,
  args: { id: Id; text: string; at?: "end" | { after: Id } },
): void {
  const id = argId(args.id, "checklist item")
  const text = argTitle(args.text, "checklist item")
  const card = requireCard(doc, cardId)
  const cl = requireChecklist(card, checklistId)
  if (findItem(card, id) !== undefined)
    throw new ModelError("already-exists", `A checklist item with id ${id} already exists.`)
  const ordered = checklistItems(card, cl)
  let index = ordered.length
  const at = args.at ?? "end"
  if (at !== "end") {
    const i = ordered.findIndex((it) => it.id === at.after)
    if (i < 0)
      throw new ModelError(
        "not-found",
        `Cannot add after item ${at.after}: it is not in this checklist.`,
      )
    index = i + 1
  }
  const p = placeAt(ordered, index)
  respaceItems(card, p.respace)
  cl.items[id] = { id, text, done: false, position: p.position }
}

/** Edits an item's text. Collaborative text. Against a concurrent delete, the delete wins. */
export function editChecklistItem(doc: Board, cardId: Id, itemId: Id, text: string): void {
  const t = argTitle(text, "checklist item")
  const card = requireCard(doc, cardId)
  const { list, item } = requireItem(card, itemId)
  setText(
    doc,
    ["cardBuckets", bucketOf(cardId), cardId, "checklists", list.id, "items", itemId, "text"],
    item as unknown as Record<string, unknown>,
    "text",
    t,
  )
}

/** Checks or unchecks an item. Last-writer-wins. */
export function toggleChecklistItem(doc: Board, cardId: Id, itemId: Id, done: boolean): void {
  const v = argBool(done, "Done")
  const { item } = requireItem(requireCard(doc, cardId), itemId)
  if (item.done !== v) item.done = v
}

/**
 * Moves an item to `toIndex` among the items of the checklist it shows in (computed without
 * it). Concurrent moves: last-writer-wins, one total order on every peer.
 */
export function moveChecklistItem(doc: Board, cardId: Id, itemId: Id, toIndex: number): void {
  const i = argIndex(toIndex, "checklist")
  const card = requireCard(doc, cardId)
  const { list, item } = requireItem(card, itemId)
  const shownIn = card.checklists[checklistShowing(card, list.id, item)] as Checklist
  const ordered = checklistItems(card, shownIn).filter((it) => it.id !== itemId)
  const p = placeAt(ordered, i)
  respaceItems(card, p.respace)
  item.position = p.position
}

/**
 * Moves an item to `toIndex` among the items of another checklist of the card (or of its own:
 * then as `moveChecklistItem`). The item keeps its id, owner, deadline and done state, and a
 * teammate's concurrent edit of it is kept. Concurrent moves of one item: the last writer's
 * checklist and place win, the same on every peer; against a concurrent delete of the target
 * checklist, the item goes back to its own.
 */
export function moveChecklistItemTo(
  doc: Board,
  cardId: Id,
  itemId: Id,
  checklistId: Id,
  toIndex: number,
): void {
  const i = argIndex(toIndex, "checklist")
  const card = requireCard(doc, cardId)
  const target = requireChecklist(card, checklistId)
  const { list, item } = requireItem(card, itemId)
  const ordered = checklistItems(card, target).filter((it) => it.id !== itemId)
  const p = placeAt(ordered, i)
  respaceItems(card, p.respace)
  // Written together, so concurrent moves resolve both values to the same writer.
  const shownIn = checklistId === list.id ? null : checklistId
  if ((item.shownIn ?? null) !== shownIn) item.shownIn = shownIn
  item.position = p.position
}

/** Deletes an item. Delete wins over concurrent edits of it. */
export function deleteChecklistItem(doc: Board, cardId: Id, itemId: Id): void {
  const card = requireCard(doc, cardId)
  const { list } = requireItem(card, itemId)
  delete list.items[itemId]
}

/**
 * Gives an item an owner (a member of the board), or none (`null`). Last-writer-wins against
 * a concurrent owner change; against a concurrent delete of the item or its checklist, the
 * delete wins.
 */
export function setChecklistItemOwner(
  doc: Board,
  cardId: Id,
  itemId: Id,
  memberId: Id | null,
): void {
  if (memberId !== null) requireMember(doc, argId(memberId, "member"))
  const { item } = requireItem(requireCard(doc, cardId), itemId)
  if ((item.owner ?? null) !== memberId) item.owner = memberId
}

/**
 * Sets an item's deadline (an instant with its zone, or a date), or clears it (`null`).
 * Replaced as a whole, like a card's: concurrent sets keep one and never mix two. Against a
 * concurrent delete of the item or its checklist, the delete wins.
 */
export function setChecklistItemDeadline(
  doc: Board,
  cardId: Id,
  itemId: Id,
  deadline: Deadline | null,
): void {
  if (deadline !== null && !isDeadline(deadline))
    throw new ModelError(
      "invalid-argument",
      "A deadline is an instant with a time zone, or a YYYY-MM-DD date.",
    )
  const { item } = requireItem(requireCard(doc, cardId), itemId)
  if (deadline === null) {
    if (item.deadline !== undefined && item.deadline !== null) item.deadline = null
    return
  }
  item.deadline = plainDeadline(deadline)
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const checklistOperations = {
  addChecklist,
  renameChecklist,
  moveChecklist,
  deleteChecklist,
  addChecklistItem,
  editChecklistItem,
  toggleChecklistItem,
  moveChecklistItem,
  moveChecklistItemTo,
  deleteChecklistItem,
  setChecklistItemOwner,
  setChecklistItemDeadline,
} as const
