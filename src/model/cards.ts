/**
 * Card operations. A card lives in `cardBuckets[bucketOf(id)][id]`; its place is `listId` plus
 * `position`, both last-writer-wins, so a card can never be duplicated or lost by moves.
 * Deleting a card removes it from its bucket: delete wins over any concurrent edit of it.
 */
import { bucketOf } from "./buckets"
import { requireMember } from "./board"
import { ModelError } from "./errors"
import { requireVisibleList } from "./lists"
import type { Positioned } from "./positions"
import { applyRespace, placeAt } from "./positions"
import {
  cardsInList,
  getCard,
  getList,
  indexAtChangeStart,
  isListVisible,
  requireCard,
  visibleLists,
} from "./queries"
import { setText, setTitle } from "./text"
import type { Board, Card, Deadline, Id, IsoInstant } from "./types"
import { argBool, argId, argNow, argText, argTitle, isDeadline, plainDeadline } from "./values"

/** Where to add a card in its list. */
export type CardPlacement = "bottom" | "top" | { after: Id } | { before: Id }

/**
 * Optional speed-up for operations that place a card: the ordered, non-archived cards of the
 * target list as the caller already has them (e.g. `cardsByListCached(handle.doc()).get(listId)`,
 * or the list the user is looking at). Without it the operation scans every card of the board
 * inside the change, which costs about a second on a 10,000-card board (reads through the
 * change proxy are slow), unless `cardsByListCached` was called on the document version the
 * change starts from and the change has not modified anything before this operation (then
 * that index is used); with a hint a move costs about a millisecond. A stale hint only affects
 * where the card lands, never correctness: the card is never lost or duplicated.
 */
export interface PlacementHint {
  listCards?: readonly Positioned[]
}

function siblings(
  doc: Board,
  listId: Id,
  exclude: Id | null,
  hint: PlacementHint | undefined,
): Positioned[] {
  const source: readonly Positioned[] =
    hint?.listCards ?? indexAtChangeStart(doc)?.get(listId) ?? cardsInList(doc, listId)
  const out: Positioned[] = []
  for (const c of source) if (c.id !== exclude) out.push({ id: c.id, position: c.position })
  return out
}

function path(cardId: Id, ...rest: string[]): string[] {
  return ["cardBuckets", bucketOf(cardId), cardId, ...rest]
}

function bucketFor(doc: Board, cardId: Id): Record<Id, Card> {
  const bucket = doc.cardBuckets[bucketOf(cardId)]
  if (bucket === undefined)
    throw new ModelError(
      "not-allowed",
      "This board document is damaged (a card bucket is missing).",
    )
  return bucket
}

/**
 * Adds a card to a visible list: at the bottom (default), top, or right after/before another
 * card of that list. Concurrency: two peers inserting at the same spot get equal positions;
 * those are ordered by id on every peer, and a later insert between them still lands in place.
 */
export function addCard(
  doc: Board,
  args: { id: Id; listId: Id; title: string; memberId: Id; now: IsoInstant; at?: CardPlacement },
  hint?: PlacementHint,
): void {
  const id = argId(args.id, "card")
  const title = argTitle(args.title, "card title")
  const now = argNow(args.now)
  const memberId = argId(args.memberId, "member")
  requireMember(doc, memberId)
  requireVisibleList(doc, args.listId)
  const bucket = bucketFor(doc, id)
  if (Object.prototype.hasOwnProperty.call(bucket, id))
    throw new ModelError("already-exists", `A card with id ${id} already exists.`)
  const ordered = siblings(doc, args.listId, null, hint)
  const at = args.at ?? "bottom"
  let index: number
  if (at === "bottom") index = ordered.length
  else if (at === "top") index = 0
  else {
    const ref = "after" in at ? at.after : at.before
    const i = ordered.findIndex((c) => c.id === ref)
    if (i < 0)
      throw new ModelError(
        "not-found",
        `Cannot place the card next to ${ref}: it is not in that list.`,
      )
    index = "after" in at ? i + 1 : i
  }
  const p = placeAt(ordered, index)
  applyRespace(p.respace, (id) => getCard(doc, id))
  bucket[id] = newCard({
    id,
    listId: args.listId,
    position: p.position,
    title,
    createdBy: memberId,
    createdAt: now,
  })
}

