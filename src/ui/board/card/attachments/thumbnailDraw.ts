/**
 * Drawing an image's preview: decoded with `createImageBitmap`, drawn at most `THUMB_PX` wide
 * or high on a canvas, encoded as WebP (JPEG where the browser cannot). It touches no DOM of
 * its own (the canvas comes from the caller), so the thumbnail worker and the page's fallback
 * share it.
 */
export const THUMB_PX = 480

export interface Thumbnail {
  bytes: ArrayBuffer
  mime: string
  /** The full image's size. */
  width: number
  height: number
}

export type ThumbCanvas = HTMLCanvasElement | OffscreenCanvas

export interface DrawTools {
  decode: (file: Blob) => Promise<ImageBitmap>
  canvas: (width: number, height: number) => ThumbCanvas
}

/** The canvas as WebP, or JPEG where the browser cannot encode WebP. */
export async function encode(canvas: ThumbCanvas): Promise<Blob | null> {
  if ("convertToBlob" in canvas) {
    const webp = await canvas.convertToBlob({ type: "image/webp", quality: 0.8 })
    return webp.type === "image/webp"
      ? webp
      : canvas.convertToBlob({ type: "image/jpeg", quality: 0.8 })
  }
  const as = (type: string): Promise<Blob | null> =>
    new Promise((resolve) => canvas.toBlob(resolve, type, 0.8))
  const webp = await as("image/webp")
  return webp?.type === "image/webp" ? webp : as("image/jpeg")
}

/** The preview, or `null` when the image cannot be decoded or drawn. */
export async function drawThumbnail(file: Blob, tools: DrawTools): Promise<Thumbnail | null> {
  let bitmap: ImageBitmap
  try {
    bitmap = await tools.decode(file)
  } catch {
    return null
  }
  try {
    const { width, height } = bitmap
    if (width === 0 || height === 0) return null
    const scale = Math.min(1, THUMB_PX / Math.max(width, height))
    const w = Math.max(1, Math.round(width * scale))
    const h = Math.max(1, Math.round(height * scale))
    const canvas = tools.canvas(w, h)
    const g = canvas.getContext("2d") as
      CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null
    if (g === null) return null
    g.drawImage(bitmap, 0, 0, w, h)
    const blob = await encode(canvas)
    if (blob === null) return null
    return { bytes: await blob.arrayBuffer(), mime: blob.type, width, height }
  } catch {
    return null
  } finally {
    bitmap.close()
  }
}
