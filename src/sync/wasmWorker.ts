/**
 * Compiles Automerge's WebAssembly on a worker thread as soon as the worker starts, and hands
 * the compiled module to the page (see startAutomerge.ts). Even when the browser has the
 * compiled code cached, reading it back is ~100 ms of work on the thread that asks, which
 * would hold the page's first paint. (The worker does not wait for a message from the page:
 * messages to a starting worker are passed on by the page's own busy thread.)
 */
import automergeWasmUrl from "@automerge/automerge/automerge.wasm?url"

const scope = globalThis as unknown as { postMessage(message: unknown): void }

WebAssembly.compileStreaming(fetch(automergeWasmUrl)).then(
  (module) => scope.postMessage(module),
  (error: unknown) => scope.postMessage({ error: String(error) }),
)
