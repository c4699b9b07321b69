import * as M from "../src/model/index"
import type { Board } from "../src/model/index"

/**
 * The ordered cards of every list, kept up to date incrementally from the snapshot after each
 * change (as a UI store updated from patches would); gives moves their `listCards` hint.
 */
export class ListIndex {
  private lists = new Map<string, M.Positioned[]>()
  private listOf = new Map<string, string>()
  constructor(board: Board) {
    for (const [listId, cards] of M.cardsByList(board)) {
      this.lists.set(
        listId,
        cards.map((c) => ({ id: c.id, position: c.position })),
      )
      for (const c of cards) this.listOf.set(c.id, listId)
    }
  }
  get(listId: string): M.Positioned[] {
    return this.lists.get(listId) ?? []
  }
  /** Re-reads card `id` from the snapshot after a change. */
  update(board: Board, id: string): void {
    const old = this.listOf.get(id)
    if (old !== undefined) {
      const arr = this.get(old)
      const i = arr.findIndex((c) => c.id === id)
      if (i >= 0) arr.splice(i, 1)
    }
    const card = M.getCard(board, id)
    if (card === undefined || card.archived) {
      this.listOf.delete(id)
      return
    }
    const entry = { id, position: card.position }
    let arr = this.lists.get(card.listId)
    if (arr === undefined) this.lists.set(card.listId, (arr = []))
    let lo = 0
    let hi = arr.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (M.compareByPosition(arr[mid] as M.Positioned, entry) < 0) lo = mid + 1
      else hi = mid
    }
    arr.splice(lo, 0, entry)
    this.listOf.set(id, card.listId)
  }
}
