/**
 * A full disk while files are kept: the page is told (what could not be written, since when),
 * a queued file is never lost (its upload goes on, even when the disk refuses the queue's own
 * bookkeeping), a file opened from the relay still opens, and the alert ends once a write goes
 * through or the file cache is freed.
 */
import { IDBFactory } from "fake-indexeddb"
import { describe, expect, it } from "vitest"
import { createBlobTransport } from "./blobTransport"
import type { Fetch } from "./blobTransport"
import { createDeviceFiles } from "./deviceFiles"
import { sha256Hex } from "./download"
import { createFileHealth, watchedFileStore } from "./fileHealth"
import { createFileStore } from "./fileStore"
import type { FileStore } from "./fileStore"
import { createUploader } from "./uploader"

const B = "board1"
const quota = (): DOMException =>
  new DOMException("The quota has been exceeded.", "QuotaExceededError")

/** A store whose writes all fail while `full.on` (as IndexedDB's on a full disk). */
function fillable(store: FileStore) {
  const full = { on: false }
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> =>
      full.on ? Promise.reject(quota()) : f(...a)
  const s: FileStore = {
    ...store,
    put: guard(store.put),
    uploaded: guard(store.uploaded),
    setRefused: guard(store.setRefused),
  }
  return { store: s, full }
}

/** A relay that keeps what it is sent and serves it. */
function relay() {
  const held = new Map<string, Uint8Array>()
  let up = true
  const fetch: Fetch = async (url, init) => {
    if (!up) throw new TypeError("Failed to fetch")
    if (init?.method === "PUT") {
      held.set(url, new Uint8Array(init.body as ArrayBuffer))
      return new Response("{}", { status: 201 })
    }
    const b = held.get(url)
    return b === undefined
      ? new Response("{}", { status: 404 })
      : new Response(b as Uint8Array<ArrayBuffer>, { status: 200 })
  }
  return { fetch, held, setUp: (v: boolean) => void (up = v) }
}

async function file(text: string) {
  const bytes = new TextEncoder().encode(text).buffer
  return { bytes, sha256: await sha256Hex(bytes) }
}

function setup() {
  const r = relay()
  const health = createFileHealth()
  const { store: raw, full } = fillable(createFileStore(new IDBFactory()))
  let t = 1000
  const store = watchedFileStore(raw, health, () => t)
  const transport = createBlobTransport({ fetch: r.fetch, signer: async () => null })
  const uploader = createUploader({
    store,
    transport,
    setTimer: () => null,
    clearTimer: () => undefined,
  })
  const files = createDeviceFiles(store, transport, uploader, () => t)
  const seen: (string | null)[] = []
  health.subscribe((s) => seen.push(s.problem === null ? null : `${s.problem} ${s.what}`))
  return { r, health, full, files, uploader, at: (ms: number) => void (t = ms), seen }
}

describe("file storage health", () => {
  it("says an attach hit a full disk, and keeps the file queued before it uploading", async () => {
    const { r, health, full, files, uploader, at } = setup()
    const queued = await file("queued before the disk filled")
    r.setUp(false)
    await files.keep(B, queued.sha256, "text/plain", queued.bytes)
    await files.idle()
    expect(health.current().problem).toBeNull()

    full.on = true
    at(5000)
    const more = await file("attached on a full disk")
    const refused = await files
      .keep(B, more.sha256, "text/plain", more.bytes)
      .catch((e: unknown) => e)
    expect((refused as DOMException).name).toBe("QuotaExceededError")
    expect(health.current()).toEqual({ problem: "full", what: "attach", since: 5000 })

    // The relay comes back while the disk is still full: the queued file goes out, though the
    // disk refuses to mark it sent, and the uploader goes on.
    r.setUp(true)
    uploader.kick()
    await files.idle()
    expect(r.held.get(`/blobs/${B}/${queued.sha256}`)).toEqual(new Uint8Array(queued.bytes))
    expect(uploader.stateOf(B, queued.sha256)).toEqual({ state: "uploaded" })
    expect(r.held.has(`/blobs/${B}/${more.sha256}`)).toBe(false)
    expect(health.current()).toEqual({ problem: "full", what: "queue", since: 5000 }) // same run

    // Room again: the next write goes through and the alert ends.
    full.on = false
    await files.keep(B, more.sha256, "text/plain", more.bytes)
    expect(health.current().problem).toBeNull()
  })

  it("opens a file from the relay on a full disk, says it could not be cached, and ends when the cache is freed", async () => {
    const { r, health, full, files, seen } = setup()
    const f = await file("a brief from a teammate")
    r.held.set(`/blobs/${B}/${f.sha256}`, new Uint8Array(f.bytes))
    const cached = await file("an old file")
    await files.open(B, cached.sha256, "text/plain") // 404: nothing kept
    r.held.set(`/blobs/${B}/${cached.sha256}`, new Uint8Array(cached.bytes))
    expect((await files.open(B, cached.sha256, "text/plain")).kind).toBe("ok")
    full.on = true
    const got = await files.open(B, f.sha256, "text/plain")
    expect(got.kind).toBe("ok")
    expect(health.current()).toMatchObject({ problem: "full", what: "cache" })
    expect(await files.held(B, f.sha256)).toBe(false)
    expect(await files.freeCache()).toBeGreaterThan(0)
    expect(health.current().problem).toBeNull()
    expect(seen).toEqual(["full cache", null])
  })
})
