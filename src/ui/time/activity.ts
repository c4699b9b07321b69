/**
 * Per open board: the Automerge document as a signal (bumped on every change) and the
 * viewer's catch-up, shared by the catch-up panel and the notification centre so the history
 * since the last visit is read once, then only new changes.
 */
import * as A from "@automerge/automerge"
import type { DocHandle } from "@automerge/automerge-repo"
import { createRoot, createSignal } from "solid-js"
import type { Accessor } from "solid-js"
import { CatchUpTracker } from "../../model/catchup"
import type { CatchUp } from "../../model/catchup"
import type { Board } from "../../model/types"
import { readLastSeen, writeLastSeen } from "./lastSeen"

export interface BoardActivity {
  doc: Accessor<A.Doc<Board>>
  catchUp: Accessor<CatchUp>
  /** Remembers the current heads as seen: the catch-up becomes empty. */
  markAllRead(): void
  release(): void
}

const live = new Map<string, { activity: BoardActivity; users: number }>()

/** Shared activity of a board for a member; call `release()` on cleanup. */
export function boardActivity(
  handle: DocHandle<Board>,
  documentId: string,
  memberId: string,
): BoardActivity {
  const k = `${documentId}:${memberId}`
  const existing = live.get(k)
  if (existing) {
    existing.users++
    return existing.activity
  }
  const activity = createRoot((dispose) => {
    const [doc, setDoc] = createSignal<A.Doc<Board>>(handle.doc(), { equals: false })
    let seen = readLastSeen(documentId, memberId)
    if (seen === null) {
      // First visit on this device: from now on, changes by others are news.
      seen = A.getHeads(handle.doc())
      writeLastSeen(documentId, memberId, seen)
    }
    let tracker = new CatchUpTracker(memberId, seen)
    const [catchUp, setCatchUp] = createSignal<CatchUp>({
      status: "ok",
      items: [],
      heads: A.getHeads(handle.doc()),
      changesRead: 0,
    })
    let timer: ReturnType<typeof setTimeout> | undefined
    // The first read (everything since the last visit) runs after the board has painted.
    let first: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
      first = undefined
      setCatchUp(tracker.update(handle.doc()))
    }, 0)
    const onChange = (): void => {
      setDoc(handle.doc())
      if (timer !== undefined) return
      // Coalesce bursts of changes (e.g. a sync after days offline) into one read.
      timer = setTimeout(() => {
        timer = undefined
        setCatchUp(tracker.update(handle.doc()))
      }, 300)
    }
    handle.on("change", onChange)
    return {
      doc,
      catchUp,
      markAllRead() {
        const heads = A.getHeads(handle.doc())
        writeLastSeen(documentId, memberId, heads)
        tracker = new CatchUpTracker(memberId, heads)
        setCatchUp(tracker.update(handle.doc()))
      },
      release() {
        const entry = live.get(k)
        if (!entry) return
        entry.users--
        if (entry.users > 0) return
        live.delete(k)
        handle.off("change", onChange)
        if (timer !== undefined) clearTimeout(timer)
        if (first !== undefined) clearTimeout(first)
        dispose()
      },
    } satisfies BoardActivity
  })
  live.set(k, { activity, users: 1 })
  return activity
}
