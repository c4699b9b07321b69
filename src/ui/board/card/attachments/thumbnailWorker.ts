/**
 * Makes an image's preview off the page's thread: decoding a photo of several megapixels and
 * encoding its preview holds a thread for a while, and on the page that would be the card
 * dialog's. Answers `{ thumb }` (`null` for an image that cannot be decoded) or
 * `{ unsupported: true }` where this worker has no `OffscreenCanvas` or `createImageBitmap`
 * (the page then draws it itself).
 */
import { drawThumbnail } from "./thumbnailDraw"
import type { Thumbnail } from "./thumbnailDraw"

export type ThumbReply = { thumb: Thumbnail | null } | { unsupported: true }

const scope = globalThis as unknown as {
  postMessage(message: ThumbReply, transfer?: Transferable[]): void
  onmessage: ((e: MessageEvent<{ file: Blob }>) => void) | null
}

scope.onmessage = (e) => {
  void (async () => {
    if (typeof OffscreenCanvas !== "function" || typeof createImageBitmap !== "function") {
      scope.postMessage({ unsupported: true })
      return
    }
    const thumb = await drawThumbnail(e.data.file, {
      decode: (f) => createImageBitmap(f),
      canvas: (w, h) => new OffscreenCanvas(w, h),
    })
    scope.postMessage({ thumb }, thumb === null ? [] : [thumb.bytes])
  })()
}
