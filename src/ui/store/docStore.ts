/**
 * The Solid binding for Automerge documents: a Solid store mirroring the document as plain
 * data, updated from the DocHandle's `change` patches with `produce`, so a component that
 * reads `card.title` re-renders only when that title changes. A patch that does not fit
 * (which should never happen) falls back to reconciling the whole document.
 */
import * as A from "@automerge/automerge"
import type { DocHandle, DocHandleChangePayload } from "@automerge/automerge-repo"
import { batch, createSignal } from "solid-js"
import { createStore, produce, reconcile, unwrap } from "solid-js/store"
import { applyPatches } from "./applyPatches"

export interface DocStore<T extends object> {
  /** The reactive, read-only mirror of the document. */
  readonly state: T
  /** Applies Automerge patches (relative to the current mirror). */
  apply(patches: readonly A.Patch[]): void
  /** Replaces the whole mirror, keeping unchanged objects (and their DOM) in place. */
  replace(next: T): void
  /**
   * A counter that changes whenever a patch matching `options.structural` was applied (or
   * the whole mirror was replaced). Derived indexes (e.g. which cards are in which list)
   * read the plain data with `unwrap` and depend on this one signal instead of tracking
   * thousands of fields.
   */
  structure(): number
}

export function createDocStore<T extends object>(
  initial: T,
  options: { structural?: (patch: A.Patch) => boolean } = {},
): DocStore<T> {
  const [state, setState] = createStore<T>(initial)
  const [structure, setStructure] = createSignal(0)
  const structural = options.structural ?? (() => true)
  const replace = (next: T): void => {
    setState(reconcile(next, { key: "id", merge: true }))
    setStructure((n) => n + 1)
  }
  return {
    state,
    structure,
    apply(patches) {
      if (patches.length === 0) return
      batch(() => {
        try {
          setState(produce((draft) => applyPatches(draft as object, patches)))
        } finally {
          // Even after a partial failure the caller reconciles the whole document next.
          if (patches.some(structural)) setStructure((n) => n + 1)
        }
      })
    },
    replace,
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
