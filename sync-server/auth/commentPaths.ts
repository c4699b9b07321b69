/**
 * What a commenter may write: its own comments of cards (`cardBuckets/<bucket>/<card>/comments/
 * <id>/…`, new ones or ones the board already credits to its member) and its own member profile
 * (joining the board). Checked on a copy of the relay's board: the changes are applied to it,
 * and every patch between the two versions must be at such a path. A change whose dependencies
 * the relay lacks is not applied by Automerge (it waits for them), so it cannot be checked, and
 * is refused. Who a new comment credits is the authorship check's (authorship.ts).
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

/** Whose a path is: the member whose profile it is in, or who wrote the comment it is in. */
function ownerOf(doc: Doc<unknown>, path: readonly Prop[]): { member: string } | "new" | null {
  const at = (o: unknown, key: Prop): unknown =>
    typeof o === "object" && o !== null && Object.prototype.hasOwnProperty.call(o, key)
      ? (o as Record<string, unknown>)[key as string]
      : undefined
  if (path[0] === "members") return typeof path[1] === "string" ? { member: path[1] } : null
  const card = at(at(at(doc, "cardBuckets"), path[1]!), path[2]!)
  const comment = at(at(card, "comments"), path[4]!)
  if (comment === undefined) return "new"
  const author = at(comment, "authorId")
  return typeof author === "string" ? { member: author } : null
}

/**
 * Whether applying `changes` to `doc` touches nothing but comments and members; with `mine`,
 * only those of members `mine` accepts (a comment new to `doc` is anyone's to write here).
 */
export function changesTouchOnlyComments(
  doc: Doc<unknown>,
  changes: Uint8Array[],
  mine?: (memberId: string) => boolean,
): boolean {
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
  return diff(after, before, getHeads(after)).every((patch) => {
    if (!isCommentPath(patch.path)) return false
    if (mine === undefined) return true
    const owner = ownerOf(doc, patch.path)
    return owner === "new" || (owner !== null && mine(owner.member))
  })
}
