/**
 * The moments after which a page may get no further chance to write: it is hidden (on a phone,
 * switching apps is often the last event a page gets), left (`pagehide`), or frozen. Every
 * saver on the page (the repo's writes, the change journal, the board snapshot, the sync
 * summary) flushes at these same moments, so they are listened for in this one place.
 */

/** What is listened to: the browser's `window` and `document` (plain targets in tests). */
export interface PageTargets {
  window: Pick<EventTarget, "addEventListener" | "removeEventListener">
  document: Pick<EventTarget, "addEventListener" | "removeEventListener"> & {
    readonly visibilityState: string
  }
}

function browserTargets(): PageTargets | undefined {
  return typeof document === "undefined" ? undefined : { window, document }
}

/**
 * Calls `listener` each time the page is hidden, left or frozen (it may run more than once for
 * one departure: flushing twice must be harmless). Returns a function that stops listening.
 * Outside a browser it never calls and returns a no-op.
 */
export function onPageHidden(
  listener: () => void,
  targets: PageTargets | undefined = browserTargets(),
): () => void {
  if (targets === undefined) return () => {}
  const { window: win, document: doc } = targets
  const onVisibility = (): void => {
    if (doc.visibilityState === "hidden") listener()
  }
  win.addEventListener("pagehide", listener)
  doc.addEventListener("freeze", listener)
  doc.addEventListener("visibilitychange", onVisibility)
  return () => {
    win.removeEventListener("pagehide", listener)
    doc.removeEventListener("freeze", listener)
    doc.removeEventListener("visibilitychange", onVisibility)
  }
}
