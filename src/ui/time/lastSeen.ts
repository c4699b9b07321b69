/**
 * The heads of a board this member last saw, remembered on this device (localStorage) per
 * board and member. Corrupt or foreign values read as "nothing remembered".
 */
import type { Heads } from "@automerge/automerge"
import { isHeads } from "../../model/catchup"

const PREFIX = "baton.lastSeen.v1:"

function key(documentId: string, memberId: string): string {
  return `${PREFIX}${documentId}:${memberId}`
}

export function readLastSeen(documentId: string, memberId: string): Heads | null {
  try {
    const raw = localStorage.getItem(key(documentId, memberId))
    if (raw === null) return null
    const v: unknown = JSON.parse(raw)
    return isHeads(v) ? v : null
  } catch {
    return null
  }
}

/** Saves; returns false when storage refused (full, disabled), which loses nothing else. */
export function writeLastSeen(documentId: string, memberId: string, heads: Heads): boolean {
  try {
    localStorage.setItem(key(documentId, memberId), JSON.stringify(heads))
    return true
  } catch {
    return false
  }
}
