/**
 * Destructive or large actions with an Undo in their toast: move, archive and delete of
 * cards, archive of lists. The toast's Undo undoes that step through the session's undo (the
 * same as Ctrl+Z: a normal change that keeps whatever a teammate changed since).
 */
import { getCard, visibleLists } from "../../model"
import type { Card } from "../../model/types"
import { announce, notify } from "../notices"
import type { BoardCtx } from "./context"

/**
 * The cards of a list from the board's index, handed to the model so that placing a card scans
 * only that list, not every card of the board. The card being placed may be among them: the
 * model leaves it out (copying a 500-card list without it cost ~0.4 ms a move).
 */
export function placementHint(ctx: BoardCtx, listId: string): { listCards: readonly Card[] } {
  return { listCards: ctx.cardsIn(listId) }
}

/** Tells what an undo or redo did (a toast, and the screen reader). */
function tell(result: { done: boolean; message: string } | null, none: string): void {
  const message = result?.message ?? none
  announce(message)
  notify(message, { key: "undo" })
}

/** Ctrl/Cmd+Z: undoes the person's last step on the board. */
export function undoLast(ctx: BoardCtx): void {
  tell(ctx.session.undo(), "Nothing to undo.")
}

/** Ctrl/Cmd+Shift+Z or Ctrl+Y: redoes the last undone step. */
export function redoLast(ctx: BoardCtx): void {
  tell(ctx.session.redo(), "Nothing to redo.")
}

/** The Undo of a toast: undoes the step just made (`null` if none was recorded). */
function undoOf(ctx: BoardCtx): (() => void) | undefined {
  const id = ctx.session.latestStep()
  if (id === null) return undefined
  return () => tell(ctx.session.undo(id), "Nothing to undo.")
}

function listTitle(ctx: BoardCtx, listId: string): string {
  return ctx.board.lists[listId]?.title ?? "a list"
}

/** Moves a card to `toIndex` of `toListId` (index among that list's cards without it). */
export function moveCardWithUndo(
  ctx: BoardCtx,
  cardId: string,
  toListId: string,
  toIndex: number,
): boolean {
  const card = getCard(ctx.board, cardId)
  if (card === undefined) return false
  const fromList = card.listId
  const fromIndex = ctx.cardIds(fromList).indexOf(cardId)
  const title = card.title
  if (fromList === toListId && fromIndex === toIndex) return false
  const hint = placementHint(ctx, toListId)
  const count = hint.listCards.length + (fromList === toListId ? 0 : 1)
  if (!ctx.act("moveCard", cardId, toListId, toIndex, hint)) return false
  const where = `${listTitle(ctx, toListId)}, position ${toIndex + 1} of ${count}`
  announce(`Moved ${title} to ${where}`)
  notify(`Moved “${title}” to ${where}.`, { key: `move:${cardId}`, undo: undoOf(ctx) })
  return true
}

export function archiveCardWithUndo(ctx: BoardCtx, cardId: string): boolean {
  const title = getCard(ctx.board, cardId)?.title ?? "card"
  if (!ctx.act("archiveCard", cardId, new Date().toISOString())) return false
  announce(`Card ${title} archived`)
  notify(`Archived “${title}”.`, { undo: undoOf(ctx) })
  return true
}

export function archiveListWithUndo(ctx: BoardCtx, listId: string): boolean {
  const title = listTitle(ctx, listId)
  if (!ctx.act("archiveList", listId, new Date().toISOString())) return false
  announce(`List ${title} archived`)
  notify(`Archived list “${title}”.`, { undo: undoOf(ctx) })
  return true
}

/**
 * Deletes a card for everyone; Undo puts it back as it was (same id, place, fields, checklists
 * and comments).
 */
export function deleteCardWithUndo(ctx: BoardCtx, cardId: string): boolean {
  const title = getCard(ctx.board, cardId)?.title
  if (title === undefined) return false
  if (!ctx.act("deleteCard", cardId)) return false
  announce(`Card ${title} deleted`)
  notify(`Deleted “${title}”.`, { undo: undoOf(ctx) })
  return true
}

/** Moves a list to `toIndex` among the visible lists (computed without it). */
export function moveListWithUndo(ctx: BoardCtx, listId: string, toIndex: number): boolean {
  const order = visibleLists(ctx.board).map((l) => l.id)
  const fromIndex = order.indexOf(listId)
  if (fromIndex < 0 || fromIndex === toIndex) return false
  const title = listTitle(ctx, listId)
  if (!ctx.act("moveList", listId, toIndex)) return false
  announce(`Moved list ${title} to position ${toIndex + 1} of ${order.length}`)
  notify(`Moved list “${title}”.`, { undo: undoOf(ctx) })
  return true
}
