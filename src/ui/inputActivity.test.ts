import { describe, expect, it } from "vitest"
import { inputActivity } from "./inputActivity"

describe("inputActivity", () => {
  it("is busy for withinMs after a key, pointer or wheel press", () => {
    const target = new EventTarget()
    let t = 0
    const busy = inputActivity(target, 1_000, () => t)
    expect(busy()).toBe(false)
    target.dispatchEvent(new Event("keydown"))
    t = 999
    expect(busy()).toBe(true)
    t = 1_000
    expect(busy()).toBe(false)
    target.dispatchEvent(new Event("pointerdown"))
    expect(busy()).toBe(true)
  })
})
