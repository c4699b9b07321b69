/**
 * One card-history reader per open board, shared by the card dialogs: restored from the index
 * kept on this device, then reading only what is newer. A board without a kept index gets one
 * built in a worker once the page is idle, so the first time someone opens a card's history it
 * is read from the index instead of decoding the whole history on the page's thread.
 */
import * as A from "@automerge/automerge"
import type { DocHandle } from "@automerge/automerge-repo"
import { BoardHistory } from "../../model/catchup"
import type { HistorySnapshot } from "../../model/catchup"
import type { Board } from "../../model/types"

/** Where the device keeps history indexes (IndexedDB in the app); failures read as none. */
export interface HistoryIndexStore {
  read(documentId: string): Promise<unknown>
  write(documentId: string, snapshot: HistorySnapshot): Promise<unknown>
}

interface Entry {
  history: BoardHistory
  busy: Promise<unknown>
}

const histories = new Map<string, Entry>()
/** Index builds in flight, by board: a reader made meanwhile waits for them. */
const building = new Map<string, Promise<void>>()

/** The history reader of a board, brought up to date with the document (see the module note). */
export function historyOf(
  documentId: string,
  handle: DocHandle<Board>,
  store: HistoryIndexStore,
): { history: () => BoardHistory; ready: Promise<unknown> } {
  let entry = histories.get(documentId)
  if (!entry) {
    const made: Entry = { history: new BoardHistory(), busy: Promise.resolve() }
    made.busy = (building.get(documentId) ?? Promise.resolve())
      .then(() => store.read(documentId))
      .then((kept) => {
        if (kept) made.history = BoardHistory.restore(kept)
      })
    histories.set(documentId, made)
    entry = made
  }
  const e = entry
  e.busy = e.busy
    .then(() =>
      e.history.updateInChunks(handle.doc(), () => new Promise((r) => setTimeout(r, 0)), 100),
    )
    .then((read) => {
      if (read > 0) void store.write(documentId, e.history.snapshot())
    })
  return { history: () => e.history, ready: e.busy }
}

/** Boards with fewer changes read their whole history on the page in a few short chunks. */
const WORKER_FROM_CHANGES = 1000

/**
 * Builds and keeps the board's history index in a worker, unless the device has one or the
 * board's history is short. Call once the page is idle.
 */
export function prepareHistoryIndex(
  documentId: string,
  handle: DocHandle<Board>,
  store: HistoryIndexStore,
): void {
  if (histories.has(documentId) || building.has(documentId)) return
  if (A.stats(handle.doc()).numChanges < WORKER_FROM_CHANGES) return
  const done = (async () => {
    if ((await store.read(documentId)) !== null || histories.has(documentId)) return
    const snapshot = await buildInWorker(A.save(handle.doc()))
    if (snapshot !== null) await store.write(documentId, snapshot)
  })()
    .catch(() => undefined)
    .finally(() => building.delete(documentId))
  building.set(documentId, done)
}

function buildInWorker(bytes: Uint8Array): Promise<HistorySnapshot | null> {
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(new URL("./historyIndexWorker.ts", import.meta.url), { type: "module" })
    } catch {
      resolve(null)
      return
    }
    const finish = (snapshot: HistorySnapshot | null): void => {
      worker.terminate()
      resolve(snapshot)
    }
    worker.onmessage = (e: MessageEvent<{ snapshot?: HistorySnapshot }>) =>
      finish(e.data.snapshot ?? null)
    worker.onerror = () => finish(null)
    worker.postMessage({ bytes }, [bytes.buffer as ArrayBuffer])
  })
}
