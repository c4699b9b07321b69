/**
 * What the sync indicator shows, kept steady while the person types. Every keystroke is a
 * change, so without this the indicator would flip between "Syncing · 1 change…" and "All
 * changes saved" and count up once per key: a flicker to look at, an announcement per key for
 * a screen reader (the indicator is a live region), and a repaint between keystrokes that
 * makes the next keystroke wait for the browser's next frame.
 *
 * - A change of kind is shown at once (offline, connecting, saved, local-only), except…
 * - "saved" → "syncing": shown only once the relay has been behind for `holdMs`. An edit the
 *   relay confirms within that time never shows as syncing.
 * - The same kind with another count: shown once the count has held for `holdMs`, and at
 *   least every `maxWaitMs` while it keeps moving.
 */
import type { SyncStatus } from "../../session"

export interface SteadyStatusOptions {
  show: (status: SyncStatus) => void
  holdMs?: number
  maxWaitMs?: number
  now?: () => number
  setTimer?: (f: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export function steadyStatus(options: SteadyStatusOptions): {
  update: (status: SyncStatus) => void
  stop: () => void
} {
  const holdMs = options.holdMs ?? 1_000
  const maxWaitMs = options.maxWaitMs ?? 3_000
  const now = options.now ?? (() => performance.now())
  const setTimer = options.setTimer ?? ((f, ms) => setTimeout(f, ms))
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>))
  let shown: SyncStatus | null = null
  let waiting: SyncStatus | null = null
  /** When the first of the updates now waiting arrived. */
  let waitingSince = 0
  let timer: unknown = undefined

  const cancel = (): void => {
    if (timer !== undefined) clearTimer(timer)
    timer = undefined
    waiting = null
  }
  const showNow = (status: SyncStatus): void => {
    cancel()
    shown = status
    options.show(status)
  }
  const held = (status: SyncStatus): boolean => {
    if (shown === null) return false
    if (shown.kind === "saved") return status.kind === "syncing"
    return shown.kind === status.kind
  }
  return {
    update(status) {
      if (shown !== null && JSON.stringify(shown) === JSON.stringify(status)) {
        cancel()
        return
      }
      if (!held(status)) {
        showNow(status)
        return
      }
      const t = now()
      if (waiting === null) waitingSince = t
      waiting = status
      if (timer !== undefined) clearTimer(timer)
      const due = Math.min(t + holdMs, waitingSince + maxWaitMs)
      timer = setTimer(
        () => {
          timer = undefined
          if (waiting !== null) showNow(waiting)
        },
        Math.max(0, due - t),
      )
    },
    stop: cancel,
  }
}
