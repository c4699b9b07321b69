import { describe, expect, it } from "vitest"
import { firstLines } from "./format"

describe("firstLines", () => {
  it("gives the first lines of Markdown without its markers", () => {
    expect(firstLines("# Rota\n\n- **Mon**: Ana\n- Tue: Ben\n- Wed: Cleo")).toBe("Rota · Mon: Ana")
    expect(firstLines("")).toBe("")
  })

  it("cuts a long text short", () => {
    const out = firstLines("x".repeat(500))
    expect([out.length, out.endsWith("…")]).toEqual([160, true])
  })
})
