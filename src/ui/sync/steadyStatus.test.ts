import { describe, expect, it } from "vitest"
import type { SyncStatus } from "../../sync/transport/syncStatus"
import { steadyStatus } from "./steadyStatus"

/** A clock and timers the test moves by hand. */
function harness() {
  let t = 0
  let timers: { at: number; f: () => void; id: number }[] = []
  let next = 1
  const shown: { at: number; status: SyncStatus }[] = []
  const steady = steadyStatus({
    show: (status) => shown.push({ at: t, status }),
    holdMs: 1_000,
    maxWaitMs: 3_000,
    now: () => t,
    setTimer: (f, ms) => {
      const id = next++
      timers.push({ at: t + ms, f, id })
      return id
    },
    clearTimer: (id) => {
      timers = timers.filter((x) => x.id !== id)
    },
  })
  const advance = (ms: number): void => {
    const end = t + ms
    for (;;) {
      timers.sort((a, b) => a.at - b.at)
      const due = timers[0]
      if (due === undefined || due.at > end) break
      timers.shift()
      t = due.at
      due.f()
    }
    t = end
  }
  return { steady, shown, advance }
}

const saved: SyncStatus = { kind: "saved" }
const syncing = (n: number): SyncStatus => ({ kind: "syncing", unsynced: n })
const offline = (n: number): SyncStatus => ({ kind: "offline", unsynced: n })

describe("steadyStatus", () => {
  it("keeps showing saved while each keystroke is confirmed by the relay within a second", () => {
    const { steady, shown, advance } = harness()
    steady.update(saved)
    for (let key = 0; key < 50; key++) {
      steady.update(syncing(1))
      advance(150)
      steady.update(saved)
      advance(100)
    }
    advance(5_000)
    expect(shown.map((s) => s.status)).toEqual([saved])
  })

  it("shows syncing once the relay has been behind for a second, then saved at once", () => {
    const { steady, shown, advance } = harness()
    steady.update(saved)
    steady.update(syncing(1))
    advance(999)
    expect(shown).toHaveLength(1)
    advance(1)
    expect(shown[1]).toEqual({ at: 1_000, status: syncing(1) })
    advance(200)
    steady.update(saved)
    expect(shown[2]).toEqual({ at: 1_200, status: saved })
  })

  it("moves a count that keeps rising at least every 3 s, and shows the last one once it holds", () => {
    const { steady, shown, advance } = harness()
    steady.update(offline(0))
    for (let n = 1; n <= 60; n++) {
      steady.update(offline(n))
      advance(100)
    }
    // 6 s of typing, one change per 100 ms: shown at 3 s and 6 s, not per key.
    expect(shown.map((s) => [s.at, s.status])).toEqual([
      [0, offline(0)],
      [3_000, offline(30)],
      [6_000, offline(60)],
    ])
    steady.update(offline(61))
    advance(1_000)
    expect(shown.at(-1)).toEqual({ at: 7_000, status: offline(61) })
  })

  it("shows going offline, connecting and coming back at once", () => {
    const { steady, shown, advance } = harness()
    steady.update(syncing(2))
    steady.update(offline(2))
    advance(10)
    steady.update({ kind: "connecting", unsynced: 2 })
    advance(10)
    steady.update(syncing(2))
    expect(shown.map((s) => [s.at, s.status.kind])).toEqual([
      [0, "syncing"],
      [0, "offline"],
      [10, "connecting"],
      [20, "syncing"],
    ])
  })

  it("drops a waiting count once the shown one is current again, and nothing shows after stop", () => {
    const { steady, shown, advance } = harness()
    steady.update(syncing(3))
    steady.update(syncing(4))
    steady.update(syncing(3))
    advance(5_000)
    expect(shown.map((s) => s.status)).toEqual([syncing(3)])
    steady.update(syncing(5))
    steady.stop()
    advance(5_000)
    expect(shown.map((s) => s.status)).toEqual([syncing(3)])
  })
})
