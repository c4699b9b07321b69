// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest"
import { readLastSeen, writeLastSeen } from "./lastSeen"

const H = ["a".repeat(64), "b".repeat(64)]

describe("last seen heads on this device", () => {
  beforeEach(() => localStorage.clear())

  it("remembers heads per board and member", () => {
    expect(readLastSeen("doc1", "ana")).toBeNull()
    expect(writeLastSeen("doc1", "ana", H)).toBe(true)
    expect(readLastSeen("doc1", "ana")).toEqual(H)
    expect(readLastSeen("doc1", "jonas")).toBeNull()
    expect(readLastSeen("doc2", "ana")).toBeNull()
  })

  it("reads corrupt or foreign values as nothing remembered", () => {
    for (const bad of [
      "{",
      "[]",
      '["x"]',
      "42",
      "null",
      JSON.stringify([1, 2]),
      JSON.stringify(["A".repeat(64)]),
    ]) {
      localStorage.setItem("baton.lastSeen.v1:doc1:ana", bad)
      expect(readLastSeen("doc1", "ana")).toBeNull()
    }
  })

  it("reports a full storage instead of throwing", () => {
    const orig = Storage.prototype.setItem
    Storage.prototype.setItem = () => {
      throw new DOMException("full", "QuotaExceededError")
    }
    try {
      expect(writeLastSeen("doc1", "ana", H)).toBe(false)
    } finally {
      Storage.prototype.setItem = orig
    }
  })
})
