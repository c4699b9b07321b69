/**
 * The base58check encode cache: automerge-repo's own encodings, computed once each, bounded,
 * and installed on the very module automerge-repo calls (the `bs58check` import the browser
 * repo wraps).
 */
import * as A from "@automerge/automerge"
import { decodeHeads, encodeHeads } from "@automerge/automerge-repo"
import bs58check from "bs58check"
import { describe, expect, it } from "vitest"
import { memoizeBase58CheckEncode } from "./memoizeBase58Check"

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")
const randomHead = (): string => hex(crypto.getRandomValues(new Uint8Array(32)))

describe("memoizeBase58CheckEncode", () => {
  it("gives automerge-repo the same encodings through the imported module, each computed once", () => {
    const heads = A.getHeads(A.change(A.from({ a: 1 }), (d) => (d.a = 2)))
    const expected = encodeHeads(heads) // before the cache: the original encoder
    const stats = memoizeBase58CheckEncode(bs58check)
    expect(memoizeBase58CheckEncode(bs58check)).toBe(stats)
    const { hits, misses } = stats
    expect(encodeHeads(heads)).toEqual(expected)
    expect(stats.misses).toBe(misses + heads.length)
    expect(encodeHeads(heads)).toEqual(expected)
    expect(stats.hits).toBe(hits + heads.length)
    expect(decodeHeads(encodeHeads(heads))).toEqual(heads)
  })

  it("stays bounded and correct past its size, and leaves long payloads alone", () => {
    const calls: number[] = []
    const module = {
      encode: (p: Uint8Array | number[]): string => {
        calls.push(p.length)
        return bs58check.encode(p)
      },
    }
    const stats = memoizeBase58CheckEncode(module, 8)
    const many = Array.from({ length: 12 }, randomHead)
    const encoded = many.map((h) => module.encode(Buffer.from(h, "hex")))
    expect(encoded.map((e) => hex(bs58check.decode(e)))).toEqual(many)
    // The first ones were evicted: encoding them again computes them again; the last are kept.
    module.encode(Buffer.from(many[0]!, "hex"))
    module.encode(Buffer.from(many[11]!, "hex"))
    expect(stats).toEqual({ hits: 1, misses: 13 })
    // Over 64 bytes: passed through every time.
    const long = new Uint8Array(100)
    module.encode(long)
    module.encode(long)
    expect(calls.filter((n) => n === 100)).toHaveLength(2)
  })
})
