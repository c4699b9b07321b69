/**
 * Registers Baton's service worker with workbox-window and wires the update flow: checks for
 * a new version when the app comes back to the foreground, when the network returns and
 * every hour; a waiting version raises the update prompt (see updates.ts).
 */
import { Workbox } from "workbox-window"
import type { Repo } from "@automerge/automerge-repo"
import { captureDrafts, saveDrafts, takeDrafts, restoreDrafts } from "./drafts"
import { createUpdateController } from "./updates"
import type { UpdateController, UpdateState } from "./updates"

export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

export interface ServiceWorkerHandle {
  controller: UpdateController
  /** Asks the server whether a new version exists (the browser also does on navigation). */
  checkForUpdate(): Promise<void>
}

/**
 * Registers `sw.js` (production builds only; the dev server has no worker). Returns null
 * where service workers are unavailable (dev server, old browsers, some private modes).
 */
export function registerServiceWorker(
  repo: Repo,
  onState: (state: UpdateState) => void,
): ServiceWorkerHandle | null {
  if (import.meta.env.MODE === "development" || !("serviceWorker" in navigator)) return null
  const base = import.meta.env.BASE_URL
  const workbox = new Workbox(`${base}sw.js`, { scope: base })
  const controller = createUpdateController({
    workbox,
    beforeReload: async () => {
      saveDrafts(sessionStorage, captureDrafts(document))
      await repo.flush()
    },
    reload: () => location.reload(),
    onState,
  })
  const checkForUpdate = async (): Promise<void> => {
    try {
      await workbox.update()
    } catch {
      // Offline or the server is down: try again later.
    }
  }
  void workbox.register().catch((e: unknown) => {
    console.warn(
      "Baton: the service worker could not be registered; the app will not work offline.",
      e,
    )
  })
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void checkForUpdate()
  })
  window.addEventListener("online", () => void checkForUpdate())
  setInterval(() => void checkForUpdate(), UPDATE_CHECK_INTERVAL_MS)
  return { controller, checkForUpdate }
}

/** After an update reload: puts unsaved text back into the fields it was typed in. */
export function restoreDraftsAfterReload(): Promise<number> {
  let drafts
  try {
    drafts = takeDrafts(sessionStorage)
  } catch {
    return Promise.resolve(0)
  }
  return restoreDrafts(document, drafts)
}
