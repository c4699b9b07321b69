/**
 * Reactive access to what this device remembers: the boards opened here (see
 * `src/sync/device/deviceBoards.ts`) and the last profile this person used, to prefill the
 * "who am I" form on a new board.
 */
import { createRoot, createSignal } from "solid-js"
import type { DocumentId } from "../session"
import {
  DEVICE_BOARDS_KEY,
  getDeviceBoard,
  readDeviceBoards,
  removeDeviceBoard,
  upsertDeviceBoard,
  deleteSnapshot,
  recordBoardSyncWith,
} from "../session"
import type { DeviceBoard, KeyValueStore } from "../session"

/** localStorage, or an in-memory stand-in when the browser refuses it (private mode). */
function openStorage(): KeyValueStore {
  try {
    const s = window.localStorage
    s.getItem(DEVICE_BOARDS_KEY)
    return s
  } catch {
    const mem = new Map<string, string>()
    return { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => void mem.set(k, v) }
  }
}

const storage = openStorage()

const [boards, setBoards] = createRoot(() => createSignal<DeviceBoard[]>(readDeviceBoards(storage)))

window.addEventListener("storage", (e) => {
  if (e.key === DEVICE_BOARDS_KEY) setBoards(readDeviceBoards(storage))
})

export const deviceBoards = boards

// The count of changes not yet on the relay that home shows, from the board's own sync status;
// a board removed from this device is not brought back by it.
recordBoardSyncWith((documentId, unsynced) => {
  const id = documentId as DocumentId
  const entry = getDeviceBoard(storage, id)
  if (entry !== null && entry.unsynced !== unsynced)
    setBoards(upsertDeviceBoard(storage, id, { unsynced }))
})

export function rememberBoard(
  documentId: DocumentId,
  patch: Partial<Omit<DeviceBoard, "documentId">>,
): void {
  setBoards(upsertDeviceBoard(storage, documentId, patch))
}

export function forgetBoard(documentId: DocumentId): void {
  setBoards(removeDeviceBoard(storage, documentId))
  void deleteSnapshot(documentId)
}

export function deviceBoard(documentId: DocumentId): DeviceBoard | null {
  return getDeviceBoard(storage, documentId)
}

export interface LastProfile {
  name: string
  color: string
  timeZone: string
}

const PROFILE_KEY = "baton.lastProfile.v1"

export function lastProfile(): LastProfile | null {
  try {
    const v = JSON.parse(storage.getItem(PROFILE_KEY) ?? "null") as unknown
    if (typeof v !== "object" || v === null) return null
    const o = v as Record<string, unknown>
    if (
      typeof o.name !== "string" ||
      typeof o.color !== "string" ||
      typeof o.timeZone !== "string"
    ) {
      return null
    }
    return { name: o.name.slice(0, 80), color: o.color, timeZone: o.timeZone }
  } catch {
    return null
  }
}

export function rememberProfile(p: LastProfile): void {
  try {
    storage.setItem(PROFILE_KEY, JSON.stringify(p))
  } catch {
    // Not remembering a default is harmless.
  }
}
