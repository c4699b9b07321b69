import { describe, expect, it } from "vitest"
import { onPageHidden } from "./pageHidden"

function page() {
  const win = new EventTarget()
  const doc = Object.assign(new EventTarget(), { visibilityState: "visible" })
  const setVisibility = (state: string): void => {
    doc.visibilityState = state
    doc.dispatchEvent(new Event("visibilitychange"))
  }
  return { targets: { window: win, document: doc }, win, doc, setVisibility }
}

describe("onPageHidden", () => {
  it("flushes when the page is hidden, left or frozen, not when it becomes visible", () => {
    const p = page()
    let calls = 0
    onPageHidden(() => calls++, p.targets)
    p.setVisibility("hidden")
    expect(calls).toBe(1)
    p.setVisibility("visible")
    expect(calls).toBe(1)
    p.win.dispatchEvent(new Event("pagehide"))
    p.doc.dispatchEvent(new Event("freeze"))
    expect(calls).toBe(3)
  })

  it("stops listening when told", () => {
    const p = page()
    let calls = 0
    const stop = onPageHidden(() => calls++, p.targets)
    stop()
    p.setVisibility("hidden")
    p.win.dispatchEvent(new Event("pagehide"))
    p.doc.dispatchEvent(new Event("freeze"))
    expect(calls).toBe(0)
  })

  it("does nothing outside a browser", () => {
    expect(() => onPageHidden(() => {}, undefined)()).not.toThrow()
  })
})
