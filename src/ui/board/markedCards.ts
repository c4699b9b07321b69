/**
 * The ids of the cards that carry a mark (a pin, a pinned comment, the template flag), kept
 * from the document's changes card by card: a reactive scan of every card re-ran on each card
 * added, archived or moved, and cost ~40 ms per added card on a 10,000-card board.
 */
import { createSignal, onCleanup } from "solid-js"
import type { Accessor } from "solid-js"
import { allCards, getCard } from "../../model/queries"
import type { Board, Card } from "../../model/types"
import type { DocHandle, DocHandleChangePayload } from "../../session"

/**
 * Follows `handle`: a card is re-read when a patch touches it whole or touches one of
 * `fields`. Call it inside a reactive owner (it stops following on cleanup).
 */
export function markedCards(
  handle: DocHandle<Board>,
  fields: ReadonlySet<string>,
  marked: (c: Card) => boolean,
): Accessor<ReadonlySet<string>> {
  const scan = (board: Board): Set<string> =>
    new Set(allCards(board).flatMap((c) => (marked(c) ? [c.id] : [])))
  const [ids, setIds] = createSignal<ReadonlySet<string>>(scan(handle.doc()))
  const onChange = ({ doc, patches }: DocHandleChangePayload<Board>): void => {
    let next: Set<string> | null = null
    for (const p of patches) {
      const [root, bucket, cardId, field] = p.path
      if (root !== "cardBuckets") continue
      if (typeof cardId !== "string" || bucket === undefined) {
        next = scan(doc) // a whole bucket (or all of them) changed
        break
      }
      if (field !== undefined && !fields.has(String(field))) continue
      next ??= new Set(ids())
      const c = getCard(doc, cardId)
      if (c !== undefined && marked(c)) next.add(cardId)
      else next.delete(cardId)
    }
    if (next !== null) setIds(next)
  }
  handle.on("change", onChange) // eslint-disable-line solid/reactivity -- an event listener
  onCleanup(() => handle.off("change", onChange))
  return ids
}

/** Whether the card is pinned or holds a pinned comment. */
export function hasPins(c: Card): boolean {
  if (c.pinnedAt) return true
  for (const k of Object.values(c.comments)) if (k.pinnedAt) return true
  return false
}
