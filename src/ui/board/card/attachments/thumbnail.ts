/**
 * A small preview of an image, made on the device that attaches it (the relay never decodes
 * images): in a worker (`thumbnailWorker.ts`, an `OffscreenCanvas`), so that a large photo
 * does not hold the page; on the page itself where the browser has no worker canvas, or the
 * worker fails. `null` when the image cannot be decoded; the file is attached all the same.
 */
import { drawThumbnail } from "./thumbnailDraw"
import type { DrawTools, Thumbnail } from "./thumbnailDraw"
import type { ThumbReply } from "./thumbnailWorker"

export { THUMB_PX } from "./thumbnailDraw"
export type { Thumbnail } from "./thumbnailDraw"

/** What making a preview needs from the browser (tests give their own). */
export interface ThumbnailEnv {
  /** A new thumbnail worker, or `null` where there is none to be had. */
  worker: () => Worker | null
  /** Drawing on the page, or `null` where the page cannot decode images. */
  page: DrawTools | null
}

function browserWorker(): Worker | null {
  if (typeof Worker !== "function" || typeof OffscreenCanvas !== "function") return null
  try {
    return new Worker(new URL("./thumbnailWorker.ts", import.meta.url), { type: "module" })
  } catch {
    return null
  }
}

function browserPage(): DrawTools | null {
  if (typeof createImageBitmap !== "function") return null
  return {
    decode: (f) => createImageBitmap(f),
    canvas: (w, h) =>
      typeof OffscreenCanvas === "function"
        ? new OffscreenCanvas(w, h)
        : Object.assign(document.createElement("canvas"), { width: w, height: h }),
  }
}

/** The worker's answer; `undefined` when it could not do it (the page draws it instead). */
function inWorker(file: Blob, worker: Worker): Promise<Thumbnail | null | undefined> {
  return new Promise((resolve) => {
    const finish = (thumb: Thumbnail | null | undefined): void => {
      worker.terminate()
      resolve(thumb)
    }
    worker.onmessage = (e: MessageEvent<ThumbReply>) =>
      finish("unsupported" in e.data ? undefined : e.data.thumb)
    worker.onerror = (e) => {
      e.preventDefault?.()
      finish(undefined)
    }
    worker.onmessageerror = () => finish(undefined)
    try {
      worker.postMessage({ file })
    } catch {
      finish(undefined)
    }
  })
}

export async function makeThumbnail(
  file: Blob,
  env: ThumbnailEnv = { worker: browserWorker, page: browserPage() },
): Promise<Thumbnail | null> {
  const worker = env.worker()
  if (worker !== null) {
    const thumb = await inWorker(file, worker)
    if (thumb !== undefined) return thumb
  }
  return env.page === null ? null : drawThumbnail(file, env.page)
}
