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

/**
 * Whether a sync message carries changes (which the receiving peer will acknowledge). Reads
 * just the message's header: its type byte (0x42, or 0x43 for the second version of the
 * protocol), heads and need (a count, then 32-byte hashes each), the "have" entries (each a
 * count of hashes plus a length-prefixed Bloom filter), then the count of changes. Anything
 * unexpected is left to Automerge's own decoder. A full decode costs ~10 µs on a small message
 * and grows with its heads and filters; the relay asks this of every message it sends.
 */
export function carriesChanges(message: Uint8Array): boolean {
  const count = changeCount(message)
  return count === null ? A.decodeSyncMessage(message).changes.length > 0 : count > 0
}

/** The number of changes a sync message carries, read from its header; null if unsure. */
export function changeCount(m: Uint8Array): number | null {
  if (m[0] !== 0x42 && m[0] !== 0x43) return null
  let at = 1
  /** An unsigned LEB128 number, or -1 past the end / absurdly long. */
  const uleb = (): number => {
    let value = 0
    let scale = 1
    for (let i = 0; i < 5; i++) {
      const byte = m[at++]
      if (byte === undefined) return -1
      value += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) return value
      scale *= 128
    }
    return -1
  }
  const skipHashes = (): boolean => {
    const n = uleb()
    if (n < 0) return false
    at += n * 32
    return at <= m.length
  }
  if (!skipHashes() || !skipHashes()) return null
  const haves = uleb()
  if (haves < 0) return null
  for (let i = 0; i < haves; i++) {
    if (!skipHashes()) return null
    const bloom = uleb()
    if (bloom < 0) return null
    at += bloom
    if (at > m.length) return null
  }
  const changes = uleb()
  return changes < 0 ? null : changes
}
