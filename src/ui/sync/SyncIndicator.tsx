/**
 * Tells the person, truthfully, where their edits of this board are: offline, connecting,
 * syncing (with the number of changes the relay does not have yet), saved to the relay, or,
 * after `UNREACHABLE_AFTER_MS` without it, since when the relay cannot be reached and how many
 * changes are kept on this device meanwhile. The same status feeds the home page's count
 * (`watchBoardSync`). A screen reader hears changes of state, not every change of the count.
 */
import { createSignal, onCleanup } from "solid-js"
import type { DocHandle, SyncStatus } from "../../session"
import { watchBoardSync } from "../../session"
import { describeSyncStatus } from "./describeSyncStatus"
import { steadyStatus } from "./steadyStatus"
import "./sync.css"

/** The indicator for one board; mounted in the board toolbar. */
export function SyncIndicator(props: { handle: DocHandle<unknown> }) {
  const [status, setStatus] = createSignal<SyncStatus>({ kind: "connecting", unsynced: null })
  // The handle of a mounted board page does not change; watching starts once per mount.
  const handle = props.handle // eslint-disable-line solid/reactivity
  const steady = steadyStatus({ show: setStatus })
  const stop = watchBoardSync(handle, steady.update)
  onCleanup(() => {
    stop()
    steady.stop()
  })
  const view = () => describeSyncStatus(status())
  return (
    <>
      <span class={`sync-indicator sync-${view().tone}`} data-sync={status().kind}>
        <span class="sync-dot" aria-hidden="true" />
        {view().text}
      </span>
      <span class="sr-only sync-announcer" role="status" aria-live="polite">
        {view().announcement}
      </span>
    </>
  )
}
