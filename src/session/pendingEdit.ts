/**
 * An edit shown before it is made. Making a change on a 10,000-card board's Automerge document
 * (and handing it to sync and the change journal) costs a few milliseconds; a keystroke in a
 * card's title or a card moved with the keyboard should reach the screen faster than that. So
 * such an edit is applied to the store first, and written to the document right after the
 * frame that shows it (`later`).
 *
 * At most one edit is pending: a second one, or any other change to the document, writes the
 * pending one first, so the document's changes keep the order in which they were made. Leaving
 * or hiding the page writes it at once (the `later` queue runs then).
 *
 * While an edit is pending the store is ahead of the document. A change arriving from a peer
 * meanwhile is applied to the store except where it touches what the pending edit touched
 * (its patches are relative to the document, not to the store); when the edit is written,
 * everything it touched, and everything skipped, is read again from the document. Whatever
 * happens in between, the store ends up equal to the document.
 */
import type * as A from "@automerge/automerge"
import type { Later } from "../shared/afterFrame"
import type { ChangeOverlay, DocChange, DocStore } from "./docStore"

export interface PendingEdit<T> extends ChangeOverlay<T> {
  /**
   * Applies `show` to the store now and calls `write` (which changes the document the same
   * way) soon after. Throws what `show` throws; nothing is pending then.
   */
  run(show: (draft: T) => void, write: () => void): void
  /** Writes the pending edit now, if there is one. */
  flush(): void
}

export function createPendingEdit<T extends object>(options: {
  store: DocStore<T>
  /** The document the edits are written to. */
  source: { doc(): A.Doc<T> }
  later: Later
  /**
   * The path that is read again for a write at `path` (e.g. a card's path for any write inside
   * the card): it must name an object, or a key of one.
   */
  unit: (path: readonly A.Prop[]) => readonly A.Prop[]
  /** Told when `write` throws: the store is put back to what the document holds. */
  onWriteError: (error: unknown) => void
}): PendingEdit<T> {
  const { store, source, later, unit } = options
  let edit: { write: () => void; touched: (readonly A.Prop[])[] } | null = null
  /** Paths to read again from the document once the pending edit is written. */
  let reread: (readonly A.Prop[])[] = []
  let writing = false

  const covering = (path: readonly A.Prop[]): readonly A.Prop[] | null => {
    if (edit === null) return null
    for (const t of edit.touched) {
      const n = Math.min(t.length, path.length)
      let same = true
      for (let i = 0; i < n && same; i++) same = t[i] === path[i]
      if (same) return path.slice(0, n)
    }
    return null
  }

  const flush = (): void => {
    const e = edit
    if (e === null || writing) return
    writing = true
    reread.push(...e.touched)
    try {
      e.write()
    } catch (error) {
      options.onWriteError(error)
    } finally {
      writing = false
      edit = null
      const paths = dedupe(reread)
      reread = []
      store.reread(paths, source.doc())
    }
  }

  return {
    run(show, write) {
      flush()
      const written: A.Prop[][] = []
      try {
        store.edit(show, written)
      } catch (error) {
        // What it wrote before failing is put back as the document has it.
        store.reread(dedupe(written.map(unit)), source.doc())
        throw error
      }
      const touched = dedupe(written.map(unit))
      if (touched.length === 0) return
      edit = { write, touched }
      later(flush)
    },
    flush,
    change({ patches }: DocChange<T>) {
      if (writing) {
        // The pending edit itself: what it changed is read again from the document.
        for (const p of patches) reread.push(unit(p.path))
        return
      }
      if (edit === null) return store.apply(patches)
      const apply: A.Patch[] = []
      for (const p of patches) {
        const covered = covering(p.path)
        if (covered === null) apply.push(p)
        else reread.push(covered)
      }
      store.apply(apply)
    },
  }
}

function dedupe(paths: readonly (readonly A.Prop[])[]): (readonly A.Prop[])[] {
  const seen = new Set<string>()
  const out: (readonly A.Prop[])[] = []
  for (const p of paths) {
    const k = JSON.stringify(p)
    if (!seen.has(k)) {
      seen.add(k)
      out.push(p)
    }
  }
  return out
}
