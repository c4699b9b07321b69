/**
 * A small preview of an image, made on the device that attaches it (the relay never decodes
 * images): decoded with `createImageBitmap`, drawn at most `THUMB_PX` wide or high on a
 * canvas, encoded as WebP (JPEG where the browser cannot). `null` when the browser cannot
 * decode the image; the file is attached all the same.
 */
export const THUMB_PX = 480

export interface Thumbnail {
  bytes: ArrayBuffer
  mime: string
  /** The full image's size. */
  width: number
  height: number
}

async function encode(canvas: HTMLCanvasElement | OffscreenCanvas): Promise<Blob | null> {
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

export async function makeThumbnail(file: Blob): Promise<Thumbnail | null> {
  if (typeof createImageBitmap !== "function") return null
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    return null
  }
  try {
    const { width, height } = bitmap
    if (width === 0 || height === 0) return null
    const scale = Math.min(1, THUMB_PX / Math.max(width, height))
    const w = Math.max(1, Math.round(width * scale))
    const h = Math.max(1, Math.round(height * scale))
    const canvas: HTMLCanvasElement | OffscreenCanvas =
      typeof OffscreenCanvas === "function"
        ? new OffscreenCanvas(w, h)
        : Object.assign(document.createElement("canvas"), { width: w, height: h })
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