/** A fresh card record: empty description, no owners, labels, checklist or comments. */
export function newCard(
  fields: Pick<Card, "id" | "listId" | "position" | "title" | "createdBy" | "createdAt">,
): Card {
  return {
    ...fields,
    description: "",
    owners: {},
    deadline: null,
    done: false,
    doneAt: null,
    labels: {},
    checklists: {},
    comments: {},
    archived: false,
    urgent: false,
    important: false,
    pinnedAt: null,
  }
}

/**
 * Renames a card. A title is one value (schema 3): concurrent renames resolve to one of the two
 * titles, the same on every peer; the other stays readable as a conflict (`titleConflicts`).
 */
export function setCardTitle(doc: Board, cardId: Id, title: string): void {
  const t = argTitle(title, "card title")
  const card = requireCard(doc, cardId)
  setTitle(card as unknown as Record<string, unknown>, "title", t)
}

/**
 * Sets the description (Markdown). Collaborative text: the new text is applied as a
 * character-level diff, so concurrent edits by two peers both survive.
 */
export function setCardDescription(doc: Board, cardId: Id, text: string): void {
  const t = argText(text, "description")
  const card = requireCard(doc, cardId)
  setText(
    doc,
    path(cardId, "description"),
    card as unknown as Record<string, unknown>,
    "description",
    t,
  )
}

/**
 * Moves a non-archived card to `toIndex` among the non-archived cards of the visible list
 * `toListId` (computed without the moved card). Concurrency: `listId` and `position` are
 * last-writer-wins, so two peers moving the same card leave it in exactly one place, the same
 * on every peer. A card moved into a list another peer concurrently archives stays in that
 * archived list (restored with it); into a list concurrently deleted, it appears in
 * `orphanedCards` and `restoreCard` puts it back.
 */
export function moveCard(
  doc: Board,
  cardId: Id,
  toListId: Id,
  toIndex: number,
  hint?: PlacementHint,
): void {
  const card = requireCard(doc, cardId)
  if (card.archived)
    throw new ModelError("not-allowed", "Restore this archived card before moving it.")
  requireVisibleList(doc, toListId)
  if (typeof toIndex !== "number" || Number.isNaN(toIndex))
    throw new ModelError("invalid-argument", "Invalid card index.")
  const ordered = siblings(doc, toListId, cardId, hint)
  const p = placeAt(ordered, toIndex)
  applyRespace(p.respace, (id) => getCard(doc, id))
  if (card.listId !== toListId) card.listId = toListId
  card.position = p.position
}

/**
 * Archives a card (it leaves the board, listed by `archivedCards`). Concurrency: flags are
 * last-writer-wins; concurrent edits to other fields survive.
 */
export function archiveCard(doc: Board, cardId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const card = requireCard(doc, cardId)
  if (card.archived) return
  card.archived = true
  card.archivedAt = t
}

/**
 * Brings a card back onto the board: un-archives it and, if its list is archived, deleted or
 * unknown (or `toListId` is given), moves it to the bottom of `toListId` or else of the first
 * visible list. Works for archived cards and for `orphanedCards`. Throws if there is no
 * visible list to put it in. `now` is accepted for the history of the change.
 */
export function restoreCard(
  doc: Board,
  cardId: Id,
  now: IsoInstant,
  toListId?: Id,
  hint?: PlacementHint,
): void {
  argNow(now)
  const card = requireCard(doc, cardId)
  let target: Id | null = null
  if (toListId !== undefined) {
    requireVisibleList(doc, toListId)
    if (toListId !== card.listId) target = toListId
  } else if (!isListVisible(getList(doc, card.listId))) {
    const first = visibleLists(doc)[0]
    if (first === undefined)
      throw new ModelError(
        "not-allowed",
        "There is no list to restore this card into: add or restore a list first.",
      )
    target = first.id
  }
  if (card.archived) card.archived = false
  if (card.archivedAt != null) card.archivedAt = null
  if (target !== null) {
    const ordered = siblings(doc, target, cardId, hint)
    const p = placeAt(ordered, ordered.length)
    applyRespace(p.respace, (id) => getCard(doc, id))
    card.listId = target
    card.position = p.position
  }
}

/**
 * Deletes a card for good. Concurrency: delete wins: edits, moves or comments another peer
 * makes to the card concurrently are discarded with it.
 */
export function deleteCard(doc: Board, cardId: Id): void {
  requireCard(doc, cardId)
  delete bucketFor(doc, cardId)[cardId]
}

