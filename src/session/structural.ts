import type * as A from "@automerge/automerge"

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
