import { describe, expect, it, vi } from "vitest"
import { createStorageHealth, problemOf } from "./storageHealth"

describe("storage health", () => {
  it("names a full disk apart from other refusals", () => {
    expect(problemOf(new DOMException("no room", "QuotaExceededError"))).toBe("full")
    expect(problemOf({ name: "NS_ERROR_DOM_QUOTA_REACHED" })).toBe("full")
    expect(problemOf(new DOMException("gone", "UnknownError"))).toBe("refused")
    expect(problemOf(null)).toBe("refused")
  })

  it("is failing from the first failure until every failing document has saved", () => {
    const health = createStorageHealth()
    const seen = vi.fn()
    health.subscribe(seen)
    const full = new DOMException("no room", "QuotaExceededError")
    health.failed("a", full, 1000)
    health.failed("b", full, 2000)
    health.failed("a", full, 3000)
    expect(health.current()).toEqual({ failing: ["a", "b"], since: 1000, problem: "full" })
    health.saved("a")
    expect(health.isFailing("a")).toBe(false)
    expect(health.current().since).toBe(1000)
    health.saved("c") // never failed: nothing changes, nobody is told
    expect(seen).toHaveBeenCalledTimes(4)
    health.saved("b")
    expect(health.current()).toEqual({ failing: [], since: null, problem: null })
    // A new run of failures starts its own clock.
    health.failed("b", new Error("refused"), 9000)
    expect(health.current()).toEqual({ failing: ["b"], since: 9000, problem: "refused" })
  })
})
