/**
 * First load of a board through the relay's snapshot (docs/protocol.md, "Snapshot first
 * load"): a device that has nothing of the board asks the relay for the document as one saved
 * snapshot and imports it, so the normal sync that follows starts from the snapshot's heads
 * instead of replaying the board's whole history change by change.
 *
 * Anything wrong with the snapshot (no answer, a truncated or damaged chunk, bytes that do not
 * load) ends here with `false`, silently: the caller finds the document through the normal
 * protocol as before.
 */
import * as A from "@automerge/automerge/slim"
import type { DocumentId, Repo } from "@automerge/automerge-repo/slim"
import type { PreviewResult, SnapshotPreview } from "./snapshotPreview"

export interface SnapshotSource {
  requestSnapshot(documentId: string): Promise<Uint8Array | null>
}

/** Automerge's chunk magic bytes. */
const MAGIC = [0x85, 0x6f, 0x4a, 0x83]
/** Chunk type of a whole document. */
const DOCUMENT_CHUNK = 0

/** Reads an unsigned LEB128 at `at`: [value, next offset], or null if it runs off the end. */
function uleb(bytes: Uint8Array, at: number): [number, number] | null {
  let value = 0
  let shift = 0
  for (let i = at; i < bytes.length && i < at + 8; i++) {
    const b = bytes[i]!
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return [value, i + 1]
    shift += 7
  }
  return null
}

/**
 * Whether `bytes` are exactly one whole, undamaged Automerge document chunk: magic, the
 * chunk's SHA-256 checksum and its length all agree. Hashing runs in the browser's crypto
 * implementation, off the page's JavaScript thread.
 */
export async function isIntactDocumentChunk(bytes: Uint8Array): Promise<boolean> {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) return false
  if (bytes[8] !== DOCUMENT_CHUNK) return false
  const length = uleb(bytes, 9)
  if (length === null || length[1] + length[0] !== bytes.length) return false
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice(8)))
  return (
    digest[0] === bytes[4] &&
    digest[1] === bytes[5] &&
    digest[2] === bytes[6] &&
    digest[3] === bytes[7]
  )
}

/**
 * Imports `documentId` from the relay's snapshot. Call it only when the device has nothing of
 * the board and the repo has no handle for it yet. Resolves true when the document is in the
 * repo (then `repo.find` returns it at once), false when the normal protocol must bring it.
 */
export async function firstLoadFromSnapshot(
  repo: Repo,
  relay: SnapshotSource,
  documentId: string,
): Promise<boolean> {
  if (repo.handles[documentId as DocumentId] !== undefined) return false
  let bytes: Uint8Array | null
  try {
    bytes = await relay.requestSnapshot(documentId)
  } catch {
    return false
  }
  if (bytes === null || !(await isIntactDocumentChunk(bytes))) return false
  // Another find may have started while the snapshot was on its way.
  if (repo.handles[documentId as DocumentId] !== undefined) return false
  await A.wasmInitialized()
  try {
    const handle = repo.import(bytes, { docId: documentId as DocumentId })
    return A.getHeads(handle.doc()).length > 0
  } catch {
    return false
  }
}

/** Where a repo's first loads come from: its relay, and a check of the device's storage. */
export interface FirstLoadSource extends SnapshotSource {
  /** Whether the device has anything stored of the document. */
  hasStored(documentId: string): Promise<boolean>
  /**
   * Stores the snapshot as the document's one chunk on this device, so that the repo opens it
   * as a stored board (one `A.load`, no patches) instead of importing it. Without it, or when
   * it fails, the snapshot is imported.
   */
  storeSnapshot?(documentId: string, bytes: Uint8Array): Promise<void>
  /** Reads the snapshot off the page's thread, for drawing. */
  preview?(bytes: Uint8Array): Promise<PreviewResult>
}

export interface FirstLoadOptions {
  /**
   * Called with the plain board read from the snapshot, before the document is loaded: the
   * page draws it (read-only, loading) and resolves once it is drawn, and the document's load,
   * which holds the page's thread, starts then.
   */
  onPreview?: (preview: SnapshotPreview) => Promise<void>
}

const sources = new WeakMap<Repo, FirstLoadSource>()

/** Lets `firstLoadIfNew` use `source` for `repo` (src/sync/repo.ts, in the browser). */
export function registerFirstLoadSource(repo: Repo, source: FirstLoadSource): void {
  sources.set(repo, source)
}

/**
 * Before a board is found: if the device has nothing of it and its relay serves snapshots,
 * loads it from the relay's snapshot: read on a worker and shown (`onPreview`), stored as the
 * board's chunk on the device, then found as a stored board. Never rejects; resolves whether
 * the document is now on the device (or in the repo).
 */
export async function firstLoadIfNew(
  repo: Repo,
  documentId: string,
  options: FirstLoadOptions = {},
): Promise<boolean> {
  const source = sources.get(repo)
  if (source === undefined || repo.handles[documentId as DocumentId] !== undefined) return false
  try {
    if (await source.hasStored(documentId)) return false
    if (source.storeSnapshot === undefined)
      return await firstLoadFromSnapshot(repo, source, documentId)
    const bytes = await source.requestSnapshot(documentId)
    if (bytes === null || !(await isIntactDocumentChunk(bytes))) return false
    if (repo.handles[documentId as DocumentId] !== undefined) return false
    const preview = (await source.preview?.(bytes).catch(() => "unavailable" as const)) ?? null
    // Bytes with a good checksum that still do not load: the normal protocol brings the board.
    if (preview === "unreadable") return false
    // Stored only once known to load (a stored chunk that does not would read as damage).
    if (typeof preview === "object" && preview !== null) {
      const stored = source.storeSnapshot(documentId, bytes).then(
        () => true,
        (error: unknown) => {
          console.warn("Baton: could not store a board's snapshot on this device", error)
          return false
        },
      )
      try {
        await options.onPreview?.(preview)
      } catch {
        // Only a drawing: the document still loads.
      }
      if (await stored) return true
    }
    if (repo.handles[documentId as DocumentId] !== undefined) return false
    await A.wasmInitialized()
    const handle = repo.import(bytes, { docId: documentId as DocumentId })
    return A.getHeads(handle.doc()).length > 0
  } catch {
    return false
  }
}

/** Resolves once `relay` is connected, or after `timeoutMs` (whichever comes first). */
export function relayConnected(
  relay: { readonly state: string; onStateChange(listener: (s: string) => void): () => void },
  timeoutMs: number,
): Promise<void> {
  if (relay.state === "connected") return Promise.resolve()
  return new Promise((resolve) => {
    const stop = relay.onStateChange((s) => {
      if (s === "connected") done()
    })
    const timer = setTimeout(() => done(), timeoutMs)
    function done(): void {
      clearTimeout(timer)
      stop()
      resolve()
    }
  })
}
