/**
 * Read helpers. They accept a board snapshot (or the mutable proxy inside a change) and never
 * modify it. All orderings are total: position, then id.
 */
import * as A from "@automerge/automerge"
import { bucketOf } from "./buckets"
import { ModelError } from "./errors"
import { compareByPosition } from "./positions"
import type { Board, Card, Checklist, ChecklistItem, Comment, Id, Label, List } from "./types"

export { compareByPosition }

/** The card with this id, or `undefined`. O(1): looks in its bucket only. */
export function getCard(board: Board, id: Id): Card | undefined {
  const bucket = board.cardBuckets[bucketOf(id)]
  if (bucket === undefined || !Object.prototype.hasOwnProperty.call(bucket, id)) return undefined
  return bucket[id]
}

/** The card with this id; throws `ModelError("not-found")` otherwise. */
export function requireCard(board: Board, id: Id): Card {
  const card = getCard(board, id)
  if (card === undefined) throw new ModelError("not-found", `This card no longer exists (${id}).`)
  return card
}

/** The list with this id (including archived and deleted ones), or `undefined`. */
export function getList(board: Board, id: Id): List | undefined {
  return Object.prototype.hasOwnProperty.call(board.lists, id) ? board.lists[id] : undefined
}

/** Visible means neither archived nor deleted. */
export function isListVisible(list: List | undefined): list is List {
  return list !== undefined && !list.archived && !list.deleted
}

/** Every card of the board, in no particular order. */
export function allCards(board: Board): Card[] {
  const out: Card[] = []
  for (const bucket of Object.values(board.cardBuckets)) {
    for (const card of Object.values(bucket)) out.push(card)
  }
  return out
}

/** Lists that are neither archived nor deleted, ordered. */
export function visibleLists(board: Board): List[] {
  return Object.values(board.lists)
    .filter((l) => !l.archived && !l.deleted)
    .sort(compareByPosition)
}

/** Archived (not deleted) lists, ordered. Restoring one brings back the cards in it. */
export function archivedLists(board: Board): List[] {
  return Object.values(board.lists)
    .filter((l) => l.archived && !l.deleted)
    .sort(compareByPosition)
}

/** Deleted lists (tombstones), ordered. `restoreList` can bring one back. */
export function deletedLists(board: Board): List[] {
  return Object.values(board.lists)
    .filter((l) => l.deleted)
    .sort(compareByPosition)
}

/**
 * The non-archived cards of a list, ordered. Scans every card: to render a whole board use
 * `cardsByList`, which groups all lists in one pass.
 */
export function cardsInList(board: Board, listId: Id): Card[] {
  const out: Card[] = []
  for (const bucket of Object.values(board.cardBuckets)) {
    for (const card of Object.values(bucket)) {
      if (card.listId === listId && !card.archived) out.push(card)
    }
  }
  return out.sort(compareByPosition)
}

/**
 * Index of the non-archived cards of every list id (including lists that are archived,
 * deleted or unknown), each ordered; built in one pass over the cards.
 */
export function cardsByList(board: Board): Map<Id, Card[]> {
  const index = new Map<Id, Card[]>()
  for (const bucket of Object.values(board.cardBuckets)) {
    for (const card of Object.values(bucket)) {
      if (card.archived) continue
      const group = index.get(card.listId)
      if (group === undefined) index.set(card.listId, [card])
      else group.push(card)
    }
  }
  for (const group of index.values()) group.sort(compareByPosition)
  return index
}

const IS_PROXY = Symbol.for("_am_isProxy")
const indexCache = new WeakMap<object, ReadonlyMap<Id, readonly Card[]>>()
/** The latest snapshot indexed by `cardsByListCached`, per Automerge backend, with its heads. */
const lastIndexed = new WeakMap<
  object,
  { heads: string; index: ReadonlyMap<Id, readonly Card[]> }
>()

/**
 * `cardsByList`, memoized per Automerge document snapshot: a document version never changes,
 * so the index is built once per version however often it is asked for (e.g. on every render,
 * and for the `listCards` hint of every move: `cardsByListCached(handle.doc()).get(listId)`).
 * The result is shared: never mutate it. Plain objects, stores and the mutable document inside
 * a change are not cached (computed each time).
 */
export function cardsByListCached(board: Board): ReadonlyMap<Id, readonly Card[]> {
  if (!A.isAutomerge(board) || Reflect.get(board as object, IS_PROXY) === true)
    return cardsByList(board)
  let index = indexCache.get(board)
  if (index === undefined) {
    const fresh = cardsByList(board)
    for (const group of fresh.values()) Object.freeze(group)
    index = fresh
    indexCache.set(board, index)
    lastIndexed.set(A.getBackend(board), { heads: A.getHeads(board).join(","), index })
  }
  return index
}

