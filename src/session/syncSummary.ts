/**
 * One source for where a board's changes are: the board's sync indicator and the home page's
 * per-board count both read it. Each board opened in this page gets one watcher of its sync
 * status (`watchSyncStatus`), kept for the rest of the visit: the repo keeps syncing a board
 * after its page is left, so home learns when the relay has its changes without a reload.
 * Every status change is recorded in the device's list of boards (localStorage), which other
 * tabs of the device read too, so two tabs show the same count.
 */
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import { findDocument } from "../sync/findDocument"
import { UNSYNCED_SOME } from "../sync/device/deviceBoards"
import { getRelayConnection } from "../sync/transport/relayConnection"
import { watchSyncStatus } from "../sync/transport/syncStatus"
import type { SyncStatus } from "../sync/transport/syncStatus"
import { onPageHidden } from "../shared/pageHidden"

/**
 * The number of this device's changes the relay lacks, as the device's board list keeps it: 0
 * when saved, `UNSYNCED_SOME` when some but not how many, `null` without a relay.
 */
export function unsyncedOf(status: SyncStatus): number | null {
  if (status.kind === "saved") return 0
  if (status.kind === "local-only") return null
  return status.unsynced ?? UNSYNCED_SOME
}

type Recorder = (documentId: string, unsynced: number | null) => void

interface Watch {
  handle: DocHandle<unknown>
  status: SyncStatus
  listeners: Set<(status: SyncStatus) => void>
  recorded: number | null | undefined
  stop: () => void
}

const watches = new Map<string, Watch>()
let recorder: Recorder | null = null

/** Where each board's count is kept for the home page (set once by the screens). */
export function recordBoardSyncWith(record: Recorder): void {
  recorder = record
  for (const [id, w] of watches) record(id, unsyncedOf(w.status))
}

/** Records `w`'s count if it changed, batched: typing offline changes it with every key. */
function record(documentId: string, w: Watch): void {
  const unsynced = unsyncedOf(w.status)
  if (unsynced === w.recorded || recorder === null) return
  w.recorded = unsynced
  recorder(documentId, unsynced)
}

let pending = new Set<string>()
let timer: ReturnType<typeof setTimeout> | undefined
const flush = (): void => {
  clearTimeout(timer)
  timer = undefined
  const ids = pending
  pending = new Set()
  for (const id of ids) {
    const w = watches.get(id)
    if (w !== undefined) record(id, w)
  }
}
onPageHidden(flush)

function start(handle: DocHandle<unknown>): Watch {
  const w: Watch = {
    handle,
    status: { kind: "connecting", unsynced: null },
    listeners: new Set(),
    recorded: undefined,
    stop: () => {},
  }
  const documentId = handle.documentId
  watches.set(documentId, w)
  let connection
  try {
    connection = getRelayConnection()
  } catch {
    // No relay connection registered (e.g. an embedding without main.tsx): nothing to tell.
    w.status = { kind: "local-only" }
    return w
  }
  const { repo, relay } = connection
  w.stop = watchSyncStatus(
    {
      repo,
      relay,
      handle,
      storage: typeof localStorage === "undefined" ? undefined : localStorage,
    },
    (status) => {
      const kindChanged = status.kind !== w.status.kind
      w.status = status
      for (const listener of w.listeners) listener(status)
      // A change of state is recorded at once; a count that moves, once it settles.
      if (kindChanged) record(documentId, w)
      else {
        pending.add(documentId)
        timer ??= setTimeout(flush, 500)
      }
    },
  )
  return w
}

/**
 * Calls `listener` with the board's sync status now and on every change, until the returned
 * function is called. The watch itself goes on for the rest of the page's life.
 */
export function watchBoardSync(
  handle: DocHandle<unknown>,
  listener: (status: SyncStatus) => void,
): () => void {
  let w = watches.get(handle.documentId)
  if (w === undefined || w.handle !== handle) {
    w?.stop()
    w = start(handle)
  }
  const watch = w
  watch.listeners.add(listener)
  listener(watch.status)
  return () => watch.listeners.delete(listener)
}

/**
 * Watches a board this page has not opened, whose last known count says the relay lacks some
 * of its changes: loading it lets the repo send them, and the count on home follows. A board
 * that is not on the device is left alone.
 */
export function watchStoredBoardSync(repo: Repo, documentId: string): void {
  if (watches.has(documentId)) return
  findDocument(repo, documentId as DocumentId, { allowableStates: ["ready"] }).then(
    (handle) => {
      if (!watches.has(documentId)) watchBoardSync(handle, () => {})
    },
    () => {
      // Not readable here: the count stays as last known.
    },
  )
}
