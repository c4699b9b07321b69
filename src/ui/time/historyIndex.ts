/**
 * Mounted with the board and drawing nothing: once the page is idle, builds the board's card
 * history index in a worker when the device has none (see src/session/history/historyIndex.ts),
 * so the first time someone opens a card's history it is read from the index.
 */
import { onCleanup } from "solid-js"
import { historyOf as sessionHistoryOf, prepareHistoryIndex } from "../../session"
import type { DocHandle } from "../../session"
import type { Board } from "../../model/types"
import type { BoardContextProps } from "../extensions"
import { readHistoryIndex, writeHistoryIndex } from "./historyStore"

const store = { read: readHistoryIndex, write: writeHistoryIndex }

/** The board's history reader, brought up to date (see src/session/history/historyIndex.ts). */
export function historyOf(documentId: string, handle: DocHandle<Board>) {
  return sessionHistoryOf(documentId, handle, store)
}

export function HistoryIndexer(props: BoardContextProps) {
  const documentId = props.documentId
  const handle = props.handle
  const start = (): void => prepareHistoryIndex(documentId, handle, store)
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(start, { timeout: 5000 })
    onCleanup(() => cancelIdleCallback(id))
  } else {
    const id = window.setTimeout(start, 2000)
    onCleanup(() => clearTimeout(id))
  }
  return null
}
