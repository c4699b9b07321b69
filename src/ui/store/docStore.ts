/**
 * The Solid binding for Automerge documents: a Solid store mirroring the document as plain
 * data, updated from the DocHandle's `change` patches with `produce`, so a component that
 * reads `card.title` re-renders only when that title changes. A patch that does not fit
 * (which should never happen) falls back to reconciling the whole document.
 */
import * as A from "@automerge/automerge"
import type { DocHandle, DocHandleChangePayload } from "@automerge/automerge-repo"
import { batch, createSignal } from "solid-js"
import { $RAW, createStore, produce, reconcile, unwrap } from "solid-js/store"
import { applyPatches } from "./applyPatches"

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
 * Keeps `store` in step with `handle` until the returned function is called. If the store
 * does not match the document when binding (e.g. it was filled from a saved snapshot), it
 * is first reconciled with the current document.
 */
export function bindHandle<T extends object>(
  store: DocStore<T>,
  handle: DocHandle<T>,
  options: { fresh?: boolean } = {},
): () => void {
  if (options.fresh !== true) store.replace(A.toJS(handle.doc()) as T)
  const onChange = ({ patches, doc }: DocHandleChangePayload<T>): void => {
    try {
      store.apply(patches)
    } catch {
      store.replace(A.toJS(doc) as T)
    }
  }
  handle.on("change", onChange)
  return () => handle.off("change", onChange)
}

/** A plain (non-reactive) deep copy of the store's current value. */
export function snapshotOf<T extends object>(store: DocStore<T>): T {
  return structuredClone(unwrap(store.state))
}
