/**
 * A relay snapshot read for drawing (docs/sync.md, "A new device"): the plain board and the
 * heads it is at. It runs on the Automerge worker (wasmWorker.ts), so the page is free to draw
 * the board and answer input while its own load of the document has not started.
 */
import * as A from "@automerge/automerge/slim"

export interface PreviewRequest {
  kind: "preview"
  id: number
  bytes: Uint8Array
}

export interface SnapshotPreview {
  /** The document as plain data (what `A.toJS` gives). */
  board: unknown
  heads: string[]
}

/** A preview; or the bytes do not load; or no worker can read them here. */
export type PreviewResult = SnapshotPreview | "unreadable" | "unavailable"

export interface PreviewReply {
  kind: "preview"
  id: number
  /** Null when the bytes do not load as a document. */
  result: SnapshotPreview | null
}

/** Loads `bytes` and gives the plain document; null when they do not load or hold nothing. */
export function readSnapshot(bytes: Uint8Array): SnapshotPreview | null {
  let doc: A.Doc<unknown>
  try {
    doc = A.load<unknown>(bytes)
  } catch {
    return null
  }
  const heads = A.getHeads(doc)
  if (heads.length === 0) return null
  return { board: A.toJS(doc), heads }
}
