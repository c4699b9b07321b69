/** Deferring work that nobody waits for until the page is idle. */

/**
 * Runs `f` after `delayMs`, when the page is next idle (at the latest `timeoutMs` later; at
 * once outside a browser); returns a function that cancels it.
 */
export function whenIdle(f: () => void, delayMs = 0, timeoutMs = 1000): () => void {
  let idle: number | undefined
  const timer = setTimeout(() => {
    if (typeof requestIdleCallback === "function")
      idle = requestIdleCallback(f, { timeout: timeoutMs })
    else f()
  }, delayMs)
  return () => {
    clearTimeout(timer)
    if (idle !== undefined) cancelIdleCallback(idle)
  }
}

/** A task deferred until changes pause; see `whenQuiet`. */
export interface QuietTask {
  /** Something changed: run the task once things are quiet. */
  poke(): void
  /** Runs the task now if a change is waiting for it. */
  flush(): void
  /** Forgets the waiting change. */
  cancel(): void
}

/**
 * Runs `task` once changes pause: `quietMs` after the latest `poke()`, but no later than
 * `maxWaitMs` after the first poke it has not run for yet (so a steady stream of changes still
 * gets it now and then), each time when the page is next idle (within `idleTimeoutMs`). For
 * work over a whole large board that nobody waits for: it then runs between bursts of typing
 * instead of in the gaps between keystrokes, where it would delay the next one.
 */
export function whenQuiet(
  task: () => void,
  options: { quietMs: number; maxWaitMs: number; idleTimeoutMs?: number },
): QuietTask {
  /** When the oldest change the task has not run for was made, or null. */
  let since: number | null = null
  let cancelIdle: (() => void) | null = null
  const run = (): void => {
    cancelIdle?.()
    cancelIdle = null
    if (since === null) return
    since = null
    task()
  }
  return {
    poke() {
      const now = Date.now()
      since ??= now
      cancelIdle?.()
      const wait = Math.min(options.quietMs, since + options.maxWaitMs - now)
      cancelIdle = whenIdle(run, Math.max(0, wait), options.idleTimeoutMs)
    },
    flush: run,
    cancel() {
      cancelIdle?.()
      cancelIdle = null
      since = null
    },
  }
}