/**
 * Makes a member an owner of a card. Concurrency: owners are a set; concurrent additions are a
 * union. Adding an owner that is already there changes nothing, so against a concurrent
 * `removeOwner` of that owner, the removal wins; an owner added back after being absent on
 * this peer wins over a concurrent removal.
 */
export function addOwner(doc: Board, cardId: Id, memberId: Id): void {
  const card = requireCard(doc, cardId)
  requireMember(doc, memberId)
  if (card.owners[memberId] !== true) card.owners[memberId] = true
}

/** Removes an owner. See `addOwner` for the outcome against concurrent additions. */
export function removeOwner(doc: Board, cardId: Id, memberId: Id): void {
  const card = requireCard(doc, cardId)
  if (Object.prototype.hasOwnProperty.call(card.owners, memberId)) delete card.owners[memberId]
}

/**
 * Sets the deadline (an instant with its zone, or a date). The deadline is replaced as a
 * whole: concurrent sets are last-writer-wins and never mix two deadlines.
 */
export function setDeadline(doc: Board, cardId: Id, deadline: Deadline): void {
  if (!isDeadline(deadline))
    throw new ModelError(
      "invalid-argument",
      "A deadline is an instant with a time zone, or a YYYY-MM-DD date.",
    )
  const card = requireCard(doc, cardId)
  card.deadline = plainDeadline(deadline)
}

/** Clears the deadline. Last-writer-wins against a concurrent `setDeadline`. */
export function clearDeadline(doc: Board, cardId: Id): void {
  const card = requireCard(doc, cardId)
  if (card.deadline !== null) card.deadline = null
}

/**
 * Sets the start date (an instant with its zone, or a date), replaced as a whole like the
 * deadline: concurrent sets are last-writer-wins and never mix two starts.
 */
export function setStart(doc: Board, cardId: Id, start: Deadline): void {
  if (!isDeadline(start))
    throw new ModelError(
      "invalid-argument",
      "A start date is an instant with a time zone, or a YYYY-MM-DD date.",
    )
  const card = requireCard(doc, cardId)
  card.start = plainDeadline(start)
}

/** Clears the start date. Last-writer-wins against a concurrent `setStart`. */
export function clearStart(doc: Board, cardId: Id): void {
  const card = requireCard(doc, cardId)
  if (card.start !== undefined && card.start !== null) card.start = null
}

/** Marks a card done at `now`. Last-writer-wins against a concurrent `unmarkDone`. */
export function markDone(doc: Board, cardId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const card = requireCard(doc, cardId)
  if (card.done) return
  card.done = true
  card.doneAt = t
}

/** Marks a card not done. Last-writer-wins against a concurrent `markDone`. */
export function unmarkDone(doc: Board, cardId: Id): void {
  const card = requireCard(doc, cardId)
  if (!card.done && card.doneAt === null) return
  card.done = false
  card.doneAt = null
}

/** Sets the urgent flag (Eisenhower). Last-writer-wins. */
export function setUrgent(doc: Board, cardId: Id, urgent: boolean): void {
  const v = argBool(urgent, "Urgent")
  const card = requireCard(doc, cardId)
  if (card.urgent !== v) card.urgent = v
}

/** Sets the important flag (Eisenhower). Last-writer-wins. */
export function setImportant(doc: Board, cardId: Id, important: boolean): void {
  const v = argBool(important, "Important")
  const card = requireCard(doc, cardId)
  if (card.important !== v) card.important = v
}

/** Pins a card at `now` (pinned cards show at the top of the board). Last-writer-wins. */
export function pinCard(doc: Board, cardId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const card = requireCard(doc, cardId)
  if (card.pinnedAt !== null) return
  card.pinnedAt = t
}

/** Unpins a card. Last-writer-wins against a concurrent `pinCard`. */
export function unpinCard(doc: Board, cardId: Id): void {
  const card = requireCard(doc, cardId)
  if (card.pinnedAt !== null) card.pinnedAt = null
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const cardOperations = {
  addCard,
  setCardTitle,
  setCardDescription,
  moveCard,
  archiveCard,
  restoreCard,
  deleteCard,
  addOwner,
  removeOwner,
  setDeadline,
  clearDeadline,
  setStart,
  clearStart,
  markDone,
  unmarkDone,
  setUrgent,
  setImportant,
  pinCard,
  unpinCard,
} as const
