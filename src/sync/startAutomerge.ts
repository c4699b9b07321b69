/**
 * Starts Automerge's WebAssembly in the browser. The app is built with Automerge's "slim"
 * entry points (vite.config.ts), so nothing waits for the 3.6 MB module at load time: the page
 * draws a board's saved snapshot while the module compiles on a worker thread, and code that
 * needs a document waits for `A.wasmInitialized()` (findDocument, the repo's peers).
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

export async function startAutomerge(wasmUrl: string): Promise<void> {
  const module = await compileOnWorker()
  // Automerge's types list URLs and bytes only; its wasm-bindgen loader also takes a
  // compiled WebAssembly.Module, which it instantiates without compiling again.
  await initializeWasm(module === null ? wasmUrl : (module as unknown as Uint8Array))
}
