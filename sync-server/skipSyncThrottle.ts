/**
 * A workaround kept in one place: automerge-repo 2.5's DocSynchronizer sends a document's
 * changes to its peers from a "change" listener wrapped in `asyncThrottle(…, 100)` (its
 * `syncDebounceRate`, added in automerge-repo pull request 195), and no Repo option sets that
 * rate. The throttle computes its delay, synchronously, as `lastCall + 100 - Date.now()`. While
 * a handle's "change" listeners run, the relay's clock reads `THROTTLE_SKIP_MS` ahead, so that
 * delay is never positive: changes go out on the next tick, and bursts within one tick still
 * leave as one message per peer. It waits for a public option for the rate; the test beside it
 * fails when an upgrade changes the internals it relies on.
 */
import type { DocHandle } from "@automerge/automerge-repo"

/** More than automerge-repo's sync throttle (100 ms). */
export const THROTTLE_SKIP_MS = 1000

/**
 * Makes `handle`'s "change" listeners see the clock `THROTTLE_SKIP_MS` ahead, except while
 * `throttle()` says batching is wanted (e.g. when the relay is overloaded).
 */
export function skipSyncThrottle(handle: DocHandle<unknown>, throttle: () => boolean): void {
  const emit = handle.emit.bind(handle) as (event: string, ...args: unknown[]) => boolean
  ;(handle as unknown as { emit: typeof emit }).emit = (event, ...args) => {
    if (event !== "change" || throttle()) return emit(event, ...args)
    const realNow = Date.now
    Date.now = () => realNow() + THROTTLE_SKIP_MS
    try {
      return emit(event, ...args)
    } finally {
      Date.now = realNow
    }
  }
}
