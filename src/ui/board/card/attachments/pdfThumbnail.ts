/**
 * A PDF's preview: its first page drawn at most `THUMB_PX` wide or high, with PDF.js (Mozilla's
 * reader, the one Firefox uses) loaded only when a PDF is attached. PDF.js parses in a worker
 * of its own; drawing the page needs the page's canvas and font loading, so that part runs on
 * the page, bounded by the preview's size. `null` when the file cannot be read as a PDF or takes
 * too long: the file is attached all the same, with the PDF icon.
 */
import { THUMB_PX, encode } from "./thumbnailDraw"
import type { Thumbnail } from "./thumbnailDraw"

/** A PDF that takes longer than this to show its first page gets no preview. */
export const PDF_PREVIEW_TIMEOUT_MS = 15_000

async function draw(bytes: Uint8Array): Promise<Thumbnail | null> {
  const [pdfjs, worker] = await Promise.all([
    import("pdfjs-dist"),
    import("pdfjs-dist/build/pdf.worker.min.mjs?url"),
  ])
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default
  const task = pdfjs.getDocument({
    data: bytes,
    // The page's CSP allows no eval; PDF.js then draws glyphs by path, which it does anyway
    // when eval is off. Nothing is fetched: fonts a PDF does not embed fall back to the
    // browser's own.
    isEvalSupported: false,
    useSystemFonts: true,
    disableAutoFetch: true,
    disableStream: true,
  })
  const timer = setTimeout(() => void task.destroy(), PDF_PREVIEW_TIMEOUT_MS)
  try {
    const doc = await task.promise
    const page = await doc.getPage(1)
    const full = page.getViewport({ scale: 1 })
    if (!(full.width > 0 && full.height > 0)) return null
    const scale = Math.min(THUMB_PX / full.width, THUMB_PX / full.height)
    const viewport = page.getViewport({ scale })
    const canvas = document.createElement("canvas")
    canvas.width = Math.max(1, Math.round(viewport.width))
    canvas.height = Math.max(1, Math.round(viewport.height))
    const g = canvas.getContext("2d")
    if (g === null) return null
    // Paper is white; a page with no background of its own would encode as transparent.
    g.fillStyle = "#fff"
    g.fillRect(0, 0, canvas.width, canvas.height)
    await page.render({ canvas, canvasContext: g, viewport }).promise
    const blob = await encode(canvas)
    if (blob === null) return null
    return {
      bytes: await blob.arrayBuffer(),
      mime: blob.type,
      width: Math.round(full.width),
      height: Math.round(full.height),
    }
  } finally {
    clearTimeout(timer)
    void task.destroy()
  }
}

export async function makePdfThumbnail(file: Blob): Promise<Thumbnail | null> {
  try {
    return await draw(new Uint8Array(await file.arrayBuffer()))
  } catch {
    return null
  }
}
