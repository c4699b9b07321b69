/**
 * The other title of a card two people renamed concurrently. A title is one value: the
 * document keeps one of the two renames (the same on every device), and Automerge still holds
 * the other as a conflict of that field until someone renames the card again.
 */
import * as A from "@automerge/automerge"
import { bucketOf } from "../model/buckets"
import { decodeChangeMeta } from "../model/changeMeta"
import { titleConflicts } from "../model/text"
import type { Board } from "../model/types"

export interface TitleConflict {
  /** The title that did not win. */
  title: string
  /** Who set it (from its change's message), when known. */
  memberId: string | null
}

export function cardTitleConflict(doc: A.Doc<Board>, cardId: string): TitleConflict | null {
  const card = doc.cardBuckets[bucketOf(cardId)]?.[cardId]
  if (card === undefined) return null
  const other = titleConflicts(card, "title")[0]
  if (other === undefined) return null
  return { title: other.value, memberId: authorOf(doc, other.actor, other.counter) }
}

/** The member whose change holds operation `counter@actor`. */
function authorOf(doc: A.Doc<Board>, actor: string, counter: number): string | null {
  for (const c of A.getChangesMetaSince(doc, [])) {
    if (c.actor !== actor || counter < c.startOp || counter > c.maxOp) continue
    return decodeChangeMeta(c.message)?.memberId ?? null
  }
  return null
}
