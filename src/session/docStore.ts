/**
 * The Solid binding for Automerge documents: a Solid store mirroring the document as plain
 * data, updated from the DocHandle's `change` patches with `produce`, so a component that
 * reads `card.title` re-renders only when that title changes. A patch that does not fit
 * (which should never happen) falls back to reconciling the whole document.
 */
import * as A from "@automerge/automerge"
import { batch, createSignal } from "solid-js"
import { $RAW, createStore, produce, reconcile, unwrap } from "solid-js/store"
import { applyPatches, clone, walk } from "./applyPatches"

export interface DocStore<T extends object> {
  /** The reactive, read-only mirror of the document. */
  readonly state: T
  /** Applies Automerge patches (relative to the current mirror). */
  apply(patches: readonly A.Patch[]): void
  /** Replaces the whole mirror, keeping unchanged objects (and their DOM) in place. */
  replace(next: T): void
  /**
   * Changes the mirror itself (a board shown before its document is loaded takes edits this
   * way); what `fn` throws propagates. Counts as a structural change of everything.
   */
  mutate(fn: (draft: T) => void): void
  /**
   * Changes the mirror like `mutate`, for an edit that only assigns or deletes plain values
   * (never moves an object it read from the draft elsewhere): the paths it writes are recorded
   * into `written` and returned, and only what they touch counts as a structural change.
   */
  edit(fn: (draft: T) => void, written?: A.Prop[][]): A.Prop[][]
  /**
   * Makes each of `paths` in the mirror what it is in `source` (the document): unchanged
   * objects keep their identity; a path `source` lacks is removed. Bumps what they touch.
   */
  reread(paths: readonly (readonly A.Prop[])[], source: T): void
  /**
   * A counter that changes whenever a patch matching `options.structural` was applied (or
   * the whole mirror was replaced). Derived indexes (e.g. which cards are in which list)
   * read the plain data with `unwrap` and depend on this one signal instead of tracking
   * thousands of fields.
   */
  structure(): number
  /**
   * The keys (as returned by `options.structural`) of everything structural that changed after
   * `structure()` was `since`, or `"all"` when the whole mirror may have changed (a replace, or
   * `since` is too old to tell). Lets an index update only what a patch touched.
   */
  structureChangedSince(since: number): ReadonlySet<string> | "all"
}

/** Structural changes remembered for `structureChangedSince`; older ones read as "all". */
const STRUCTURE_LOG = 256

/**
 * Solid's `createStore` and `reconcile` first walk the whole value they are given to take store
 * proxies out of it (`unwrap`), unless its root says it is raw already. Values handed to a
 * DocStore are fresh plain data (the device's snapshot, `A.toJS` of the document), holding no
 * proxy, so their root is marked raw and the walk is skipped: it costs ~20 ms for a
 * 1,000-card board and ~90 ms for a 10,000-card board here, on the way to the first paint.
 */
function markRaw<T extends object>(value: T): T {
  Object.defineProperty(value, $RAW, { value, configurable: true })
  return value
}

/**
 * `initial` and the values given to `replace` must be plain data, not taken from a store (a
 * structured clone, `A.toJS`, parsed JSON).
 *
 * `options.structural` tells whether a patch is structural: `false` (not), a key naming what
 * it touched (e.g. a card id), or `true` (structural, touching anything).
 */
export function createDocStore<T extends object>(
  initial: T,
  options: { structural?: (patch: A.Patch) => boolean | string } = {},
): DocStore<T> {
  const [state, setState] = createStore<T>(markRaw(initial))
  const [structure, setStructure] = createSignal(0)
  const structural = options.structural ?? (() => true)
  let seq = 0
  const log: { seq: number; keys: ReadonlySet<string> | "all" }[] = []
  const bump = (keys: ReadonlySet<string> | "all"): void => {
    seq++
    log.push({ seq, keys })
    if (log.length > STRUCTURE_LOG) log.splice(0, log.length - STRUCTURE_LOG)
    setStructure(seq)
  }
  /** Bumps the structural keys of writes at `paths` (as if each were a put there). */
  const bumpPaths = (paths: readonly (readonly A.Prop[])[]): void => {
    const keys = new Set<string>()
    for (const path of paths) {
      const k = structural({ action: "put", path: [...path], value: null })
      if (k === true) return bump("all")
      if (k !== false) keys.add(k)
    }
    if (keys.size > 0) bump(keys)
  }
  const replace = (next: T): void => {
    setState(reconcile(markRaw(next), { key: "id", merge: true }))
    bump("all")
  }
  return {
    state,
    structure,
    structureChangedSince(since) {
      if (since === seq) return new Set()
      const first = log[0]
      if (since > seq || first === undefined || first.seq > since + 1) return "all"
      const keys = new Set<string>()
      for (const entry of log) {
        if (entry.seq <= since) continue
        if (entry.keys === "all") return "all"
        for (const k of entry.keys) keys.add(k)
      }
      return keys
    },
    apply(patches) {
      if (patches.length === 0) return
      batch(() => {
        try {
          setState(produce((draft) => applyPatches(draft as object, patches)))
        } finally {
          // Even after a partial failure the caller reconciles the whole document next.
          let all = false
          const keys = new Set<string>()
          for (const p of patches) {
            const k = structural(p)
            if (k === true) {
              all = true
              break
            }
            if (k !== false) keys.add(k)
          }
          if (all) bump("all")
          else if (keys.size > 0) bump(keys)
        }
      })
    },
    replace,
    edit(fn, written = []) {
      batch(() => {
        try {
          setState(produce((draft) => fn(recordingWrites(draft as T, written))))
        } finally {
          bumpPaths(written)
        }
      })
      return written
    },
    reread(paths, source) {
      if (paths.length === 0) return
      // Only what differs counts: a pending edit read back as written changes nothing.
      const changed: (readonly A.Prop[])[] = []
      batch(() => {
        try {
          setState(
            produce((draft) => {
              for (const path of paths) {
                const parent = walk(draft, path.slice(0, -1))
                if (parent === null || typeof parent !== "object") continue
                const key = path[path.length - 1] as A.Prop
                const value = walk(source, path)
                const target = parent as Record<A.Prop, unknown>
                let differs = false
                const note = (): void => void (differs = true)
                if (value === undefined) {
                  if (key in target) {
                    delete target[key]
                    note()
                  }
                } else {
                  const next = mergeInto(target[key], value, note)
                  if (target[key] !== next) {
                    target[key] = next
                    note()
                  }
                }
                if (differs) changed.push(path)
              }
            }),
          )
        } finally {
          bumpPaths(changed)
        }
      })
    },
    mutate(fn) {
      batch(() => {
        try {
          setState(produce((draft) => fn(draft as T)))
        } finally {
          bump("all")
        }
      })
    },
  }
}

