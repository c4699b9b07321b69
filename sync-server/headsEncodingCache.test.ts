/**
 * The relay's cache of base58check-encoded heads: same results as automerge-repo's own
 * encoding, reached through automerge-repo's functions, bounded in size.
 */
import { randomBytes } from "node:crypto"
import { createRequire } from "node:module"
import * as A from "@automerge/automerge"
import { decodeHeads, encodeHeads } from "@automerge/automerge-repo"
import { describe, expect, it } from "vitest"
import { HEADS_CACHE_ENTRIES, installHeadsEncodingCache } from "./headsEncodingCache"

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

describe("heads encoding cache", () => {
  it("gives automerge-repo the same encodings, and computes each only once", () => {
    // The reference: the original encoder, before the cache is installed in this process.
    const fromRepo = createRequire(
      createRequire(import.meta.url).resolve("@automerge/automerge-repo"),
    )
    const original = (fromRepo("bs58check") as { encode: (b: Uint8Array) => string }).encode
    const heads = A.getHeads(A.change(A.from({ a: 1 }), (d) => (d.a = 2)))
    const expected = heads.map((h) => original(Uint8Array.from(Buffer.from(h, "hex"))))

    const stats = installHeadsEncodingCache()
    expect(installHeadsEncodingCache()).toBe(stats)
    const misses = stats.misses
    expect(encodeHeads(heads)).toEqual(expected)
    expect(stats.misses).toBe(misses + heads.length)
    const hits = stats.hits
    expect(encodeHeads(heads)).toEqual(expected)
    expect(stats.hits).toBe(hits + heads.length)
    expect(stats.misses).toBe(misses + heads.length)
    expect(decodeHeads(encodeHeads(heads))).toEqual(heads)
  })

  it("stays bounded and correct past its size", () => {
    const stats = installHeadsEncodingCache()
    const many = Array.from({ length: HEADS_CACHE_ENTRIES + 100 }, () => hex(randomBytes(32)))
    const encoded = encodeHeads(many)
    // Round trip: every encoding is a valid base58check string of the right bytes.
    expect(decodeHeads(encoded)).toEqual(many)
    // The first ones were evicted: encoding them again computes them again.
    const misses = stats.misses
    encodeHeads(many.slice(0, 10))
    expect(stats.misses).toBe(misses + 10)
  })
})
