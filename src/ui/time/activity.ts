/**
 * Per open board: the Automerge document as a signal and the viewer's catch-up, shared by the
 * catch-up panel and the notification centre so the history since the last visit is read
 * once, then only new changes. Both are refreshed once a burst of changes pauses (at least
 * every few seconds during a long one), when the page is idle, never on the input path: what
 * they feed (notifications over every card, the catch-up read of new history) costs 10-27 ms
 * on a 10,000-card board, more than a frame, so it must not run between two keystrokes.
 */
import type { Doc, DocHandle } from "../../session"
import { headsOf } from "../../model/heads"
import { batch, createRoot, createSignal } from "solid-js"
import type { Accessor } from "solid-js"
import { CatchUpTracker } from "../../model/catchup"
import type { CatchUp, CatchUpItem, ChangeValues } from "../../model/catchup"
import type { Board } from "../../model/types"
import { whenIdle, whenQuiet } from "../../shared/idle"
import { readCardsRead, readLastSeen, writeCardsRead, writeLastSeen } from "./lastSeen"

export interface BoardActivity {
  doc: Accessor<Doc<Board>>
  catchUp: Accessor<CatchUp>
  /** Remembers the current heads as seen: the catch-up becomes empty. */
  markAllRead(): void
  /** Hides one card's items until another change reaches it (remembered on this device). */
  markCardRead(cardId: string): void
  /** Old and new value of an item (read when shown). */
  values(item: CatchUpItem): ChangeValues | null
  release(): void
}

/** The catch-up and notifications follow changes once they pause this long… */
const QUIET_MS = 1000
/** …or this long after the first change they have not shown, during a steady stream. */
const MAX_WAIT_MS = 5000

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
    const [doc, setDoc] = createSignal<Doc<Board>>(handle.doc(), { equals: false })
    let seen = readLastSeen(documentId, memberId)
    if (seen === null) {
      // First visit on this device: from now on, changes by others are news.
      seen = headsOf(handle.doc())
      writeLastSeen(documentId, memberId, seen)
    }
    let tracker = new CatchUpTracker(memberId, seen, readCardsRead(documentId, memberId))
    const [catchUp, setCatchUp] = createSignal<CatchUp>({
      status: "ok",
      items: [],
      heads: headsOf(handle.doc()),
      changesRead: 0,
    })
    const refresh = (): void => {
      batch(() => {
        setDoc(handle.doc())
        setCatchUp(tracker.update(handle.doc()))
      })
    }
    // The first read (everything since the last visit) runs once the board is idle.
    let first: (() => void) | undefined = whenIdle(() => {
      first = undefined
      refresh()
    })
    // Bursts of changes (typing, a sync after days offline) are read once they pause, so the
    // read runs between bursts of typing, not between keystrokes.
    const later = whenQuiet(refresh, { quietMs: QUIET_MS, maxWaitMs: MAX_WAIT_MS })
    const onChange = (): void => {
      if (first === undefined) later.poke()
    }
    handle.on("change", onChange)
    return {
      doc,
      catchUp,
      markAllRead() {
        const heads = headsOf(handle.doc())
        writeLastSeen(documentId, memberId, heads)
        writeCardsRead(documentId, memberId, {})
        tracker = new CatchUpTracker(memberId, heads)
        setCatchUp(tracker.update(handle.doc()))
      },
      markCardRead(cardId: string) {
        tracker.markCardRead({ cardId }, catchUp().items)
        writeCardsRead(documentId, memberId, tracker.cardsRead())
        setCatchUp(tracker.update(handle.doc()))
      },
      values(item: CatchUpItem) {
        return tracker.values(item)
      },
      release() {
        const entry = live.get(k)
        if (!entry) return
        entry.users--
        if (entry.users > 0) return
        live.delete(k)
        handle.off("change", onChange)
        later.cancel()
        first?.()
        dispose()
      },
    } satisfies BoardActivity
  })
  live.set(k, { activity, users: 1 })
  return activity
}
