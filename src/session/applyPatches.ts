/**
 * Applies Automerge patches to a plain JavaScript mirror of a document (or to a Solid
 * store draft inside `produce`). Written here rather than using `A.applyPatches`, which
 * refuses map-key deletions on plain objects.
 */
import type { Patch, Prop } from "@automerge/automerge"

type Container = Record<string | number, unknown>

/** A plain copy of document data (what Solid's store may hold). */
export function clone(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return value.map(clone)
  if (value instanceof Uint8Array || value instanceof Date) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = clone(v)
  return out
}

/** The value at `path` inside `root`, or `undefined` when the path leads nowhere. */
export function walk(root: unknown, path: readonly Prop[]): unknown {
  let obj = root
  for (const key of path) {
    if (obj === null || typeof obj !== "object") return undefined
    obj = (obj as Container)[key]
  }
  return obj
}

/** Applies one patch; unknown or mismatched patches throw a `RangeError`. */
export function applyPatch(root: object, patch: Patch): void {
  const path = patch.path
  if (path.length === 0) throw new RangeError("patch with an empty path")
  const key = path[path.length - 1] as Prop
  const parentPath = path.slice(0, -1)
  const parent = walk(root, parentPath)
  // Text is mirrored as a plain string: edits inside it rewrite the grandparent's field.
  const replaceText = (f: (text: string) => string): void => {
    const grand = walk(root, parentPath.slice(0, -1)) as Container
    const field = parentPath[parentPath.length - 1] as Prop
    grand[field] = f(parent as string)
  }
  switch (patch.action) {
    case "put":
      if (parent === null || typeof parent !== "object") {
        throw new RangeError(`put into a non-object at ${path.join("/")}`)
      }
      ;(parent as Container)[key] = clone(patch.value)
      return
    case "del": {
      const n = patch.length ?? 1
      if (typeof parent === "string" && typeof key === "number") {
        replaceText((t) => t.slice(0, key) + t.slice(key + n))
      } else if (Array.isArray(parent) && typeof key === "number") {
        parent.splice(key, n)
      } else if (parent !== null && typeof parent === "object") {
        delete (parent as Container)[key]
      } else {
        throw new RangeError(`del in a non-container at ${path.join("/")}`)
      }
      return
    }
    case "insert":
      if (!Array.isArray(parent) || typeof key !== "number") {
        throw new RangeError(`insert into a non-list at ${path.join("/")}`)
      }
      parent.splice(key, 0, ...patch.values.map(clone))
      return
    case "splice":
      if (typeof parent !== "string" || typeof key !== "number") {
        throw new RangeError(`splice into a non-text at ${path.join("/")}`)
      }
      replaceText((t) => t.slice(0, key) + patch.value + t.slice(key))
      return
    case "inc": {
      const p = parent as Container
      p[key] = (Number(p[key]) || 0) + patch.value
      return
    }
    default:
      // mark, unmark, conflict: nothing to mirror (Baton uses no rich-text marks).
      return
  }
}

export function applyPatches(root: object, patches: readonly Patch[]): void {
  for (const p of patches) applyPatch(root, p)
}
