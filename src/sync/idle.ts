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
