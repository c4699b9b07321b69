/**
 * Builds a board's card-history index off the page's thread: a first read of a long history
 * decodes every change (seconds on a 10,000-card board), which would hold the page. The page
 * sends the document's saved bytes; the worker answers with the index as the device keeps it.
 */
import * as A from "@automerge/automerge/slim"
import automergeWasmUrl from "@automerge/automerge/automerge.wasm?url"
import { BoardHistory } from "../../model/catchup/history"
import type { HistorySnapshot } from "../../model/catchup/history"
import type { Board } from "../../model/types"

const scope = globalThis as unknown as {
  postMessage(message: { snapshot: HistorySnapshot } | { error: string }): void
  onmessage: ((e: MessageEvent<{ bytes: Uint8Array }>) => void) | null
}

let wasm: Promise<unknown> | null = null

scope.onmessage = (e) => {
  void (async () => {
    try {
      wasm ??= A.initializeWasm(automergeWasmUrl)
      await wasm
      const history = new BoardHistory()
      history.update(A.load<Board>(e.data.bytes))
      scope.postMessage({ snapshot: history.snapshot() })
    } catch (err) {
      scope.postMessage({ error: err instanceof Error ? err.message : String(err) })
    }
  })()
}
