/** List operations. Lists are tombstoned on delete so concurrent references never dangle. */
import { ModelError } from "./errors"
import { applyRespace, placeAt } from "./positions"
import { getList, isListVisible, visibleLists } from "./queries"
import { setTitle } from "./text"
import type { Board, Id, IsoInstant, List } from "./types"
import { argId, argNow, argTitle } from "./values"

/** Where to add a list. */
export type ListPlacement = "end" | "start" | { after: Id }

export function requireList(doc: Board, listId: Id): List {
  const list = getList(doc, listId)
  if (list === undefined)
    throw new ModelError("not-found", `This list no longer exists (${listId}).`)
  return list
}

export function requireVisibleList(doc: Board, listId: Id): List {
  const list = requireList(doc, listId)
  if (list.deleted)
    throw new ModelError("not-allowed", `The list “${list.title}” has been deleted.`)
  if (list.archived) throw new ModelError("not-allowed", `The list “${list.title}” is archived.`)
  return list
}

/**
 * Adds a list (at the end by default). Concurrency: two peers adding lists at the same spot
 * get equal positions; they are ordered by id on every peer.
 */
export function addList(
  doc: Board,
  args: { id: Id; title: string; now: IsoInstant; at?: ListPlacement },
): void {
  const id = argId(args.id, "list")
  const title = argTitle(args.title, "list title")
  const now = argNow(args.now)
  if (getList(doc, id) !== undefined)
    throw new ModelError("already-exists", `A list with id ${id} already exists.`)
  const ordered = visibleLists(doc)
  const at = args.at ?? "end"
  let index: number
  if (at === "end") index = ordered.length
  else if (at === "start") index = 0
  else {
    const i = ordered.findIndex((l) => l.id === at.after)
    if (i < 0)
      throw new ModelError(
        "not-found",
        `Cannot add after list ${at.after}: it is not on the board.`,
      )
    index = i + 1
  }
  const p = placeAt(ordered, index)
  applyRespace(p.respace, (id) => doc.lists[id])
  doc.lists[id] = {
    id,
    title,
    position: p.position,
    archived: false,
    deleted: false,
    createdAt: now,
  }
}

/** Renames a list. A title is one value: concurrent renames resolve to one of them. */
export function renameList(doc: Board, listId: Id, title: string): void {
  const t = argTitle(title, "list title")
  const list = requireList(doc, listId)
  setTitle(list as unknown as Record<string, unknown>, "title", t)
}

/**
 * Moves a visible list to `toIndex` among the visible lists (computed without the moved list).
 * Concurrency: position is last-writer-wins, so concurrent moves leave the list in exactly one
 * place, the same on every peer; ties are ordered by id.
 */
export function moveList(doc: Board, listId: Id, toIndex: number): void {
  requireVisibleList(doc, listId)
  if (typeof toIndex !== "number" || Number.isNaN(toIndex))
    throw new ModelError("invalid-argument", "Invalid list index.")
  const ordered = visibleLists(doc).filter((l) => l.id !== listId)
  const p = placeAt(ordered, toIndex)
  applyRespace(p.respace, (id) => doc.lists[id])
  ;(doc.lists[listId] as List).position = p.position
}

/**
 * Archives a list: it and its cards leave the board and can be restored with `restoreList`.
 * Concurrency: a card moved into the list concurrently stays in it (restorable with the list,
 * or on its own with `restoreCard`).
 */
export function archiveList(doc: Board, listId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const list = requireList(doc, listId)
  if (list.deleted)
    throw new ModelError("not-allowed", `The list “${list.title}” has been deleted.`)
  if (list.archived) return
  list.archived = true
  list.archivedAt = t
}

/**
 * Brings back an archived or deleted list, with the cards still in it. Concurrency: restore vs
 * a concurrent archive/delete is last-writer-wins per flag.
 */
export function restoreList(doc: Board, listId: Id): void {
  const list = requireList(doc, listId)
  if (list.archived) list.archived = false
  if (list.deleted) list.deleted = false
}

/**
 * Deletes a list. The list stays as a tombstone (`deleted: true`) so that cards in it, including
 * cards another peer moves into it concurrently, stay reachable: they appear in
 * `orphanedCards` and `restoreCard(doc, id, now, toListId)` puts them in a visible list.
 */
export function deleteList(doc: Board, listId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const list = requireList(doc, listId)
  if (list.deleted) return
  list.deleted = true
  list.deletedAt = t
}

export { isListVisible }

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const listOperations = {
  addList,
  renameList,
  moveList,
  archiveList,
  restoreList,
  deleteList,
} as const
