/**
 * automerge-repo turns a document's heads into base58check strings (two SHA-256 rounds and a
 * base-58 conversion per head, ~16 µs) before and after every update of a document handle,
 * i.e. for every sync message the relay receives, even an acknowledgement that changes
 * nothing. On the relay, whose documents' heads change far less often than messages arrive,
 * that was ~15 % of its CPU under the 50-client benchmark load.
 *
 * The encoding is a pure function of the bytes, so the relay remembers the latest few
 * thousand results: `installHeadsEncodingCache()` wraps the `encode` function of the very
 * `bs58check` module automerge-repo calls (resolved from automerge-repo's own location), in
 * memory, once per process. Results are identical; only repeated work is skipped.
 */
import { createRequire } from "node:module"

/** Encoded values remembered (a head is 32 bytes; a document id 16). */
export const HEADS_CACHE_ENTRIES = 4096
/** Payloads longer than this are encoded as before, never remembered. */
const MAX_CACHED_BYTES = 64

interface Base58Check {
  encode(payload: Uint8Array | number[]): string
}

const INSTALLED = Symbol.for("baton.headsEncodingCache")

/** The `bs58check` module instance automerge-repo uses. */
function automergeRepoBase58Check(): Base58Check {
  const fromRepo = createRequire(
    createRequire(import.meta.url).resolve("@automerge/automerge-repo"),
  )
  return fromRepo("bs58check") as Base58Check
}

export interface HeadsEncodingCacheStats {
  hits: number
  misses: number
}

/** Installs the cache (idempotent); returns its hit and miss counters. */
export function installHeadsEncodingCache(): HeadsEncodingCacheStats {
  const bs58check = automergeRepoBase58Check() as Base58Check & {
    [INSTALLED]?: HeadsEncodingCacheStats
  }
  const existing = bs58check[INSTALLED]
  if (existing) return existing
  const stats: HeadsEncodingCacheStats = { hits: 0, misses: 0 }
  const encode = bs58check.encode.bind(bs58check)
  const cache = new Map<string, string>()
  bs58check.encode = (payload) => {
    if (!(payload instanceof Uint8Array) || payload.byteLength > MAX_CACHED_BYTES)
      return encode(payload)
    const key = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString(
      "latin1",
    )
    const known = cache.get(key)
    if (known !== undefined) {
      stats.hits++
      return known
    }
    stats.misses++
    const encoded = encode(payload)
    if (cache.size >= HEADS_CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
    cache.set(key, encoded)
    return encoded
  }
  bs58check[INSTALLED] = stats
  return stats
}
