/**
 * Coalescing of Automerge sync messages: two messages the relay generated, one after the
 * other, for the same peer and document, made into one. The changes of both travel together
 * and the second message's view of the relay (heads, need, have) replaces the first's, which
 * is what the peer would hold after receiving both in turn. A busy peer then gets one message
 * carrying a burst of edits instead of one message per edit, each of which would cost it a
 * full receive-and-reply.
 */
import * as A from "@automerge/automerge"

/** The two messages as one, or null when they cannot be merged (different wire versions). */
export function mergeSyncMessages(first: Uint8Array, second: Uint8Array): Uint8Array | null {
  const a = A.decodeSyncMessage(first) as A.DecodedSyncMessage & { type?: unknown }
  const b = A.decodeSyncMessage(second) as A.DecodedSyncMessage & { type?: unknown }
  if (a.type !== b.type) return null
  return A.encodeSyncMessage({ ...b, changes: [...a.changes, ...b.changes] })
}

/** Whether a sync message carries changes (which the receiving peer will acknowledge). */
export function carriesChanges(message: Uint8Array): boolean {
  return A.decodeSyncMessage(message).changes.length > 0
}
