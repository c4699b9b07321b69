import * as A from "@automerge/automerge"

/**
 * Sets a collaborative text field to `value` with a character-level diff (`A.updateText`), so
 * a concurrent edit on another peer is merged instead of overwritten. `path` is the path of
 * the field from the document root. Outside an Automerge document (a plain object, e.g. in a
 * UI test) or on a field that is not text yet, it assigns.
 */
export function setText(
  root: unknown,
  path: (string | number)[],
  target: Record<string, unknown>,
  key: string,
  value: string,
): void {
  const current = target[key]
  if (current === value) return
  // Not `A.getObjectId`: plain copies made by `A.toJS` (e.g. a board's mirror) keep object ids.
  if (typeof current === "string" && A.isAutomerge(root)) {
    A.updateText(root as A.Doc<unknown>, path, value)
  } else {
    target[key] = value
  }
}

/**
 * Sets a title: the whole value is assigned (a fresh text), not spliced, so the field is one
 * last-writer-wins register. Two peers renaming the same thing concurrently end with one of
 * the two titles, the same on every peer (Automerge's conflict resolution on the field);
 * `A.getConflicts` still gives the other one (see `titleConflicts`).
 */
export function setTitle(target: Record<string, unknown>, key: string, value: string): void {
  if (target[key] === value) return
  target[key] = value
}

/**
 * The other values of a title field after concurrent renames: the values that lost the
 * conflict, each with the actor that wrote it (from the operation id `counter@actor`).
 * Empty when there is no conflict or outside an Automerge document.
 */
export function titleConflicts(
  target: unknown,
  key: string,
): { value: string; actor: string; counter: number }[] {
  if (typeof target !== "object" || target === null) return []
  let all: Record<string, unknown> | undefined
  try {
    all = A.getConflicts(target as A.Doc<unknown>, key) as Record<string, unknown> | undefined
  } catch {
    return [] // not an object of an Automerge document
  }
  if (all === undefined) return []
  const current = (target as Record<string, unknown>)[key]
  const out: { value: string; actor: string; counter: number }[] = []
  let winnerSkipped = false
  for (const [opId, v] of Object.entries(all)) {
    const value = typeof v === "string" ? v : String(v)
    if (!winnerSkipped && value === current) {
      winnerSkipped = true
      continue
    }
    const at = opId.indexOf("@")
    out.push({ value, actor: opId.slice(at + 1), counter: Number(opId.slice(0, at)) })
  }
  return out
}
