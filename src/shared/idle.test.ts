import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { whenQuiet } from "./idle"

describe("whenQuiet", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("runs once changes pause, and at most maxWaitMs after the first during a steady stream", () => {
    const task = vi.fn()
    const quiet = whenQuiet(task, { quietMs: 1000, maxWaitMs: 5000 })
    // Someone types a key every 100 ms for 12 s.
    const runsAt: number[] = []
    task.mockImplementation(() => runsAt.push(Date.now() - start))
    const start = Date.now()
    for (let t = 0; t < 12_000; t += 100) {
      quiet.poke()
      vi.advanceTimersByTime(100)
    }
    // Not between keystrokes: once each 5 s of continuous typing.
    expect(runsAt).toEqual([5000, 10_000])
    // Typing stops: one more run a quiet second after the last key.
    vi.advanceTimersByTime(999 - 100)
    expect(task).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(1)
    expect(task).toHaveBeenCalledTimes(3)
    vi.advanceTimersByTime(10_000)
    expect(task).toHaveBeenCalledTimes(3)
  })

  it("flush runs a waiting task at once and only then; cancel drops it", () => {
    const task = vi.fn()
    const quiet = whenQuiet(task, { quietMs: 1000, maxWaitMs: 5000 })
    quiet.flush()
    expect(task).not.toHaveBeenCalled()
    quiet.poke()
    quiet.flush()
    expect(task).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(5000)
    expect(task).toHaveBeenCalledTimes(1)
    quiet.poke()
    quiet.cancel()
    vi.advanceTimersByTime(5000)
    expect(task).toHaveBeenCalledTimes(1)
  })
})
