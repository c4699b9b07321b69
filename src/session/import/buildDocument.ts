/**
 * Writes an imported board into a new Automerge document as one change and returns its saved
 * bytes, without materialising it as a JavaScript object.
 *
 * `A.change` would write the same operations through its proxies and then compute a patch for
 * every field to bring the returned JavaScript document up to date; for a 5,000-card board
 * that second half cost more than the writing itself, and nobody reads that object: the bytes
 * are what is stored, synced and loaded. So this calls the document's backend directly, with
 * the same calls and datatypes the proxies use (strings become collaborative text, as
 * everywhere in the model), and commits once. The result is the document `A.change` would
 * have made (the test compares the bytes).
 */
import * as A from "@automerge/automerge"
import { bucketKeys } from "../../model/buckets"
import type { Board } from "../../model/types"

export interface BuiltDocument {
  /** The whole document, saved (one Automerge document chunk). */
  bytes: Uint8Array
  /** Its heads (the one change). */
  heads: A.Heads
}

export interface BuildOptions {
  /** The change's message (`encodeChangeMeta`). */
  message: string
  /** The change's time, seconds since the epoch (as `A.change` records it). */
  time: number
  /** The actor; omit for a random one. */
  actor?: string
  /** Told after each bucket of cards is written: cards written so far. */
  onProgress?: (cards: number) => void
}

type Backend = ReturnType<typeof A.getBackend>

/** One value put as the proxies put it (`import_value` in Automerge's proxies.js). */
function put(h: Backend, obj: string, key: string, value: unknown): void {
  if (typeof value === "string") h.putObject(obj, key, value)
  else if (typeof value === "number")
    h.put(obj, key, value, Number.isInteger(value) ? "int" : "f64")
  else if (typeof value === "boolean") h.put(obj, key, value, "boolean")
  else if (value === null) h.put(obj, key, null, "null")
  else if (typeof value === "object") h.putObjectFromHydrate(obj, key, value)
  else throw new RangeError(`cannot store ${typeof value} at ${key}`)
}

/** The board as one change of a new document: its fields in order, then its cards bucket by bucket. */
export function buildBoardDocument(board: Board, options: BuildOptions): BuiltDocument {
  const doc = A.init<Board>(options.actor === undefined ? undefined : { actor: options.actor })
  const h = A.getBackend(doc)
  let cards = 0
  for (const [key, value] of Object.entries(board)) {
    if (key !== "cardBuckets") {
      put(h, "_root", key, value)
      continue
    }
    const buckets = h.putObject("_root", key, {})
    for (const k of new Set([...bucketKeys(), ...Object.keys(board.cardBuckets)])) {
      const bucket = board.cardBuckets[k] ?? {}
      h.putObjectFromHydrate(buckets, k, bucket)
      cards += Object.keys(bucket).length
      options.onProgress?.(cards)
    }
  }
  h.commit(options.message, options.time)
  return { bytes: h.save(), heads: h.getHeads() }
}
