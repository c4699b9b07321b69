/**
 * Which cards are in which list, in order, kept up to date from the ids of the cards a change
 * touched instead of re-indexing the whole board: moving one card re-sorts nothing and copies
 * only the two lists involved, so on a 10,000-card board a move costs microseconds, not a
 * frame. Lists a change did not touch keep the same array, so their columns do not re-render.
 */
import type * as A from "@automerge/automerge"
import { cardsByList, compareByPosition, getCard } from "../../model"
import type { Board, Card } from "../../model/types"

/**
 * Whether a patch can change which cards are in which list, or in what order: the id of the
 * card it moved, added, removed or (un)archived, `true` when it may touch any card (a whole
 * bucket), `false` when it changes no card's place.
 */
export function structuralCard(patch: A.Patch): string | boolean {
  const [root, , card, field] = patch.path
  if (root !== "cardBuckets") return false
  const depth = patch.path.length
  if (depth <= 2) return true // a whole bucket added or removed
  if (depth === 3) return typeof card === "string" ? card : true // a whole card
  if (depth === 4 && (field === "listId" || field === "position" || field === "archived"))
    return typeof card === "string" ? card : true
  return false
}

export class CardIndex {
  private lists = new Map<string, readonly string[]>()
  /** The list each indexed card is in. */
  private listOf = new Map<string, string>()

  /** Indexes every card of `board` (a plain object, not a reactive store). */
  rebuild(board: Board): ReadonlyMap<string, readonly string[]> {
    this.lists = new Map()
    this.listOf = new Map()
    for (const [listId, cards] of cardsByList(board)) {
      this.lists.set(
        listId,
        cards.map((c) => c.id),
      )
      for (const c of cards) this.listOf.set(c.id, listId)
    }
    return this.lists
  }

  /**
   * Re-places the cards in `cardIds` (moved, added, removed, archived or restored) and returns
   * the index: a new map when something changed, in which untouched lists keep their arrays.
   */
  update(board: Board, cardIds: Iterable<string>): ReadonlyMap<string, readonly string[]> {
    const copied = new Map<string, string[]>()
    const editable = (listId: string): string[] => {
      let arr = copied.get(listId)
      if (arr === undefined) {
        arr = [...(this.lists.get(listId) ?? [])]
        copied.set(listId, arr)
      }
      return arr
    }
    for (const id of cardIds) {
      const old = this.listOf.get(id)
      if (old !== undefined) {
        const arr = editable(old)
        const i = arr.indexOf(id)
        if (i >= 0) arr.splice(i, 1)
        this.listOf.delete(id)
      }
      const card = getCard(board, id)
      if (card === undefined || card.archived) continue
      const arr = editable(card.listId)
      arr.splice(insertionPoint(board, arr, card), 0, id)
      this.listOf.set(id, card.listId)
    }
    if (copied.size === 0) return this.lists
    const next = new Map(this.lists)
    for (const [listId, arr] of copied) {
      if (arr.length === 0) next.delete(listId)
      else next.set(listId, arr)
    }
    this.lists = next
    return next
  }
}

/** Where `card` goes in `ids` (ordered by `compareByPosition`, not containing it). */
function insertionPoint(board: Board, ids: readonly string[], card: Card): number {
  let lo = 0
  let hi = ids.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const other = getCard(board, ids[mid] as string)
    // A card missing from the board cannot be in the index; treat it as before `card`.
    if (other === undefined || compareByPosition(other, card) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
