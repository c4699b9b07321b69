/**
 * Where this device's edits of one board are, told truthfully: "saved to the relay" only when
 * the relay's heads for the document include every change this device has; otherwise how
 * many local changes the relay does not have yet.
 *
 * The relay's heads come from the sync protocol (automerge-repo records them per storage id
 * as `SyncInfo`) and are remembered per document on the device, so the count survives a reload
 * while offline.
 */
import * as A from "@automerge/automerge"
import { decodeHeads } from "@automerge/automerge-repo"
import type { DocHandle, Repo, StorageId, UrlHeads } from "@automerge/automerge-repo"
import type { ConnectionState } from "./RelayClientAdapter"
import { sameHeads } from "../../model/heads"

export type SyncStatus =
  /** No relay configured: everything stays on this device. */
  | { kind: "local-only" }
  | { kind: "offline"; unsynced: number | null }
  | { kind: "connecting"; unsynced: number | null }
  /**
   * Not connected for `UNREACHABLE_AFTER_MS` or more: the relay was last reached at `since`
   * (an ISO instant; when this device started trying, if it never did), and `unsynced` of this
   * device's changes are kept only here meanwhile.
   */
  | { kind: "unreachable"; since: string; unsynced: number | null }
  /** Connected; the relay lacks `unsynced` of this device's changes (or has newer ones). */
  | { kind: "syncing"; unsynced: number | null }
  /** The relay's heads include all of this device's changes. */
  | { kind: "saved" }

/**
 * How many changes of `doc` are not in the history the relay reported (`relayHeads`), or
 * `null` when that cannot be told: nothing is known of the relay's copy, or the relay has
 * changes this device has not received yet (then the caller falls back to older relay heads
 * that this device does know, which can only overstate what is missing).
 */
export function countUnsynced(doc: A.Doc<unknown>, relayHeads: A.Heads | null): number | null {
  if (relayHeads === null) return null
  if (!A.hasHeads(doc, relayHeads)) return null
  const local = A.getHeads(doc)
  if (sameHeads(relayHeads, local)) return 0
  // Change metadata only: never materialises the board (a whole-board view costs ~1 s at
  // 10,000 cards).
  return A.getChangesMetaSince(doc, relayHeads).length
}

/**
 * `countUnsynced` that does not re-read every unsynced change each time: while the relay's
 * heads stay the same, the changes made since the last count are all unsynced (everything the
 * relay has was already in the history counted then), so only those are read. An offline
 * device typing for an hour would otherwise read its whole unsynced history on every count.
 */
export function unsyncedCounter(): (
  doc: A.Doc<unknown>,
  relayHeads: A.Heads | null,
) => number | null {
  let last: { relay: A.Heads; local: A.Heads; count: number } | null = null
  return (doc, relayHeads) => {
    if (relayHeads === null) return null
    const local = A.getHeads(doc)
    if (last !== null && sameHeads(last.relay, relayHeads) && A.hasHeads(doc, last.local)) {
      if (!sameHeads(last.local, local)) {
        const since = A.getChangesMetaSince(doc, last.local).length
        last = { relay: relayHeads, local, count: last.count + since }
      }
      return last.count
    }
    const count = countUnsynced(doc, relayHeads)
    last = count === null ? null : { relay: relayHeads, local, count }
    return count
  }
}

/** Relay heads remembered per document (so an offline reload still knows what is unsynced). */
export interface HeadsMemory {
  get(documentId: string): A.Heads | null
  set(documentId: string, heads: A.Heads): void
}

/** `HeadsMemory` on top of a `Storage` (localStorage), tolerant of corrupt entries. */
export function storageHeadsMemory(storage: Pick<Storage, "getItem" | "setItem">): HeadsMemory {
  const key = (id: string): string => `baton.relayHeads.${id}`
  return {
    get(id) {
      try {
        const raw = storage.getItem(key(id))
        if (raw === null) return null
        const parsed: unknown = JSON.parse(raw)
        if (Array.isArray(parsed) && parsed.every((h) => typeof h === "string")) return parsed
        return null
      } catch {
        return null
      }
    },
    set(id, heads) {
      try {
        storage.setItem(key(id), JSON.stringify(heads))
      } catch {
        // A full or unavailable storage only costs the offline count, never data.
      }
    },
  }
}

/** The connection to the relay as this module needs it. */
export interface RelayConnection {
  readonly state: ConnectionState
  readonly remotePeerId: string | undefined
  /** Since when (epoch ms) it has not been connected; `null` while connected. */
  readonly downSince?: number | null
  onStateChange(listener: (s: ConnectionState) => void): () => void
}

const STORAGE_ID_KEY = "baton.relayStorageId"

/** How long without the relay before "Connecting…" becomes "Can't reach the relay since…". */
export const UNREACHABLE_AFTER_MS = 10_000

/** When a tab of this device was last connected to the relay (epoch ms), for every tab. */
export const RELAY_REACHED_KEY = "baton.relayReachedAt"

/**
 * Keeps `RELAY_REACHED_KEY` current: written when the connection comes up and when it goes
 * down, so a tab opened while the relay is out of reach says since when the device has been
 * without it, as the tab that lost it does.
 */
