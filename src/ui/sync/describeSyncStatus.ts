/** The words of the sync indicator, and what its live region announces (a state, never a count). */
import type { SyncStatus } from "../../session"

/** "14:32" in the viewer's zone; with the day when it was not today. */
export function clockTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso)
  const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
  if (d.toDateString() === now.toDateString()) return time
  return `${d.toLocaleDateString([], { month: "short", day: "numeric" })}, ${time}`
}

export function describeSyncStatus(
  status: SyncStatus,
  now: Date = new Date(),
): { text: string; tone: string; announcement: string } {
  const pending = (n: number | null): string => {
    if (n === null || n <= 0) return ""
    return n === 1 ? " · 1 change not on the relay yet" : ` · ${n} changes not on the relay yet`
  }
  const kept = (n: number | null): string => {
    if (n === null || n === 0) return ""
    if (n < 0) return " · changes kept on this device"
    return n === 1 ? " · 1 change kept on this device" : ` · ${n} changes kept on this device`
  }
  switch (status.kind) {
    case "local-only":
      return { text: "Saved on this device", tone: "local", announcement: "Saved on this device" }
    case "offline":
      return {
        text: `Offline${pending(status.unsynced)}`,
        tone: "offline",
        announcement: "Offline",
      }
    case "connecting":
      return {
        text: `Connecting…${pending(status.unsynced)}`,
        tone: "connecting",
        announcement: "Connecting to the relay",
      }
    case "unreachable": {
      const since = `Can't reach the relay since ${clockTime(status.since, now)}`
      return { text: `${since}${kept(status.unsynced)}`, tone: "offline", announcement: since }
    }
    case "syncing":
      return {
        text: `Syncing${pending(status.unsynced)}`,
        tone: "syncing",
        announcement: "Syncing",
      }
    case "saved":
      return {
        text: "All changes saved to the relay",
        tone: "saved",
        announcement: "All changes saved to the relay",
      }
  }
}
