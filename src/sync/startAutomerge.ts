/**
 * Starts Automerge's WebAssembly in the browser. The app is built with Automerge's "slim"
 * entry points (vite.config.ts), so nothing waits for the 3.6 MB module at load time: the page
 * draws a board's saved snapshot first, the module then compiles on a worker thread, and code
 * that needs a document waits for `A.wasmInitialized()` (findDocument, the repo's peers).
 */
import { initializeWasm } from "@automerge/automerge/slim"

/** Compiles on a worker; null when that is not possible here (then the page compiles it). */
function compileOnWorker(): Promise<WebAssembly.Module | null> {
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(new URL("./wasmWorker.ts", import.meta.url), { type: "module" })
    } catch {
      resolve(null)
      return
    }
    const done = (module: WebAssembly.Module | null): void => {
      worker.terminate()
      resolve(module)
    }
    worker.onmessage = (e: MessageEvent<unknown>) =>
      done(e.data instanceof WebAssembly.Module ? e.data : null)
    worker.onerror = () => done(null)
  })
}

/**
 * At most this long a board page holds the compile back for its first frame (a snapshot read
 * that stalls must not hold the document's load for long).
 */
const FIRST_FRAME_WAIT_MS = 1000

let firstFrameDrawn: () => void = () => undefined
const firstFrame = new Promise<void>((resolve) => {
  firstFrameDrawn = resolve
})

/**
 * Called by the board page once its first frame is drawn (from the device's snapshot), or
 * once it knows it has none to draw. See `startAutomerge`'s `afterFirstFrame`.
 */
export function boardFirstFrameDrawn(): void {
  firstFrameDrawn()
}

/**
 * `afterFirstFrame` (a page opened on a board's link): compile only once the board's first
 * frame is drawn. Compiling takes a core for a few hundred milliseconds, and on two cores it
 * held that frame back: the 10,000-card board's first cards came at 400-690 ms with the
 * compile alongside and 330-420 ms after it, with its document loaded no later (the load
 * waits for the document's bytes and then runs for seconds anyway).
 */
export async function startAutomerge(
  wasmUrl: string,
  options: { afterFirstFrame?: boolean } = {},
): Promise<void> {
  if (options.afterFirstFrame === true)
    await Promise.race([
      firstFrame,
      new Promise((resolve) => setTimeout(resolve, FIRST_FRAME_WAIT_MS)),
    ])
  const module = await compileOnWorker()
  // Automerge's types list URLs and bytes only; its wasm-bindgen loader also takes a
  // compiled WebAssembly.Module, which it instantiates without compiling again.
  await initializeWasm(module === null ? wasmUrl : (module as unknown as Uint8Array))
}
