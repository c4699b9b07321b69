import { describe, expect, it } from "vitest"
import { makeThumbnail } from "./thumbnail"
import type { ThumbnailEnv } from "./thumbnail"
import type { DrawTools, Thumbnail } from "./thumbnailDraw"
import type { ThumbReply } from "./thumbnailWorker"

/** A worker that answers the first message with `reply` (or fails, for "error"). */
function fakeWorker(reply: ThumbReply | "error" | "throws") {
  const seen = { posted: 0, terminated: false }
  const w = {
    onmessage: null as ((e: { data: ThumbReply }) => void) | null,
    onerror: null as ((e: { preventDefault(): void }) => void) | null,
    onmessageerror: null as (() => void) | null,
    postMessage(msg: { file: Blob }) {
      if (reply === "throws") throw new DOMException("could not clone", "DataCloneError")
      expect(msg.file).toBeInstanceOf(Blob)
      seen.posted++
      queueMicrotask(() => {
        if (reply === "error") w.onerror?.({ preventDefault() {} })
        else w.onmessage?.({ data: reply })
      })
    },
    terminate() {
      seen.terminated = true
    },
  }
  return { worker: w as unknown as Worker, seen }
}

/** Drawing on the page with fakes: records what was drawn, encodes `webp` bytes. */
function fakePage(size: { width: number; height: number }) {
  const drawn: { w: number; h: number }[] = []
  let closed = false
  const tools: DrawTools = {
    decode: () =>
      Promise.resolve({
        ...size,
        close: () => {
          closed = true
        },
      } as ImageBitmap),
    canvas: (w, h) =>
      ({
        width: w,
        height: h,
        getContext: () => ({ drawImage: () => drawn.push({ w, h }) }),
        convertToBlob: (o: { type: string }) =>
          Promise.resolve(new Blob([new Uint8Array([1, 2, 3])], { type: o.type })),
      }) as unknown as OffscreenCanvas,
  }
  return { tools, drawn, closed: () => closed }
}

const image = new Blob([new Uint8Array([0x89, 0x50])], { type: "image/png" })
const fromWorker: Thumbnail = {
  bytes: new Uint8Array([9, 9]).buffer,
  mime: "image/webp",
  width: 4000,
  height: 3000,
}

describe("makeThumbnail", () => {
  it("takes the worker's preview and leaves the page's thread alone", async () => {
    const { worker, seen } = fakeWorker({ thumb: fromWorker })
    const page = fakePage({ width: 10, height: 10 })
    const env: ThumbnailEnv = { worker: () => worker, page: page.tools }
    expect(await makeThumbnail(image, env)).toEqual(fromWorker)
    expect(seen).toEqual({ posted: 1, terminated: true })
    expect(page.drawn).toEqual([])
  })

  it("gives no preview for an image the worker could not decode, without trying again", async () => {
    const { worker, seen } = fakeWorker({ thumb: null })
    const page = fakePage({ width: 10, height: 10 })
    expect(await makeThumbnail(image, { worker: () => worker, page: page.tools })).toBeNull()
    expect(seen.terminated).toBe(true)
    expect(page.drawn).toEqual([])
  })

  for (const failure of [{ unsupported: true } as const, "error" as const, "throws" as const])
    it(`draws it on the page when the worker ${typeof failure === "string" ? `${failure}` : "has no canvas"}`, async () => {
      const { worker, seen } = fakeWorker(failure)
      const page = fakePage({ width: 960, height: 480 })
      const thumb = await makeThumbnail(image, { worker: () => worker, page: page.tools })
      expect(thumb).toMatchObject({ mime: "image/webp", width: 960, height: 480 })
      expect(thumb?.bytes.byteLength).toBe(3)
      expect(page.drawn).toEqual([{ w: 480, h: 240 }])
      expect(page.closed()).toBe(true)
      expect(seen.terminated).toBe(true)
    })

  it("draws it on the page where there is no worker, and gives none where nothing can decode", async () => {
    const page = fakePage({ width: 200, height: 100 })
    expect(await makeThumbnail(image, { worker: () => null, page: page.tools })).toMatchObject({
      width: 200,
      height: 100,
    })
    expect(page.drawn).toEqual([{ w: 200, h: 100 }]) // never scaled up
    expect(await makeThumbnail(image, { worker: () => null, page: null })).toBeNull()
  })
})
