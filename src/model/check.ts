/** Board invariants: `checkBoard` lists every violated one (empty means healthy). */
import {
  archivedCards,
  cardsByList,
  cardsInArchivedLists,
  orphanedCards,
  visibleLists,
} from "./queries"
import { walkBoard } from "./shape"
import type { Board, Id } from "./types"

export type Violation =
  /** A field has the wrong type or shape (path like `cardBuckets.3a.c1.title`). */
  | { kind: "schema"; path: string; message: string }
  /** A position key that cannot be ordered (not a fractional index). */
  | { kind: "position"; path: string; message: string }
  /** A card that no view shows: not on the board, not archived, not orphaned, not in an archived list. */
  | { kind: "unreachable-card"; cardId: Id }
  /** A reference to a list, label or member that does not exist (even as a tombstone). */
  | { kind: "dangling-reference"; path: string; target: "list" | "label" | "member"; id: Id }

function has(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k)
}

/**
 * Checks every invariant of a board: schema, valid positions, every card reachable from some
 * view (board, archive, orphaned cards, archived lists), every card in its own bucket (so never
 * stored twice), no dangling list/label/member reference. Position ties are legal: the order is
 * (position, id) and ids are unique, so it is always total; they are not reported.
 */
export function checkBoard(doc: Board): Violation[] {
  const out: Violation[] = []
  let schemaOk = true
  walkBoard(doc, (kind, path, message) => {
    out.push({ kind, path, message })
    if (kind === "schema") schemaOk = false
    return out.length < 1000
  })
  if (!schemaOk) return out

  // (A card stored twice would be in a bucket it does not belong to: a schema violation above.)
  const seen = new Set<Id>()
  for (const [b, bucket] of Object.entries(doc.cardBuckets)) {
    for (const [id, card] of Object.entries(bucket)) {
      seen.add(id)
      const p = `cardBuckets.${b}.${id}`
      if (!has(doc.lists, card.listId))
        out.push({
          kind: "dangling-reference",
          path: `${p}.listId`,
          target: "list",
          id: card.listId,
        })
      for (const m of Object.keys(card.owners))
        if (!has(doc.members, m))
          out.push({ kind: "dangling-reference", path: `${p}.owners`, target: "member", id: m })
      for (const l of Object.keys(card.labels))
        if (!has(doc.labels, l))
          out.push({ kind: "dangling-reference", path: `${p}.labels`, target: "label", id: l })
      if (!has(doc.members, card.createdBy))
        out.push({
          kind: "dangling-reference",
          path: `${p}.createdBy`,
          target: "member",
          id: card.createdBy,
        })
      for (const [cid, c] of Object.entries(card.comments))
        if (!has(doc.members, c.authorId))
          out.push({
            kind: "dangling-reference",
            path: `${p}.comments.${cid}.authorId`,
            target: "member",
            id: c.authorId,
          })
    }
  }

  const reachable = new Set<Id>()
  const index = cardsByList(doc)
  for (const list of visibleLists(doc))
    for (const c of index.get(list.id) ?? []) reachable.add(c.id)
  for (const c of archivedCards(doc)) reachable.add(c.id)
  for (const c of orphanedCards(doc)) reachable.add(c.id)
  for (const c of cardsInArchivedLists(doc)) reachable.add(c.id)
  for (const id of seen) if (!reachable.has(id)) out.push({ kind: "unreachable-card", cardId: id })
  return out
}
