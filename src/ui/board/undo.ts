/**
 * Destructive or large actions with an Undo in their toast: move, archive and delete of
 * cards, archive of lists. Undo is itself a normal change (so it merges like any edit).
 */
import { unwrap } from "solid-js/store"
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
  notify(`Moved “${title}” to ${where}.`, {
    key: `move:${cardId}`,
    undo: () => {
      const back = placementHint(ctx, fromList)
      if (ctx.act("moveCard", cardId, fromList, Math.max(0, fromIndex), back))
        announce(`Moved ${title} back to ${listTitle(ctx, fromList)}`)
    },
  })
  return true
}

export function archiveCardWithUndo(ctx: BoardCtx, cardId: string): boolean {
  const title = getCard(ctx.board, cardId)?.title ?? "card"
  if (!ctx.act("archiveCard", cardId, new Date().toISOString())) return false
  announce(`Card ${title} archived`)
  notify(`Archived “${title}”.`, {
    undo: () => ctx.act("restoreCard", cardId, new Date().toISOString()),
  })
  return true
}

export function archiveListWithUndo(ctx: BoardCtx, listId: string): boolean {
  const title = listTitle(ctx, listId)
  if (!ctx.act("archiveList", listId, new Date().toISOString())) return false
  announce(`List ${title} archived`)
  notify(`Archived list “${title}”.`, {
    undo: () => ctx.act("restoreList", listId),
  })
  return true
}

/**
 * Deletes a card for everyone; Undo re-creates it (same id, place, fields, checklist and
 * comments) from a copy taken just before.
 */
export function deleteCardWithUndo(ctx: BoardCtx, cardId: string): boolean {
  const live = getCard(ctx.board, cardId)
  if (live === undefined) return false
  const copy = structuredClone(unwrap(live)) as Card
  const index = ctx.cardIds(copy.listId).indexOf(cardId)
  if (!ctx.act("deleteCard", cardId)) return false
  announce(`Card ${copy.title} deleted`)
  notify(`Deleted “${copy.title}”.`, {
    undo: () => {
      const hint = placementHint(ctx, copy.listId)
      const now = new Date().toISOString()
      const ok = ctx.act("restoreDeletedCard", copy, index, ctx.memberId(), now, hint)
      if (ok) announce(`Card ${copy.title} restored`)
    },
  })
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
  notify(`Moved list “${title}”.`, {
    undo: () => ctx.act("moveList", listId, fromIndex),
  })
  return true
}
