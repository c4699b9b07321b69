import * as A from "@automerge/automerge"

/** Whether two sets of heads (Automerge change hashes) name the same changes, in any order. */
export function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h) => b.includes(h))
}

/** The heads of a board's document (its current version), for screens that keep no Automerge. */
export function headsOf(doc: A.Doc<unknown>): string[] {
  return A.getHeads(doc)
}
