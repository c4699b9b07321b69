/**
 * What a commenter may write: the comments of cards (`cardBuckets/<bucket>/<card>/comments/…`)
 * and the board's members (joining the board, its own profile). Checked on a copy of the
 * relay's board: the changes are applied to it, and every patch between the two versions must
 * be at such a path. A change whose dependencies the relay lacks is not applied by Automerge
 * (it waits for them), so it cannot be checked, and is refused.
 */
import {
  clone,
  decodeChange,
  diff,
  getHeads,
  hasHeads,
  load,
  loadIncremental,
} from "@automerge/automerge"
import type { Doc, Prop } from "@automerge/automerge"
import { chunksOf } from "./AccessControl"

/** Byte 8 of an Automerge chunk (after magic and checksum) says what it holds: 0 is a document. */
const DOCUMENT_CHUNK = 0

export function isCommentPath(path: readonly Prop[]): boolean {
  if (path[0] === "members") return path.length >= 2
  return path[0] === "cardBuckets" && path.length >= 5 && path[3] === "comments"
}

/** Whether applying `changes` to `doc` touches nothing but comments and members. */
export function changesTouchOnlyComments(doc: Doc<unknown>, changes: Uint8Array[]): boolean {
  const before = getHeads(doc)
  let after = clone(doc)
  const hashes: string[] = []
  try {
    for (const view of changes) {
      // A copy: Automerge misreads a view into a larger buffer (what CBOR decoding gives).
      const bytes = new Uint8Array(view)
      for (const part of chunksOf(bytes)) {
        const chunk = new Uint8Array(part)
        // Automerge may send a run of changes as one document chunk: its heads stand for them.
        if (chunk[8] === DOCUMENT_CHUNK) hashes.push(...getHeads(load(chunk)))
        else hashes.push(decodeChange(chunk).hash)
      }
      after = loadIncremental(after, bytes)
    }
  } catch {
    return false
  }
  if (!hasHeads(after, hashes)) return false
  return diff(after, before, getHeads(after)).every((patch) => isCommentPath(patch.path))
}
