/**
 * Whether this device's storage takes attached files: a file attached here (the upload queue),
 * a file opened here (the cache) or the queue's own bookkeeping. A write refused with a full
 * disk (or a browser that will not store) makes the page say so beside the documents' storage
 * alert, until a later write of a file goes through or the file cache is freed.
 */
import { problemOf } from "../storage/storageHealth"
import type { StorageProblem } from "../storage/storageHealth"
import type { FileStore } from "./fileStore"

/**
 * What could not be written: a file being attached here, the upload queue's bookkeeping (a file
 * sent, or refused), or a cached copy of a file opened here.
 */
export type FileWrite = "attach" | "queue" | "cache"

export interface FileHealthState {
  problem: StorageProblem | null
  /** What the latest refused write was. */
  what: FileWrite | null
  /** When the current run of refusals began (ms since the epoch), or null. */
  since: number | null
}

export interface FileHealth {
  current(): FileHealthState
  failed(what: FileWrite, error: unknown, now: number): void
  /** A write of a file went through, or room was made: storage takes files again. */
  ok(): void
  subscribe(listener: (state: FileHealthState) => void): () => void
}

const HEALTHY: FileHealthState = { problem: null, what: null, since: null }

export function createFileHealth(): FileHealth {
  let state = HEALTHY
  const listeners = new Set<(state: FileHealthState) => void>()
  const set = (next: FileHealthState): void => {
    state = next
    for (const l of listeners) l(state)
  }
  return {
    current: () => state,
    failed(what, error, now) {
      set({ problem: problemOf(error), what, since: state.since ?? now })
    },
    ok() {
      if (state.problem !== null) set(HEALTHY)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** The page's file storage health (StorageAlert shows it). */
export const fileHealth = createFileHealth()

/** `store`, reporting each write's outcome to `health`; errors still reach the caller. */
export function watchedFileStore(
  store: FileStore,
  health: FileHealth,
  now: () => number = Date.now,
): FileStore {
  const watch = async <T>(what: FileWrite, write: () => Promise<T>): Promise<T> => {
    let result: T
    try {
      result = await write()
    } catch (e) {
      health.failed(what, e, now())
      throw e
    }
    health.ok()
    return result
  }
  return {
    ...store,
    put: (file, bytes, at) =>
      watch(file.pending ? "attach" : "cache", () => store.put(file, bytes, at)),
    uploaded: (board, sha256) => watch("queue", () => store.uploaded(board, sha256)),
    setRefused: (board, sha256, reason) =>
      watch("queue", () => store.setRefused(board, sha256, reason)),
    freeCache: async () => {
      const freed = await store.freeCache()
      if (freed > 0) health.ok()
      return freed
    },
  }
}
