/**
 * Whether this device has changes of a board the relay lacks, for the home page. Counting them
 * reads the document's history (about a second on a 10,000-card board), so the board page asks
 * once when the board is left or the page hidden, not on every change.
 */
import type { DocHandle } from "@automerge/automerge-repo"
import type { Board } from "../model/types"
import { UNSYNCED_SOME } from "../sync/device/deviceBoards"
import { getRelayConnection } from "../sync/transport/relayConnection"
import { watchSyncStatus } from "../sync/transport/syncStatus"

/**
 * The number of this device's changes the relay lacks (0 when saved, `UNSYNCED_SOME` when some
 * but not how many, `null` without a relay), or `undefined` when it cannot be told now.
 */
export function unsyncedChanges(handle: DocHandle<Board> | null): number | null | undefined {
  if (handle === null || !handle.isReady()) return undefined
  let result: number | null | undefined
  try {
    const { repo, relay } = getRelayConnection()
    let first = true
    const stop = watchSyncStatus({ repo, relay, handle, storage: localStorage }, (status) => {
      if (!first) return
      first = false
      result =
        status.kind === "saved"
          ? 0
          : status.kind === "local-only"
            ? null
            : (status.unsynced ?? UNSYNCED_SOME)
    })
    stop()
  } catch {
    // No relay connection registered (e.g. an embedding without main.tsx): nothing to tell.
  }
  return result
}
