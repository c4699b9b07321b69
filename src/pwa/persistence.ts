/**
 * Storage safety. Browsers may evict a site's IndexedDB under storage pressure unless the
 * site's storage is persistent. Baton asks for persistence after the first meaningful edit
 * (asking on first visit is refused or annoying), and shows usage, quota and persistence in
 * settings.
 */
import * as A from "@automerge/automerge"
import type { DocHandle, DocHandleChangePayload, DocumentId, Repo } from "@automerge/automerge-repo"

export interface StorageStatus {
  /** Bytes used by this site, or null when the browser does not tell. */
  usage: number | null
  /** Bytes this site may use, or null when the browser does not tell. */
  quota: number | null
  /** Whether the browser promised not to evict this site's data; null when unknown. */
  persisted: boolean | null
}

type StorageManagerLike = Pick<StorageManager, "persist" | "persisted" | "estimate">

function storageManager(): StorageManagerLike | null {
  return typeof navigator !== "undefined" && navigator.storage !== undefined
    ? navigator.storage
    : null
}

let persistRequest: Promise<boolean> | null = null

/**
 * Asks the browser to keep this site's data (IndexedDB) even under storage pressure. Asks
 * at most once per page load; later calls return the same answer. Never throws: resolves
 * false when the browser refuses or has no such API.
 */
export function requestPersistentStorage(
  storage: StorageManagerLike | null = storageManager(),
): Promise<boolean> {
  if (persistRequest !== null) return persistRequest
  persistRequest = (async () => {
    if (storage === null) return false
    try {
      if (await storage.persisted()) return true
      return await storage.persist()
    } catch {
      return false
    }
  })()
  return persistRequest
}

/** Usage, quota and persistence of this site's storage. Never throws. */
export async function readStorageStatus(
  storage: StorageManagerLike | null = storageManager(),
): Promise<StorageStatus> {
  if (storage === null) return { usage: null, quota: null, persisted: null }
  let usage: number | null = null
  let quota: number | null = null
  let persisted: boolean | null = null
  try {
    const estimate = await storage.estimate()
    usage = estimate.usage ?? null
    quota = estimate.quota ?? null
  } catch {
    // Unknown stays null.
  }
  try {
    persisted = await storage.persisted()
  } catch {
    // Unknown stays null.
  }
  return { usage, quota, persisted }
}

/**
 * Whether this copy of the document holds a change made on this device since it was loaded.
 * Changes made through a handle use the document's own actor and are its "last local
 * change"; documents loaded from storage or merged from peers have none until edited here.
 */
export function hasLocalChange(doc: A.Doc<unknown>): boolean {
  return A.getLastLocalChange(doc) !== undefined
}

/**
 * Calls `onFirstLocalEdit` once, at the first change made on this device to any document of
 * the repo (creating a board counts), ignoring changes that arrive from peers. Handles are
 * discovered from the repo's storage events (automerge-repo 2.5 emits no event for a new
 * handle) and from the handles already open. Returns a function that stops watching.
 */
export function watchFirstLocalEdit(repo: Repo, onFirstLocalEdit: () => void): () => void {
  let done = false
  const watched = new Set<DocHandle<unknown>>()
  const check = (handle: DocHandle<unknown>): void => {
    if (done || !handle.isReady() || !hasLocalChange(handle.doc())) return
    stop()
    onFirstLocalEdit()
  }
  const onChange = ({ handle }: DocHandleChangePayload<unknown>): void => check(handle)
  const watch = (handle: DocHandle<unknown> | undefined): void => {
    if (done || handle === undefined) return
    if (!watched.has(handle)) {
      watched.add(handle)
      handle.on("change", onChange)
    }
    check(handle)
  }
  const onMetrics = (event: unknown): void => {
    const id = (event as { documentId?: unknown } | null)?.documentId
    if (typeof id === "string")
      watch(repo.handles[id as DocumentId] as DocHandle<unknown> | undefined)
  }
  const stop = (): void => {
    done = true
    repo.off("doc-metrics", onMetrics)
    for (const h of watched) h.off("change", onChange)
    watched.clear()
  }
  repo.on("doc-metrics", onMetrics)
  for (const handle of Object.values(repo.handles)) watch(handle as DocHandle<unknown>)
  return stop
}

/** Formats a byte count for people: "0 B", "12.3 kB", "4.5 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ["kB", "MB", "GB", "TB"]
  let value = bytes
  let unit = "B"
  for (const u of units) {
    if (value < 1000) break
    value /= 1000
    unit = u
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`
}
