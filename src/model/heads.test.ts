import { describe, expect, it } from "vitest"
import { sameHeads } from "./heads"

describe("sameHeads", () => {
  it("compares sets of change hashes in any order", () => {
    expect(sameHeads(["a", "b"], ["b", "a"])).toBe(true)
    expect(sameHeads([], [])).toBe(true)
    expect(sameHeads(["a"], ["a", "b"])).toBe(false)
    expect(sameHeads(["a", "c"], ["a", "b"])).toBe(false)
  })
})
