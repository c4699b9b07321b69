/**
 * The heads of a board this member last saw, remembered on this device (localStorage) per
 * board and member. Corrupt or foreign values read as "nothing remembered".
 */
import type { Heads } from "../../session"
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

const CARDS_PREFIX = "baton.cardsRead.v1:"

/** Cards marked read since the last "mark all": card id → hashes of the changes read. */
export function readCardsRead(documentId: string, memberId: string): Record<string, string[]> {
  try {
    const raw = localStorage.getItem(`${CARDS_PREFIX}${documentId}:${memberId}`)
    if (raw === null) return {}
    const v: unknown = JSON.parse(raw)
    if (typeof v !== "object" || v === null || Array.isArray(v)) return {}
    const out: Record<string, string[]> = {}
    for (const [k, hashes] of Object.entries(v as Record<string, unknown>))
      if (Array.isArray(hashes)) out[k] = hashes.filter((h): h is string => typeof h === "string")
    return out
  } catch {
    return {}
  }
}

/** Saves the cards marked read; returns false when storage refused. */
export function writeCardsRead(
  documentId: string,
  memberId: string,
  cards: Record<string, string[]>,
): boolean {
  try {
    localStorage.setItem(`${CARDS_PREFIX}${documentId}:${memberId}`, JSON.stringify(cards))
    return true
  } catch {
    return false
  }
}
