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
