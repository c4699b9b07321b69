import { describe, expect, it } from "vitest"
import { createAfterFrame } from "./afterFrame"

/** A page whose frames and timers run when the test says. */
function fakePage() {
  const frames: (() => void)[] = []
  const timers: { f: () => void; ms: number }[] = []
  let framesAsked = 0
  const env = {
    frame: (f: () => void) => {
      framesAsked++
      frames.push(f)
    },
    timeout: (f: () => void, ms: number) => void timers.push({ f, ms }),
  }
  const drawFrame = (): void => {
    for (const f of frames.splice(0)) f()
    // The task queued from the frame: the zero-delay timers.
    for (const t of timers.filter((t) => t.ms === 0)) {
      timers.splice(timers.indexOf(t), 1)
      t.f()
    }
  }
  const fireSlowTimers = (): void => {
    for (const t of timers.filter((t) => t.ms > 0)) {
      timers.splice(timers.indexOf(t), 1)
      t.f()
    }
  }
  const fireOldestSlowTimer = (): void => {
    const t = timers.find((t) => t.ms > 0)
    if (t === undefined) return
    timers.splice(timers.indexOf(t), 1)
    t.f()
  }
  return { env, drawFrame, fireSlowTimers, fireOldestSlowTimer, framesAsked: () => framesAsked }
}

describe("afterFrame", () => {
  it("runs tasks after the next frame, in order, including tasks they schedule", () => {
    const page = fakePage()
    const { later } = createAfterFrame(page.env)
    const ran: string[] = []
    later(() => {
      ran.push("write edit")
      later(() => ran.push("journal"))
    })
    later(() => ran.push("second"))
    expect(ran).toEqual([])
    page.drawFrame()
    expect(ran).toEqual(["write edit", "second", "journal"])
    // The task given while the queue ran asked for no frame of its own (a frame for nothing).
    expect(page.framesAsked()).toBe(1)
  })

  it("runs everything at once when the page is left, and nothing twice", () => {
    const page = fakePage()
    const { later, now } = createAfterFrame(page.env)
    const ran: string[] = []
    later(() => {
      ran.push("a")
      later(() => ran.push("b"))
    })
    now()
    expect(ran).toEqual(["a", "b"])
    page.drawFrame()
    page.fireSlowTimers()
    expect(ran).toEqual(["a", "b"])
  })

  it("runs within 250 ms with no frame, and an old timer never runs a newer task early", () => {
    const page = fakePage()
    const { later } = createAfterFrame(page.env)
    const ran: string[] = []
    later(() => ran.push("hidden page"))
    page.fireSlowTimers()
    expect(ran).toEqual(["hidden page"])

    later(() => ran.push("first"))
    page.drawFrame() // runs "first"; its 250 ms timer is still set
    later(() => ran.push("next"))
    // The first arming's 250 ms timer fires before the next frame: "next" waits for its frame.
    page.fireOldestSlowTimer()
    expect(ran).toEqual(["hidden page", "first"])
    page.drawFrame()
    expect(ran).toEqual(["hidden page", "first", "next"])
  })
})
