/**
 * automerge-repo turns a document's heads into base58check strings (two SHA-256 rounds and a
 * base-58 conversion per head) before and after every update of a document handle: for every
 * sync message a peer receives, even an acknowledgement that changes nothing, and for every
 * local edit. The heads of a document change far less often than that, and the encoding is a
 * pure function of the bytes, so remembering the latest few thousand results skips nearly all
 * of that work (on the relay it was ~15 % of its CPU under load; in the browser ~1 ms per
 * keystroke on a 10,000-card board). Results are identical.
 *
 * `memoizeBase58CheckEncode` wraps the `encode` function of the very `bs58check` module
 * object automerge-repo calls, in place, once (later calls return the same counters).
 */

/** The part of the `bs58check` module that is wrapped. */
export interface Base58CheckEncoder {
  encode(payload: Uint8Array | number[]): string
}

export interface EncodeCacheStats {
  hits: number
  misses: number
}

/** Encoded values remembered (a head is 32 bytes, a document id 16). */
export const ENCODE_CACHE_ENTRIES = 4096
/** Payloads longer than this are encoded as before, never remembered. */
const MAX_CACHED_BYTES = 64

const INSTALLED = Symbol.for("baton.base58CheckEncodeCache")

/** The bytes as a string, one character per byte: a Map key. */
function keyOf(payload: Uint8Array): string {
  let key = ""
  for (let i = 0; i < payload.length; i++) key += String.fromCharCode(payload[i]!)
  return key
}

/** Wraps `module.encode` with a bounded cache (idempotent); returns its hit and miss counts. */
export function memoizeBase58CheckEncode(
  module: Base58CheckEncoder,
  entries = ENCODE_CACHE_ENTRIES,
): EncodeCacheStats {
  const target = module as Base58CheckEncoder & { [INSTALLED]?: EncodeCacheStats }
  const existing = target[INSTALLED]
  if (existing) return existing
  const stats: EncodeCacheStats = { hits: 0, misses: 0 }
  const encode = target.encode.bind(target)
  const cache = new Map<string, string>()
  target.encode = (payload) => {
    if (!(payload instanceof Uint8Array) || payload.byteLength > MAX_CACHED_BYTES)
      return encode(payload)
    const key = keyOf(payload)
    const known = cache.get(key)
    if (known !== undefined) {
      stats.hits++
      return known
    }
    stats.misses++
    const encoded = encode(payload)
    if (cache.size >= entries) cache.delete(cache.keys().next().value!)
    cache.set(key, encoded)
    return encoded
  }
  target[INSTALLED] = stats
  return stats
}