/**
 * `root` seen through a proxy that records the path of every property assigned or deleted
 * (into `written`), at any depth. Reads give the values themselves, wrapped when objects.
 */
function recordingWrites<T extends object>(root: T, written: A.Prop[][]): T {
  const wrap = <O extends object>(target: O, path: A.Prop[]): O =>
    new Proxy(target, {
      get(t, key) {
        const value: unknown = Reflect.get(t, key)
        if (typeof key === "symbol" || value === null || typeof value !== "object") return value
        return wrap(value, [...path, key])
      },
      set(t, key, value) {
        if (typeof key !== "symbol") written.push([...path, key])
        return Reflect.set(t, key, value)
      },
      deleteProperty(t, key) {
        if (typeof key !== "symbol") written.push([...path, key])
        return Reflect.deleteProperty(t, key)
      },
    })
  return wrap(root, [])
}

/**
 * `value` (plain data from the document) merged into `current` (the mirror's, inside
 * `produce`): objects present in both are updated in place, so what shows them keeps them.
 */
function mergeInto(current: unknown, value: unknown, note: () => void): unknown {
  if (
    current === null ||
    value === null ||
    typeof current !== "object" ||
    typeof value !== "object" ||
    Array.isArray(current) !== Array.isArray(value) ||
    value instanceof Uint8Array ||
    value instanceof Date
  )
    return current === value ? current : clone(value)
  if (Array.isArray(current) && Array.isArray(value)) {
    const out = current as unknown[]
    for (let i = 0; i < value.length; i++) {
      const next = mergeInto(out[i], value[i], note)
      if (out[i] !== next) {
        out[i] = next
        note()
      }
    }
    if (out.length > value.length) {
      out.splice(value.length)
      note()
    }
    return out
  }
  const out = current as Record<string, unknown>
  const source = value as Record<string, unknown>
  for (const key of Object.keys(out))
    if (!(key in source)) {
      delete out[key]
      note()
    }
  for (const [key, v] of Object.entries(source)) {
    const next = mergeInto(out[key], v, note)
    if (out[key] !== next) {
      out[key] = next
      note()
    }
  }
  return out
}

/** A document a store can follow: its current value and its change events. */
export interface DocSource<T> {
  doc(): A.Doc<T>
  on(event: "change", listener: (change: DocChange<T>) => void): () => void
}

/** One change of a document: its patches and the document after it. */
export interface DocChange<T> {
  patches: A.Patch[]
  doc: A.Doc<T>
}

/**
 * Keeps `store` in step with `source` until the returned function is called. If the store
 * does not match the document when binding (e.g. it was filled from a saved snapshot), it
 * is first reconciled with the current document.
 */
export function bindDoc<T extends object>(
  store: DocStore<T>,
  source: DocSource<T>,
  options: { fresh?: boolean; overlay?: ChangeOverlay<T> } = {},
): () => void {
  if (options.fresh !== true) store.replace(A.toJS(source.doc()) as T)
  const overlay = options.overlay
  return source.on("change", (payload) => {
    try {
      if (overlay === undefined) store.apply(payload.patches)
      else overlay.change(payload)
    } catch {
      store.replace(A.toJS(payload.doc) as T)
    }
  })
}

/**
 * Takes over applying a document's changes to its store (see `pendingEdit.ts`); throws when
 * the store could not be kept in step (it is then replaced by the whole document).
 */
export interface ChangeOverlay<T> {
  change(payload: DocChange<T>): void
}

/** A plain (non-reactive) deep copy of the store's current value. */
export function snapshotOf<T extends object>(store: DocStore<T>): T {
  return structuredClone(unwrap(store.state))
}
