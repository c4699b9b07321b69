/**
 * Sends the files waiting on this device to the relay, one at a time, oldest first. The queue
 * is the file store's pending files, so it survives a reload: `start()` picks it up again.
 *
 * - A network error, a 5xx (but 507), a 404 (the relay does not hold the board yet: it was made
 *   offline) or a 401 (a clock or key the relay will know again) is retried with a growing
 *   delay (1 s doubling to 60 s); `kick()` (the relay is reachable again, the page is online)
 *   tries at once.
 * - 413 (over the relay's limit or the board's quota), 403 (a viewer, a removed device), 507
 *   (the relay's disk is full), 422 and other 4xx stop that file, with the relay's reason kept
 *   on it, until the person tries again (`retry`). The others go on.
 */
import type { BlobTransport } from "./blobTransport"
import type { FileStore, StoredFile } from "./fileStore"

export type UploadState =
  | { state: "waiting"; attempts: number; lastError?: string }
  | { state: "uploading" }
  | { state: "refused"; reason: string }
  | { state: "uploaded" }

export interface Uploader {
  /** Reads the queue and starts sending. */
  start(): void
  /** A file was queued, or the relay is reachable again: try now, without waiting. */
  kick(): void
  /** Tries a refused file again. */
  retry(board: string, sha256: string): Promise<void>
  /** What is known of a file's upload on this device (`undefined`: not queued here). */
  stateOf(board: string, sha256: string): UploadState | undefined
  /** Called with the file's key (`board/sha256`) whenever its state changes. */
  subscribe(listener: (key: string) => void): () => void
  /** Resolves once nothing is being sent and nothing can be sent right now. */
  idle(): Promise<void>
  stop(): void
}

export const MIN_RETRY_MS = 1_000
export const MAX_RETRY_MS = 60_000

const STOPS = new Set([400, 403, 409, 411, 413, 415, 422, 507])

async function reasonOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown }
    if (typeof body.error === "string") return body.error
  } catch {
    // Not JSON: say the status.
  }
  return `The relay answered ${res.status}.`
}

export function createUploader(options: {
  store: FileStore
  transport: BlobTransport
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (t: unknown) => void
}): Uploader {
  const { store, transport } = options
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>))
  const states = new Map<string, UploadState>()
  const listeners = new Set<(key: string) => void>()
  let running: Promise<void> | null = null
  let again = false
  let timer: unknown = null
  let failures = 0
  let stopped = false
  const keyOf = (board: string, sha256: string): string => `${board}/${sha256}`
  const set = (key: string, s: UploadState): void => {
    states.set(key, s)
    for (const l of listeners) l(key)
  }

  /** Sends one file; returns whether the queue may go on at once. */
  const sendOne = async (f: StoredFile, key: string): Promise<"next" | "later"> => {
    let bytes: ArrayBuffer | null
    try {
      bytes = await store.bytes(f.board, f.sha256)
    } catch {
      set(key, {
        state: "waiting",
        attempts: failures + 1,
        lastError: "This device's storage cannot be read now.",
      })
      return "later"
    }
    if (bytes === null) {
      // The bytes are gone (the browser cleared site data): nothing to send, ever.
      await store
        .setRefused(f.board, f.sha256, "This device no longer holds the file.")
        .catch(() => undefined)
      set(key, { state: "refused", reason: "This device no longer holds the file." })
      return "next"
    }
    set(key, { state: "uploading" })
    let res: Response
    try {
      res = await transport.send("PUT", f.board, f.sha256, { bytes, mime: f.mime })
    } catch {
      set(key, {
        state: "waiting",
        attempts: failures + 1,
        lastError: "The relay is not reachable.",
      })
      return "later"
    }
    if (res.ok) {
      // A full disk may refuse even this mark: the relay has the file all the same, and the
      // entry left pending only means one more (idempotent) upload after a reload.
      await store.uploaded(f.board, f.sha256).catch(() => undefined)
      set(key, { state: "uploaded" })
      return "next"
    }
    const reason = await reasonOf(res)
    if (STOPS.has(res.status)) {
      await store.setRefused(f.board, f.sha256, reason).catch(() => undefined)
      set(key, { state: "refused", reason })
      return "next"
    }
    set(key, { state: "waiting", attempts: failures + 1, lastError: reason })
    return "later"
  }

  const pass = async (): Promise<void> => {
    do {
      again = false
      let queue: StoredFile[]
      try {
        queue = await store.pending()
      } catch {
        queue = [] // storage unreadable now: the next kick reads it again
      }
      for (const f of queue) {
        const key = keyOf(f.board, f.sha256)
        if (f.refused !== undefined) {
          set(key, { state: "refused", reason: f.refused })
          continue
        }
        if (states.get(key)?.state !== "waiting") set(key, { state: "waiting", attempts: 0 })
      }
      for (const f of queue) {
        if (stopped) return
        if (f.refused !== undefined) continue
        const outcome = await sendOne(f, keyOf(f.board, f.sha256))
        if (outcome === "later") {
          failures++
          if (again) break // kicked meanwhile (back online): read the queue again now
          const delay = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** (failures - 1))
          if (!stopped) timer = setTimer(() => kick(), delay)
          return
        }
        failures = 0
      }
    } while (again && !stopped)
  }

  const kick = (): void => {
    if (stopped) return
    if (timer !== null) {
      clearTimer(timer)
      timer = null
    }
    if (running !== null) {
      again = true
      return
    }
    running = pass().finally(() => {
      running = null
    })
  }

  return {
    start: kick,
    kick() {
      failures = 0
      kick()
    },
    async retry(board, sha256) {
      await store.setRefused(board, sha256, null)
      set(keyOf(board, sha256), { state: "waiting", attempts: 0 })
      failures = 0
      kick()
    },
    stateOf: (board, sha256) => states.get(keyOf(board, sha256)),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async idle() {
      while (running !== null) await running
    },
    stop() {
      stopped = true
      if (timer !== null) clearTimer(timer)
    },
  }
}
