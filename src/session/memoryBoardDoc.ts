/**
 * A board document held in memory, for tests: the same `BoardDoc` a `DocHandle` gives, with
 * changes made by `A.change` and patches computed the way automerge-repo computes them
 * (`A.diff` between the heads before and after). `merge` brings in a peer's changes.
 */
import * as A from "@automerge/automerge"
import { encodeChangeMeta } from "../model/changeMeta"
import type { Board } from "../model/types"
import type { BoardChange, BoardDoc } from "./BoardDoc"

export interface MemoryBoardDoc extends BoardDoc {
  /** Replaces the document by `next` (e.g. after receiving changes), telling listeners. */
  update(next: A.Doc<Board>): void
  /** Merges another copy's changes in. */
  merge(other: A.Doc<Board>): void
}

export function memoryBoardDoc(initial: A.Doc<Board>, documentId = "memory-board"): MemoryBoardDoc {
  let current = initial
  const listeners = new Set<(change: BoardChange) => void>()
  const update = (next: A.Doc<Board>): void => {
    const before = A.getHeads(current)
    const after = A.getHeads(next)
    current = next
    if (before.length === after.length && before.every((h) => after.includes(h))) return
    const patches = A.diff(next, before, after)
    for (const l of [...listeners]) l({ patches, doc: next })
  }
  return {
    documentId,
    doc: () => current,
    change(fn, meta) {
      update(A.change(current, { message: encodeChangeMeta(meta) }, (d) => fn(d)))
    },
    on(_event, listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    update,
    merge(other) {
      // A.merge leaves `current` in use by nobody else: the copies sent around are clones.
      update(A.merge(current, other))
    },
  }
}
