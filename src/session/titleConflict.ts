/**
 * The other title of a card, a list or the board that two people renamed concurrently. A title is one value: the
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
  return conflictOf(doc, card)
}

export function listTitleConflict(doc: A.Doc<Board>, listId: string): TitleConflict | null {
  const lists = doc.lists as Record<string, Board["lists"][string] | undefined>
  const list = Object.prototype.hasOwnProperty.call(lists, listId) ? lists[listId] : undefined
  if (list === undefined) return null
  return conflictOf(doc, list)
}

export function boardTitleConflict(doc: A.Doc<Board>): TitleConflict | null {
  return conflictOf(doc, doc)
}

function conflictOf(doc: A.Doc<Board>, target: object): TitleConflict | null {
  const other = titleConflicts(target, "title")[0]
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

/**
 * Whether a patch may have changed a title's conflict: a title written, or a conflict added
 * to a field whose value stayed (what a merge that kept this device's rename reports).
 */
export function touchesTitle(patch: A.Patch): boolean {
  return patch.action === "conflict" || patch.path[patch.path.length - 1] === "title"
}
