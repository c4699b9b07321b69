/**
 * Starts Automerge's WebAssembly in the browser. The app is built with Automerge's "slim"
 * entry points (vite.config.ts), so nothing waits for the 3.6 MB module at load time: the page
 * draws a board's saved snapshot first, the module then compiles on a worker thread, and code
 * that needs a document waits for `A.wasmInitialized()` (findDocument, the repo's peers).
 * The worker stays, to read a new board's relay snapshot off the page's thread.
 */
import { initializeWasm } from "@automerge/automerge/slim"
import type { PreviewReply, PreviewRequest, PreviewResult } from "./snapshotPreview"

/** The Automerge worker, once it has compiled the module (it then reads snapshots). */
let automergeWorker: Worker | null = null
let nextPreview = 0
const previews = new Map<number, (result: PreviewResult) => void>()

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
    let compiled = false
    const stop = (): void => {
      worker.terminate()
      if (automergeWorker === worker) automergeWorker = null
      for (const answer of previews.values()) answer("unavailable")
      previews.clear()
    }
    worker.onmessage = (e: MessageEvent<unknown>) => {
      const data = e.data
      if (!compiled) {
        compiled = true
        if (data instanceof WebAssembly.Module) automergeWorker = worker
        else stop()
        resolve(data instanceof WebAssembly.Module ? data : null)
        return
      }
      const reply = data as PreviewReply
      const answer = previews.get(reply.id)
      previews.delete(reply.id)
      answer?.(reply.result ?? "unreadable")
    }
    worker.onerror = () => {
      if (!compiled) {
        compiled = true
        resolve(null)
      }
      stop()
    }
  })
}

/**
 * Reads a board's snapshot (`A.save` bytes) on the Automerge worker: the plain board to draw
 * while the page's own load of the document waits. "unavailable" when there is no worker (not
 * started, or not possible here). The bytes are copied, not moved.
 */
export function previewSnapshot(bytes: Uint8Array): Promise<PreviewResult> {
  const worker = automergeWorker
  if (worker === null) return Promise.resolve("unavailable")
  const id = ++nextPreview
  return new Promise((resolve) => {
    previews.set(id, resolve)
    const request: PreviewRequest = { kind: "preview", id, bytes }
    worker.postMessage(request)
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