/**
 * Inside a change (`doc` is the change's mutable document): the list index of the document
 * version the change started from, if `cardsByListCached` already built it and the change has
 * not modified anything yet; otherwise `undefined`. Exact, never stale.
 */
export function indexAtChangeStart(doc: Board): ReadonlyMap<Id, readonly Card[]> | undefined {
  if (!A.isAutomerge(doc) || Reflect.get(doc as object, IS_PROXY) !== true) return undefined
  const backend = A.getBackend(doc)
  const known = lastIndexed.get(backend)
  if (known === undefined || backend.pendingOps() !== 0) return undefined
  return backend.getHeads().join(",") === known.heads ? known.index : undefined
}

/** Archived cards (in any list), most recently archived first, then by id. */
export function archivedCards(board: Board): Card[] {
  return allCards(board)
    .filter((c) => c.archived)
    .sort((a, b) => {
      const ta = a.archivedAt ?? ""
      const tb = b.archivedAt ?? ""
      if (ta !== tb) return ta < tb ? 1 : -1
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    })
}

/**
 * Non-archived cards whose list is deleted (or unknown): they are not shown on the board but
 * `restoreCard(doc, id, now, toListId)` puts them back. Ordered by list, then position.
 */
export function orphanedCards(board: Board): Card[] {
  return allCards(board)
    .filter((c) => {
      if (c.archived) return false
      const list = getList(board, c.listId)
      return list === undefined || list.deleted
    })
    .sort((a, b) => (a.listId < b.listId ? -1 : a.listId > b.listId ? 1 : compareByPosition(a, b)))
}

/** Non-archived cards in an archived (not deleted) list: restoring the list shows them. */
export function cardsInArchivedLists(board: Board): Card[] {
  return allCards(board)
    .filter((c) => {
      if (c.archived) return false
      const list = getList(board, c.listId)
      return list !== undefined && list.archived && !list.deleted
    })
    .sort((a, b) => (a.listId < b.listId ? -1 : a.listId > b.listId ? 1 : compareByPosition(a, b)))
}

/** Labels that are not deleted, ordered by name then id. */
export function liveLabels(board: Board): Label[] {
  return Object.values(board.labels)
    .filter((l) => !l.deleted)
    .sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    )
}

/**
 * The live labels assigned to a card. Assignments of a label deleted later (or concurrently)
 * stay in the document but are not shown.
 */
export function cardLabels(board: Board, card: Card): Label[] {
  const out: Label[] = []
  for (const id of Object.keys(card.labels)) {
    const label = Object.prototype.hasOwnProperty.call(board.labels, id)
      ? board.labels[id]
      : undefined
    if (label !== undefined && !label.deleted) out.push(label)
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))
}

/** The checklists of a card, ordered by position then id. */
export function checklistsOf(card: Card): Checklist[] {
  return Object.values(card.checklists).sort(compareByPosition)
}

/**
 * The checklist an item shows in: the one it was moved to (`shownIn`) while that checklist is
 * on the card, else the one holding it (`homeId`).
 */
export function checklistShowing(card: Card, homeId: Id, item: ChecklistItem): Id {
  const to = item.shownIn
  return typeof to === "string" && Object.prototype.hasOwnProperty.call(card.checklists, to)
    ? to
    : homeId
}

/**
 * The items a checklist of the card shows, ordered by position then id: those it holds, less
 * the ones moved to another checklist, and those moved into it.
 */
export function checklistItems(card: Card, checklist: Checklist): ChecklistItem[] {
  const out: ChecklistItem[] = []
  for (const cl of Object.values(card.checklists))
    for (const item of Object.values(cl.items))
      if (checklistShowing(card, cl.id, item) === checklist.id) out.push(item)
  return out.sort(compareByPosition)
}

/** Items done and items in all, over every checklist of a card (the card's badge). */
export function checklistProgress(card: Card): { done: number; total: number } {
  let done = 0
  let total = 0
  for (const cl of Object.values(card.checklists))
    for (const it of Object.values(cl.items)) {
      total++
      if (it.done) done++
    }
  return { done, total }
}

/** Comments of a card, oldest first (ties by id). */
export function commentsOf(card: Card): Comment[] {
  return Object.values(card.comments).sort((a, b) =>
    a.createdAt < b.createdAt
      ? -1
      : a.createdAt > b.createdAt
        ? 1
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0,
  )
}

/** Owner member ids of a card, sorted. */
export function ownersOf(card: Card): Id[] {
  return Object.keys(card.owners).sort()
}
