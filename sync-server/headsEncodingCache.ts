/**
 * The relay's cache of base58check-encoded heads (src/shared/memoizeBase58Check.ts says why):
 * `installHeadsEncodingCache()` wraps the `encode` function of the very `bs58check` module
 * automerge-repo calls, resolved from automerge-repo's own location, once per process.
 */
import { createRequire } from "node:module"
import { ENCODE_CACHE_ENTRIES, memoizeBase58CheckEncode } from "../src/shared/memoizeBase58Check"
import type { Base58CheckEncoder, EncodeCacheStats } from "../src/shared/memoizeBase58Check"

/** Encoded values remembered (a head is 32 bytes; a document id 16). */
export const HEADS_CACHE_ENTRIES = ENCODE_CACHE_ENTRIES

export type HeadsEncodingCacheStats = EncodeCacheStats

/** The `bs58check` module instance automerge-repo uses. */
function automergeRepoBase58Check(): Base58CheckEncoder {
  const fromRepo = createRequire(
    createRequire(import.meta.url).resolve("@automerge/automerge-repo"),
  )
  return fromRepo("bs58check") as Base58CheckEncoder
}

/** Installs the cache (idempotent); returns its hit and miss counters. */
export function installHeadsEncodingCache(): HeadsEncodingCacheStats {
  return memoizeBase58CheckEncode(automergeRepoBase58Check(), HEADS_CACHE_ENTRIES)
}
