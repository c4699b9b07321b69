/**
 * Undo and redo of a person's own changes, as fields put back.
 *
 * Each step the person makes (one `act`, or a run of keystrokes or moves on one thing) is kept
 * as the heads of the document just before and just after each of its changes. Undoing it
 * reads, between those heads, every field it changed (a map entry holding a value, a text, or
 * a whole object it created or deleted) with the value before and after, and puts back the
 * value before, in one new change. Only fields that still hold what the step left are put
 * back: a field a teammate has changed since keeps the teammate's value (their change is never
 * undone), and the person is told so. A teammate's concurrent change is never part of a step,
 * since a step spans only the person's own changes.
 *
 * Redo is the undo of an undo. Pure functions over Automerge documents: no time, no ids.
 */
import * as A from "@automerge/automerge"
import type { Board } from "../model/types"

/** A value that is not there (a key absent from its map). */
export const ABSENT: unique symbol = Symbol("absent")
type Value = unknown

/** One change of the person's: the document's heads before and after it. */
export interface Span {
  before: A.Heads
  after: A.Heads
}

/** A field one step changed, with its value before and after (plain copies). */
export interface FieldChange {
  path: A.Prop[]
  before: Value | typeof ABSENT
  after: Value | typeof ABSENT
}

/** Keys of collaborative text, put back as a text edit (so later concurrent edits merge in). */
const TEXT_KEYS = new Set(["description", "text", "name"])

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

/** A deep plain copy of a value read from a document. */
function plain(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v
  if (Array.isArray(v)) return v.map(plain)
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x)
  return out
}

/** JSON with sorted keys, so equal values give equal strings (`ABSENT` gives its own). */
function key(v: unknown): string {
  if (v === ABSENT) return "\u0000absent"
  return JSON.stringify(v, (_k, x: unknown) => {
    if (!isMap(x)) return x
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(x).sort()) out[k] = x[k]
    return out
  })
}

/** The value at `path` of a document or plain object (`ABSENT` when it is not there). */
export function valueAt(root: unknown, path: readonly A.Prop[]): unknown {
  let node: unknown = root
  for (const k of path) {
    if (!isMap(node) || !Object.prototype.hasOwnProperty.call(node, k)) return ABSENT
    node = node[k as string]
  }
  return node
}

/**
 * The field a patch at `path` changed: its path walked down while both versions hold a map
 * there, up to the first entry that is a value, a text, or missing on one side.
 */
function fieldOf(before: unknown, after: unknown, path: readonly A.Prop[]): A.Prop[] {
  const out: A.Prop[] = []
  let b = before
  let a = after
  for (const k of path) {
    if (!isMap(b) || !isMap(a)) break
    out.push(k)
    b = Object.prototype.hasOwnProperty.call(b, k) ? b[k as string] : undefined
    a = Object.prototype.hasOwnProperty.call(a, k) ? a[k as string] : undefined
  }
  return out
}

/** The fields one change changed, each with its value before and after. */
function spanFields(doc: A.Doc<Board>, span: Span): FieldChange[] {
  const patches = A.diff(doc, span.before, span.after)
  if (patches.length === 0) return []
  const vb = A.view(doc, span.before)
  const va = A.view(doc, span.after)
  const seen = new Set<string>()
  const out: FieldChange[] = []
  for (const p of patches) {
    const path = fieldOf(vb, va, p.path)
    if (path.length === 0) continue
    const k = JSON.stringify(path)
    if (seen.has(k)) continue
    seen.add(k)
    const before = valueAt(vb, path)
    const after = valueAt(va, path)
    out.push({
      path,
      before: before === ABSENT ? ABSENT : plain(before),
      after: after === ABSENT ? ABSENT : plain(after),
    })
  }
  return out
}

/**
 * The fields a step changed over all its changes: for each, the value before its first change
 * and after its last. When someone else changed a field between two of the step's changes,
 * the value before is taken from after their change (theirs is never undone).
 */
export function stepFields(doc: A.Doc<Board>, spans: readonly Span[]): FieldChange[] {
  const byPath = new Map<string, FieldChange & { end: number }>()
  spans.forEach((span, end) => {
    for (const f of spanFields(doc, span)) {
      const k = JSON.stringify(f.path)
      const known = byPath.get(k)
      if (known === undefined || key(known.after) !== key(f.before)) byPath.set(k, { ...f, end })
      else {
        known.after = f.after
        known.end = end
      }
    }
  })
  const all = [...byPath.values()]
  const inside = (g: FieldChange, f: FieldChange): boolean =>
    g !== f && f.path.length < g.path.length && f.path.every((p, i) => g.path[i] === p)
  const out: FieldChange[] = []
  for (const f of all) {
    if (all.some((g) => inside(f, g))) continue
    // A field a later change edited inside (an item added to a checklist the step created) is
    // one field: its value after is what the last of those changes left.
    const last = Math.max(f.end, ...all.filter((g) => inside(g, f)).map((g) => g.end))
    if (last !== f.end) {
      const v = valueAt(A.view(doc, spans[last]!.after), f.path)
      f.after = v === ABSENT ? ABSENT : plain(v)
    }
    if (key(f.before) !== key(f.after)) out.push({ path: f.path, before: f.before, after: f.after })
  }
  return out
}

/** What putting back a step's fields did. */
export interface Reverted {
  /** Fields put back to their value before the step. */
  reverted: number
  /** Fields kept because they were changed since (by someone else), or their place is gone. */
  kept: FieldChange[]
}

/**
 * Puts back, in the change's draft `draft` of `doc`, every field of `fields` that still holds
 * its value after the step; the others are kept and returned.
 */
export function putBack(draft: Board, doc: A.Doc<Board>, fields: readonly FieldChange[]): Reverted {
  let reverted = 0
  const kept: FieldChange[] = []
  for (const f of fields) {
    const now = valueAt(doc, f.path)
    if (key(now === ABSENT ? ABSENT : plain(now)) !== key(f.after)) {
      kept.push(f)
      continue
    }
    const parent = valueAt(draft, f.path.slice(0, -1))
    if (!isMap(parent)) {
      kept.push(f)
      continue
    }
    const k = f.path[f.path.length - 1] as string
    if (f.before === ABSENT) delete parent[k]
    else if (
      typeof f.before === "string" &&
      typeof parent[k] === "string" &&
      TEXT_KEYS.has(k) &&
      A.isAutomerge(draft)
    )
      A.updateText(draft as A.Doc<unknown>, f.path, f.before)
    else parent[k] = plain(f.before)
    reverted++
  }
  return { reverted, kept }
}
