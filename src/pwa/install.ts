/**
 * Installing Baton. Chromium-based browsers fire `beforeinstallprompt` when the app can be
 * installed; we keep the event so an Install button can show the browser's dialog when the
 * person asks. Other browsers (Safari, Firefox) install from their own menu: we show a hint.
 *
 * The listener is attached when this module is first imported (before the app renders), so
 * an early event is not missed.
 */

/** The non-standard event Chromium fires (not in TypeScript's DOM types). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  readonly userChoice: Promise<{ outcome: "accepted" | "dismissed"; platform: string }>
}

export type InstallState =
  /** The browser offers installation: show the Install button. */
  | "available"
  /** Running as an installed app (standalone window). */
  | "installed"
  /** No prompt from the browser: show a hint about the browser's menu. */
  | "unavailable"

let deferred: BeforeInstallPromptEvent | null = null
let installed = false
const listeners = new Set<(state: InstallState) => void>()

function isStandalone(): boolean {
  if (typeof window === "undefined") return false
  const nav = navigator as Navigator & { standalone?: boolean }
  return (
    window.matchMedia?.("(display-mode: standalone)").matches === true || nav.standalone === true
  )
}

export function installState(): InstallState {
  if (installed || isStandalone()) return "installed"
  return deferred !== null ? "available" : "unavailable"
}

function notify(): void {
  const state = installState()
  for (const l of listeners) l(state)
}

/** Calls `listener` whenever the install state changes; returns the unsubscribe function. */
export function onInstallStateChange(listener: (state: InstallState) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Shows the browser's install dialog. Resolves with the person's choice. */
export async function promptInstall(): Promise<"accepted" | "dismissed" | "unavailable"> {
  const event = deferred
  if (event === null) return "unavailable"
  // The event can be used once.
  deferred = null
  await event.prompt()
  const choice = await event.userChoice
  if (choice.outcome === "accepted") installed = true
  notify()
  return choice.outcome
}

/** A hint for browsers that install from their own menu. */
export function installHint(userAgent: string): string {
  if (/iPhone|iPad|iPod/i.test(userAgent))
    return "To install Baton, tap Share, then “Add to Home Screen”."
  if (/Safari/i.test(userAgent) && !/Chrome|Chromium|Edg/i.test(userAgent)) {
    return "To install Baton, choose File › “Add to Dock”."
  }
  if (/Firefox/i.test(userAgent))
    return "To install Baton, use your browser menu’s “Add to Home screen” or “Install”."
  return "To install Baton, use the install icon in the address bar or the browser menu’s “Install Baton”."
}

if (typeof window !== "undefined") {
  window.addEventListener("beforeinstallprompt", (event) => {
    // Keep the browser's mini-infobar away; our Install button offers it instead.
    event.preventDefault()
    deferred = event as BeforeInstallPromptEvent
    notify()
  })
  window.addEventListener("appinstalled", () => {
    installed = true
    deferred = null
    notify()
  })
}
