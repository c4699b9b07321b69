/**
 * The boards on this device: document id, title, when it was last opened and the member id
 * this person uses on that board. Kept in localStorage; a corrupt or hostile value never
 * breaks the home page — bad entries are dropped one by one, never the whole list.
 */
import { isValidDocumentId } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { readStoredArray } from "../storage/storedArray"

export interface DeviceBoard {
  documentId: DocumentId
  title: string
  /** ISO instant of the last time this board was opened here. */
  lastOpened: string
  /** The member id this person chose on that board, `null` until chosen. */
  memberId: string | null
  /**
   * Changes made here that the relay did not have when the board was last open: 0 when all
   * were on the relay, `UNSYNCED_SOME` (-1) when some were missing but not how many, `null`
   * when unknown (local-only, or never opened since this was recorded).
   */
  unsynced: number | null
  /** Whether the board was marked a template board when last open here (additive). */
  template?: boolean
  /** Set once this device saw the board deleted for everyone: who (by name) and when. */
  deleted?: { by: string; at: string } | null
}

/** `unsynced` value for "some changes are not on the relay, count unknown". */
export const UNSYNCED_SOME = -1

export const DEVICE_BOARDS_KEY = "baton.deviceBoards.v1"

/** The subset of `Storage` this module needs (so tests can pass a plain object). */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const MEMBER_ID = /^[A-Za-z0-9_-]{1,64}$/

function parseEntry(value: unknown): DeviceBoard | null {
  if (typeof value !== "object" || value === null) return null
  const v = value as Record<string, unknown>
  if (typeof v.documentId !== "string" || !isValidDocumentId(v.documentId)) return null
  const title = typeof v.title === "string" ? v.title.slice(0, 500) : ""
  const lastOpened =
    typeof v.lastOpened === "string" && !Number.isNaN(Date.parse(v.lastOpened))
      ? v.lastOpened
      : new Date(0).toISOString()
  const memberId = typeof v.memberId === "string" && MEMBER_ID.test(v.memberId) ? v.memberId : null
  const unsynced =
    typeof v.unsynced === "number" && Number.isInteger(v.unsynced) && v.unsynced >= UNSYNCED_SOME
      ? v.unsynced
      : null
  const entry: DeviceBoard = { documentId: v.documentId, title, lastOpened, memberId, unsynced }
  if (v.template === true) entry.template = true
  const d = v.deleted as Record<string, unknown> | null | undefined
  if (typeof d === "object" && d !== null && typeof d.by === "string" && typeof d.at === "string")
    entry.deleted = { by: d.by.slice(0, 500), at: d.at }
  return entry
}

/** Reads the list, most recently opened first. Never throws. */
export function readDeviceBoards(store: KeyValueStore): DeviceBoard[] {
  const parsed = readStoredArray(store, DEVICE_BOARDS_KEY)
  const seen = new Set<string>()
  const boards: DeviceBoard[] = []
  for (const item of parsed) {
    const entry = parseEntry(item)
    if (entry === null || seen.has(entry.documentId)) continue
    seen.add(entry.documentId)
    boards.push(entry)
  }
  return boards.sort((a, b) => b.lastOpened.localeCompare(a.lastOpened))
}

/** Writes the list. Returns false when storage refused (full disk, private mode). */
export function writeDeviceBoards(store: KeyValueStore, boards: DeviceBoard[]): boolean {
  try {
    store.setItem(DEVICE_BOARDS_KEY, JSON.stringify(boards))
    return true
  } catch {
    return false
  }
}

/** Adds the board or updates the given fields of its entry. */
export function upsertDeviceBoard(
  store: KeyValueStore,
  documentId: DocumentId,
  patch: Partial<Omit<DeviceBoard, "documentId">>,
): DeviceBoard[] {
  const boards = readDeviceBoards(store)
  const existing = boards.find((b) => b.documentId === documentId)
  if (existing !== undefined) {
    Object.assign(existing, patch)
  } else {
    boards.push({
      documentId,
      title: patch.title ?? "",
      lastOpened: patch.lastOpened ?? new Date(0).toISOString(),
      memberId: patch.memberId ?? null,
      unsynced: patch.unsynced ?? null,
    })
  }
  writeDeviceBoards(store, boards)
  return readDeviceBoards(store)
}

/** Removes the board from this device's list (its data stays in the browser's storage). */
export function removeDeviceBoard(store: KeyValueStore, documentId: DocumentId): DeviceBoard[] {
  const boards = readDeviceBoards(store).filter((b) => b.documentId !== documentId)
  writeDeviceBoards(store, boards)
  return boards
}

export function getDeviceBoard(store: KeyValueStore, documentId: DocumentId): DeviceBoard | null {
  return readDeviceBoards(store).find((b) => b.documentId === documentId) ?? null
}
