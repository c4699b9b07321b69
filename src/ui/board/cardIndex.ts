/**
 * Which cards are in which list, in order, kept up to date from the ids of the cards a change
 * touched instead of re-indexing the whole board: moving one card re-sorts nothing and copies
 * only the two lists involved, so on a 10,000-card board a move costs microseconds, not a
 * frame. Lists a change did not touch keep the same array, so their columns do not re-render.
 */
import { cardsByList, compareByPosition, getCard } from "../../model"
import type { Board, Card } from "../../model/types"

export class CardIndex {
  private lists = new Map<string, readonly string[]>()
  /** The cards of each list, in the order of `lists` (the board's own card objects). */
  private cards = new Map<string, readonly Card[]>()
  /** The list each indexed card is in. */
  private listOf = new Map<string, string>()

  /** Indexes every card of `board` (a plain object, not a reactive store). */
  rebuild(board: Board): ReadonlyMap<string, readonly string[]> {
    this.lists = new Map()
    this.cards = new Map()
    this.listOf = new Map()
    for (const [listId, cards] of cardsByList(board)) {
      this.lists.set(
        listId,
        cards.map((c) => c.id),
      )
      this.cards.set(listId, cards)
      for (const c of cards) this.listOf.set(c.id, listId)
    }
    return this.lists
  }

  /**
   * The cards of a list in order, as the board holds them (not copies): what placing a card
   * needs to know of its list, without looking each card up.
   */
  cardsIn(listId: string): readonly Card[] {
    return this.cards.get(listId) ?? []
  }

  /**
   * Re-places the cards in `cardIds` (moved, added, removed, archived or restored) and returns
   * the index: a new map when something changed, in which untouched lists keep their arrays.
   */
  update(board: Board, cardIds: Iterable<string>): ReadonlyMap<string, readonly string[]> {
    const copied = new Map<string, { ids: string[]; cards: Card[] }>()
    const editable = (listId: string): { ids: string[]; cards: Card[] } => {
      let arr = copied.get(listId)
      if (arr === undefined) {
        arr = { ids: [...(this.lists.get(listId) ?? [])], cards: [...this.cardsIn(listId)] }
        copied.set(listId, arr)
      }
      return arr
    }
    for (const id of cardIds) {
      const old = this.listOf.get(id)
      if (old !== undefined) {
        const arr = editable(old)
        const i = arr.ids.indexOf(id)
        if (i >= 0) {
          arr.ids.splice(i, 1)
          arr.cards.splice(i, 1)
        }
        this.listOf.delete(id)
      }
      const card = getCard(board, id)
      if (card === undefined || card.archived) continue
      const arr = editable(card.listId)
      const at = insertionPoint(arr.cards, card)
      arr.ids.splice(at, 0, id)
      arr.cards.splice(at, 0, card)
      this.listOf.set(id, card.listId)
    }
    if (copied.size === 0) return this.lists
    const next = new Map(this.lists)
    for (const [listId, arr] of copied) {
      if (arr.ids.length === 0) {
        next.delete(listId)
        this.cards.delete(listId)
      } else {
        next.set(listId, arr.ids)
        this.cards.set(listId, arr.cards)
      }
    }
    this.lists = next
    return next
  }
}

/** Where `card` goes in `cards` (ordered by `compareByPosition`, not containing it). */
function insertionPoint(cards: readonly Card[], card: Card): number {
  let lo = 0
  let hi = cards.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareByPosition(cards[mid] as Card, card) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
