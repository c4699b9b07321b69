import { describe, expect, it } from "vitest"
import { clockTime, describeSyncStatus } from "./describeSyncStatus"

describe("what the sync indicator says", () => {
  const now = new Date("2026-12-07T14:40:00")
  const since = new Date("2026-12-07T14:32:00").toISOString()

  it("says since when the relay cannot be reached and what is kept here; announces only the state", () => {
    expect(describeSyncStatus({ kind: "unreachable", since, unsynced: 3 }, now)).toEqual({
      text: "Can't reach the relay since 14:32 · 3 changes kept on this device",
      tone: "offline",
      announcement: "Can't reach the relay since 14:32",
    })
    expect(describeSyncStatus({ kind: "unreachable", since, unsynced: 1 }, now).text).toBe(
      "Can't reach the relay since 14:32 · 1 change kept on this device",
    )
    expect(describeSyncStatus({ kind: "unreachable", since, unsynced: 0 }, now).text).toBe(
      "Can't reach the relay since 14:32",
    )
  })

  it("announces the same words whatever the count", () => {
    for (const kind of ["offline", "connecting", "syncing"] as const) {
      const one = describeSyncStatus({ kind, unsynced: 1 }, now)
      const many = describeSyncStatus({ kind, unsynced: 7 }, now)
      expect(one.text).not.toBe(many.text)
      expect(one.announcement).toBe(many.announcement)
      expect(many.announcement).not.toMatch(/\d/)
    }
  })

  it("gives the day with a time that was not today", () => {
    expect(clockTime(new Date("2026-12-06T18:05:00").toISOString(), now)).toMatch(/6.*18:05/)
    expect(clockTime(since, now)).toBe("14:32")
  })
})
