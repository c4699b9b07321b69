import { Show, createMemo, createSignal, onCleanup, onMount } from "solid-js"
import type { Repo } from "../../session"
import { parseRoute } from "../boardLink"
import { registerServiceWorker, restoreDraftsAfterReload } from "../../pwa/register"
import type { ServiceWorkerHandle } from "../../pwa/register"
import type { UpdateState } from "../../pwa/updates"
import { installState, onInstallStateChange, promptInstall } from "../../pwa/install"
import { requestPersistentStorage, watchFirstLocalEdit } from "../../pwa/persistence"
import { BATON_VERSION } from "../../pwa/version"
import { UpdatePrompt } from "./UpdatePrompt"
import { SettingsDialog } from "./SettingsDialog"
import "./pwa.css"

/**
 * Everything that makes Baton an installed app, rendered beside the board UI: the update
 * prompt, the Install button, and the settings dialog at `#/settings`. It also registers
 * the service worker and asks for persistent storage after the first edit on this device.
 */
export function PwaChrome(props: { repo: Repo }) {
  const [updateState, setUpdateState] = createSignal<UpdateState>("current")
  const [install, setInstall] = createSignal(installState())
  const [installDismissed, setInstallDismissed] = createSignal(false)
  const [hash, setHash] = createSignal(location.hash)
  const route = createMemo(() => parseRoute(hash()))
  let sw: ServiceWorkerHandle | null = null

  const onHash = (): void => {
    setHash(location.hash)
  }
  window.addEventListener("hashchange", onHash)
  onCleanup(() => window.removeEventListener("hashchange", onHash))
  onCleanup(onInstallStateChange(setInstall))

  onMount(() => {
    document.documentElement.dataset.batonVersion = BATON_VERSION
    sw = registerServiceWorker(props.repo, setUpdateState)
    onCleanup(watchFirstLocalEdit(props.repo, () => void requestPersistentStorage()))
    void restoreDraftsAfterReload()
  })

  const closeSettings = (): void => {
    location.hash = "#/"
  }

  return (
    <>
      <UpdatePrompt
        state={updateState()}
        onReload={() => sw?.controller.applyUpdate() ?? Promise.resolve()}
      />
      <Show when={install() === "available" && !installDismissed() && route().page !== "settings"}>
        <div class="pwa-install" role="complementary" aria-label="Install Baton">
          <button type="button" class="pwa-button primary" onClick={() => void promptInstall()}>
            Install Baton
          </button>
          <button
            type="button"
            class="pwa-button subtle"
            aria-label="Not now"
            onClick={() => setInstallDismissed(true)}
          >
            ×
          </button>
        </div>
      </Show>
      <Show when={route().page === "settings"}>
        <SettingsDialog repo={props.repo} installState={install()} onClose={closeSettings} />
      </Show>
    </>
  )
}
