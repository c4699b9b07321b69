/** Whether two sets of heads (Automerge change hashes) name the same changes, in any order. */
export function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h) => b.includes(h))
}