export function recordRelayReached(
  relay: RelayConnection,
  storage: Pick<Storage, "setItem">,
  now: () => number = Date.now,
): () => void {
  let last = relay.state
  const write = (): void => {
    try {
      storage.setItem(RELAY_REACHED_KEY, String(now()))
    } catch {
      // Only the time shown while unreachable is at stake.
    }
  }
  if (last === "connected") write()
  return relay.onStateChange((state) => {
    if (state === "connected" || last === "connected") write()
    last = state
  })
}

function lastReached(storage: Pick<Storage, "getItem"> | undefined): number | null {
  try {
    const v = Number(storage?.getItem(RELAY_REACHED_KEY) ?? NaN)
    return Number.isFinite(v) && v > 0 ? v : null
  } catch {
    return null
  }
}

/**
 * Calls `onStatus` now and whenever the status of `handle` changes; returns a stop function.
 * Recomputation is throttled to one per `throttleMs`.
 */
export function watchSyncStatus(
  options: {
    repo: Repo
    relay: RelayConnection | null
    handle: DocHandle<unknown>
    memory?: HeadsMemory
    storage?: Pick<Storage, "getItem" | "setItem">
    throttleMs?: number
    /** Default `UNREACHABLE_AFTER_MS`. */
    unreachableAfterMs?: number
    now?: () => number
  },
  onStatus: (status: SyncStatus) => void,
): () => void {
  const { repo, relay, handle } = options
  if (relay === null) {
    onStatus({ kind: "local-only" })
    return () => {}
  }
  const storage = options.storage
  const memory = options.memory ?? (storage ? storageHeadsMemory(storage) : null)
  const documentId = handle.documentId
  let relayStorageId: StorageId | undefined =
    (storage?.getItem(STORAGE_ID_KEY) as StorageId | null) ?? undefined
  let relayHeads: A.Heads | null = memory?.get(documentId) ?? null
  /** The latest relay heads that this device has all of. */
  let confirmedHeads: A.Heads | null = null

  const readRelayHeads = (): void => {
    const peer = relay.remotePeerId
    if (peer !== undefined) {
      const sid = repo.getStorageIdOfPeer(peer as Parameters<Repo["getStorageIdOfPeer"]>[0])
      if (sid !== undefined && sid !== relayStorageId) {
        relayStorageId = sid
        try {
          storage?.setItem(STORAGE_ID_KEY, sid)
        } catch {
          // ignore: only affects the offline count
        }
      }
    }
    if (relayStorageId === undefined) return
    const info = handle.getSyncInfo(relayStorageId)
    if (info === undefined) return
    const heads = decodeHeads(info.lastHeads as UrlHeads)
    // Runs on every local change: touch localStorage only when the relay's heads moved.
    if (relayHeads !== null && sameHeads(heads, relayHeads)) return
    relayHeads = heads
    memory?.set(documentId, heads)
  }

  const now = options.now ?? Date.now
  const unreachableAfterMs = options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS
  const started = now()
  let unreachableTimer: ReturnType<typeof setTimeout> | undefined
  /** Offline or connecting, or unreachable once that has lasted `unreachableAfterMs`. */
  const notConnected = (unsynced: number | null): SyncStatus => {
    const down = relay.downSince ?? started
    const waited = now() - down
    clearTimeout(unreachableTimer)
    unreachableTimer = undefined
    if (waited >= unreachableAfterMs) {
      const since = Math.min(down, lastReached(storage) ?? down)
      return { kind: "unreachable", since: new Date(since).toISOString(), unsynced }
    }
    unreachableTimer = setTimeout(compute, unreachableAfterMs - waited + 10)
    return { kind: relay.state === "offline" ? "offline" : "connecting", unsynced }
  }

  let last = ""
  const count = unsyncedCounter()
  const countConfirmed = unsyncedCounter()
  const compute = (): void => {
    readRelayHeads()
    let status: SyncStatus
    const doc = handle.isReady() ? handle.doc() : undefined
    let unsynced: number | null = null
    if (doc !== undefined) {
      unsynced = count(doc, relayHeads)
      if (unsynced !== null) confirmedHeads = relayHeads
      else if (confirmedHeads !== null) unsynced = countConfirmed(doc, confirmedHeads)
    }
    if (relay.state !== "connected") status = notConnected(unsynced)
    else if (unsynced === 0 && confirmedHeads === relayHeads) status = { kind: "saved" }
    else status = { kind: "syncing", unsynced }
    const key = JSON.stringify(status)
    if (key !== last) {
      last = key
      onStatus(status)
    }
  }

  const throttleMs = options.throttleMs ?? 150
  let timer: ReturnType<typeof setTimeout> | undefined
  const schedule = (): void => {
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      compute()
    }, throttleMs)
  }

  compute()
  const offState = relay.onStateChange(schedule)
  handle.on("heads-changed", schedule)
  handle.on("remote-heads", schedule)
  return () => {
    clearTimeout(timer)
    clearTimeout(unreachableTimer)
    offState()
    handle.off("heads-changed", schedule)
    handle.off("remote-heads", schedule)
  }
}
