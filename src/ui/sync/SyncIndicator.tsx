/**

 * Tells the person, truthfully, where their edits of this board are: offline, connecting,
 * syncing (with the number of changes the relay does not have yet), or saved to the relay.
 */
import { createSignal, onCleanup } from "solid-js"
import type { DocHandle, SyncStatus } from "../../session"
import { getRelayConnection, watchSyncStatus } from "../../session"
import { steadyStatus } from "./steadyStatus"
import "./sync.css"

export function describeSyncStatus(status: SyncStatus): { text: string; tone: string } {
  const pending = (n: number | null): string => {
    if (n === null || n === 0) return ""
    return n === 1 ? " · 1 change not on the relay yet" : ` · ${n} changes not on the relay yet`
  }
  switch (status.kind) {
    case "local-only":
      return { text: "Saved on this device", tone: "local" }
    case "offline":
      return { text: `Offline${pending(status.unsynced)}`, tone: "offline" }
    case "connecting":
      return { text: `Connecting…${pending(status.unsynced)}`, tone: "connecting" }
    case "syncing":
      return { text: `Syncing${pending(status.unsynced)}`, tone: "syncing" }
    case "saved":
      return { text: "All changes saved to the relay", tone: "saved" }
  }
}

/** The indicator for one board; mounted in the board toolbar. */
export function SyncIndicator(props: { handle: DocHandle<unknown> }) {
  const [status, setStatus] = createSignal<SyncStatus>({ kind: "connecting", unsynced: null })
  const { repo, relay } = getRelayConnection()
  // The handle of a mounted board page does not change; watching starts once per mount.
  const handle = props.handle // eslint-disable-line solid/reactivity
  const steady = steadyStatus({ show: setStatus })
  const stop = watchSyncStatus(
    {
      repo,
      relay,
      handle,
      storage: typeof localStorage === "undefined" ? undefined : localStorage,
    },
    steady.update,
  )
  onCleanup(() => {
    stop()
    steady.stop()
  })
  const view = () => describeSyncStatus(status())
  return (
    <span
      class={`sync-indicator sync-${view().tone}`}
      role="status"
      aria-live="polite"
      data-sync={status().kind}
    >
      <span class="sync-dot" aria-hidden="true" />
      {view().text}
    </span>
  )
}
