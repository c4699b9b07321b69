/**
 * Whether this device's storage is taking Baton's writes. A document whose save to IndexedDB
 * failed (a full disk, storage the browser refuses) is "failing" until a later save of it
 * succeeds; the page says so for as long as any document is failing, and the repo retries.
 * Nothing is lost meanwhile: the document stays in memory and reaches the relay and other
 * tabs, and each change is also kept in the change journal (`localStorage`) until a save that
 * contains it has finished.
 */

export type StorageProblem = "full" | "refused"

export interface StorageHealthState {
  /** Documents whose latest save failed. */
  failing: readonly string[]
  /** When the first of the current run of failures happened (ms since the epoch), or null. */
  since: number | null
  /** What the latest failure was. */
  problem: StorageProblem | null
}

export interface StorageHealth {
  current(): StorageHealthState
  /** A save of `documentId` failed with `error`, at `now`. */
  failed(documentId: string, error: unknown, now: number): void
  /** A save of `documentId` finished. */
  saved(documentId: string): void
  /** Calls `listener` with each new state; returns the way to stop. */
  subscribe(listener: (state: StorageHealthState) => void): () => void
  isFailing(documentId: string): boolean
}

/** QuotaExceededError (and Firefox's old name for it) means a full disk or quota. */
export function problemOf(error: unknown): StorageProblem {
  const name =
    typeof error === "object" && error !== null && "name" in error ? String(error.name) : ""
  return name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" ? "full" : "refused"
}

const HEALTHY: StorageHealthState = { failing: [], since: null, problem: null }

export function createStorageHealth(): StorageHealth {
  let state = HEALTHY
  const listeners = new Set<(state: StorageHealthState) => void>()
  const set = (next: StorageHealthState): void => {
    state = next
    for (const listener of listeners) listener(state)
  }
  return {
    current: () => state,
    failed(documentId, error, now) {
      const failing = state.failing.includes(documentId)
        ? state.failing
        : [...state.failing, documentId]
      set({ failing, since: state.since ?? now, problem: problemOf(error) })
    },
    saved(documentId) {
      if (!state.failing.includes(documentId)) return
      const failing = state.failing.filter((id) => id !== documentId)
      set(failing.length === 0 ? HEALTHY : { ...state, failing })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    isFailing: (documentId) => state.failing.includes(documentId),
  }
}

/** The page's storage health. */
export const storageHealth = createStorageHealth()
