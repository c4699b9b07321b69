/**
 * Compiles Automerge's WebAssembly on a worker thread as soon as the worker starts, and hands
 * the compiled module to the page (see startAutomerge.ts). Even when the browser has the
 * compiled code cached, reading it back is ~100 ms of work on the thread that asks, which
 * would hold the page's first paint. (The worker does not wait for a message from the page:
 * messages to a starting worker are passed on by the page's own busy thread.)
 *
 * The worker then stays, to read a board's snapshot from the relay on its own thread
 * (`readSnapshot`, snapshotPreview.ts): the page gets the plain board to draw while its own
 * load of the document, which blocks the page, has not started yet.
 */
import automergeWasmUrl from "@automerge/automerge/automerge.wasm?url"
import { initializeWasm } from "@automerge/automerge/slim"
import { readSnapshot } from "./snapshotPreview"
import type { PreviewReply, PreviewRequest } from "./snapshotPreview"

const scope = globalThis as unknown as {
  postMessage(message: unknown): void
  onmessage: ((e: MessageEvent<unknown>) => void) | null
}

const compiled = WebAssembly.compileStreaming(fetch(automergeWasmUrl))
compiled.then(
  (module) => scope.postMessage(module),
  (error: unknown) => scope.postMessage({ error: String(error) }),
)

let started: Promise<void> | null = null

scope.onmessage = (e) => {
  const request = e.data as PreviewRequest
  if (typeof request !== "object" || request === null || request.kind !== "preview") return
  started ??= compiled.then((module) => initializeWasm(module as unknown as Uint8Array))
  void started
    .then(() => readSnapshot(request.bytes))
    .then(
      (result): PreviewReply => ({ kind: "preview", id: request.id, result }),
      (): PreviewReply => ({ kind: "preview", id: request.id, result: null }),
    )
    .then((reply) => scope.postMessage(reply))
}
