/**
 * The polite update flow. A new service worker that finished installing waits; the person
 * sees "A new version of Baton is ready — Reload" and decides when. Nothing reloads by itself.
 *
 * Reload: pending document writes are flushed to IndexedDB and unsaved text fields are kept
 * (see drafts.ts) first; then the waiting worker is told to take over (SKIP_WAITING) and the
 * page reloads once it controls the page. The hash route is part of the URL, so the person
 * comes back to the same board and card.
 */

/** The part of workbox-window's `Workbox` this flow uses (so it can be tested without a browser). */
export interface WorkboxLike {
  addEventListener(
    type: "waiting" | "controlling",
    listener: (event: { isExternal?: boolean }) => void,
  ): void
  messageSkipWaiting(): void
}

export type UpdateState =
  /** Running the newest version we know of. */
  | "current"
  /** A new version is installed and waits for the person's Reload. */
  | "ready"
  /** Reload pressed: saving, then switching to the new version. */
  | "reloading"

export interface UpdateControllerOptions {
  workbox: WorkboxLike
  /** Saves everything the person has: flush repo writes, keep unsaved field contents. */
  beforeReload: () => Promise<void>
  /** Reloads the page (keeps the URL, hash included). */
  reload: () => void
  /** Called on every state change. */
  onState: (state: UpdateState) => void
  /** How long to wait for the new worker to take control before reloading anyway. */
  takeoverTimeoutMs?: number
  setTimer?: (fn: () => void, ms: number) => unknown
}

export interface UpdateController {
  state(): UpdateState
  /** The person pressed Reload. Resolves once the reload was requested. */
  applyUpdate(): Promise<void>
}

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
  let state: UpdateState = "current"
  /** A worker is installed and waiting (as opposed to one another tab already activated). */
  let waiting = false
  let reloadRequested = false

  const set = (next: UpdateState): void => {
    if (next === state) return
    state = next
    options.onState(next)
  }
  const reloadOnce = (): void => {
    if (reloadRequested) return
    reloadRequested = true
    options.reload()
  }

  options.workbox.addEventListener("waiting", () => {
    waiting = true
    if (state === "current") set("ready")
  })
  options.workbox.addEventListener("controlling", () => {
    waiting = false
    if (state === "reloading") {
      reloadOnce()
    } else {
      // Another tab switched to the new version: this page still runs the old code. Offer
      // the reload; never reload under the person's hands.
      set("ready")
    }
  })

  return {
    state: () => state,
    async applyUpdate() {
      if (state === "reloading") return
      set("reloading")
      try {
        await options.beforeReload()
      } catch (e) {
        // Saving failed: do not reload, the person keeps the page and its data.
        set("ready")
        throw e
      }
      if (waiting) {
        options.workbox.messageSkipWaiting()
        // If the worker never takes over (it was replaced meanwhile), reload anyway: the
        // person asked for it and everything is saved.
        setTimer(reloadOnce, options.takeoverTimeoutMs ?? 4000)
      } else {
        reloadOnce()
      }
    },
  }
}
