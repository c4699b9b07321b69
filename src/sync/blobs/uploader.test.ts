/**
 * The uploader against a scripted relay: it sends each waiting file, retries with a growing
 * delay on network errors and 5xx, tries at once when kicked (back online), picks the queue up
 * again after a reload, and stops one file with the relay's reason on 413, 403 and 507 while
 * the others go on. Downloads come from the device when it holds the file.
 */
import { IDBFactory } from "fake-indexeddb"
import { describe, expect, it } from "vitest"
import { createBlobTransport } from "./blobTransport"
import type { Fetch } from "./blobTransport"
import { createDeviceFiles } from "./deviceFiles"
import { downloadFile, sha256Hex } from "./download"
import { createFileStore } from "./fileStore"
import { createUploader, MIN_RETRY_MS } from "./uploader"

const B = "board1"

/** A relay that answers each PUT with the next scripted status (`"down"`: unreachable). */
function scriptedRelay(script: (number | "down")[], byUrl = new Map<string, number>()) {
  const received = new Map<string, Uint8Array>()
  const calls: string[] = []
  const fetch: Fetch = async (url, init) => {
    const method = init?.method ?? "GET"
    calls.push(`${method} ${url}`)
    if (method === "PUT") {
      const next = byUrl.get(url) ?? script.shift() ?? 201
      byUrl.delete(url)
      if (next === "down") throw new TypeError("Failed to fetch")
      if (next === 201) received.set(url, new Uint8Array(init!.body as ArrayBuffer))
      return new Response(JSON.stringify({ error: `refused ${next}` }), { status: next })
    }
    const b = received.get(url)
    return b === undefined
      ? new Response(JSON.stringify({ error: "not uploaded yet" }), { status: 404 })
      : new Response(b as Uint8Array<ArrayBuffer>, { status: 200 })
  }
  return { fetch, received, calls }
}

/** Timers run by hand: `fire()` runs the pending one and returns its delay. */
function manualTimers() {
  let pending: { fn: () => void; ms: number } | null = null
  return {
    setTimer: (fn: () => void, ms: number) => (pending = { fn, ms }),
    clearTimer: () => void (pending = null),
    get delay() {
      return pending?.ms ?? null
    },
    fire() {
      const p = pending
      pending = null
      p?.fn()
      return p?.ms ?? null
    },
  }
}

async function file(text: string) {
  const bytes = new TextEncoder().encode(text).buffer
  return { bytes, sha256: await sha256Hex(bytes) }
}

function setup(
  script: (number | "down")[],
  idb = new IDBFactory(),
  byUrl = new Map<string, number>(),
) {
  const relay = scriptedRelay(script, byUrl)
  const timers = manualTimers()
  const store = createFileStore(idb)
  const transport = createBlobTransport({ fetch: relay.fetch, signer: async () => null })
  const uploader = createUploader({ store, transport, ...timers })
  const files = createDeviceFiles(store, transport, uploader, () => 1000)
  return { relay, timers, store, uploader, files, idb }
}

describe("the uploader", () => {
  it("sends a kept file, and the relay then serves the same bytes", async () => {
    const { relay, files, uploader } = setup([201])
    const f = await file("a brief")
    await files.keep(B, f.sha256, "application/pdf", f.bytes)
    await files.idle()
    expect(relay.received.get(`/blobs/${B}/${f.sha256}`)).toEqual(new Uint8Array(f.bytes))
    expect(uploader.stateOf(B, f.sha256)).toEqual({ state: "uploaded" })
    expect((await files.usage()).pendingFiles).toBe(0)
  })

  it("retries after network errors and 5xx with a growing delay, and at once when kicked", async () => {
    const { relay, files, timers, uploader } = setup(["down", 503, "down", 201])
    const f = await file("offline note")
    await files.keep(B, f.sha256, "text/plain", f.bytes)
    await files.idle()
    expect(uploader.stateOf(B, f.sha256)).toMatchObject({ state: "waiting" })
    expect(timers.delay).toBe(MIN_RETRY_MS)
    timers.fire()
    await files.idle()
    expect(timers.delay).toBe(2 * MIN_RETRY_MS)
    // Back online: no waiting for the timer.
    uploader.kick()
    await files.idle()
    expect(timers.delay).toBe(MIN_RETRY_MS) // the count starts again after a kick
    timers.fire()
    await files.idle()
    expect(uploader.stateOf(B, f.sha256)).toEqual({ state: "uploaded" })
    expect(relay.calls.filter((c) => c.startsWith("PUT"))).toHaveLength(4)
    expect(timers.delay).toBeNull()
  })

  it("picks up the queue after a reload", async () => {
    const idb = new IDBFactory()
    const before = setup(["down"], idb)
    const f = await file("made offline")
    await before.files.keep(B, f.sha256, "text/plain", f.bytes)
    await before.files.idle()
    before.uploader.stop()
    const after = setup([201], idb) // the page reloaded, online
    after.uploader.start()
    await after.files.idle()
    expect(after.relay.received.has(`/blobs/${B}/${f.sha256}`)).toBe(true)
    expect((await after.files.usage()).pendingFiles).toBe(0)
  })

  it("stops a file the relay refuses (413, 403, 507) with its reason, and sends the others", async () => {
    const fs = await Promise.all(["big", "viewer", "full disk", "fine"].map(file))
    const answers = new Map(
      [413, 403, 507].map((status, i) => [`/blobs/${B}/${fs[i]!.sha256}`, status]),
    )
    const { relay, files, uploader, timers } = setup([], new IDBFactory(), answers)
    for (const f of fs) await files.keep(B, f.sha256, "text/plain", f.bytes)
    await files.idle()
    expect(fs.map((f) => uploader.stateOf(B, f.sha256))).toEqual([
      { state: "refused", reason: "refused 413" },
      { state: "refused", reason: "refused 403" },
      { state: "refused", reason: "refused 507" },
      { state: "uploaded" },
    ])
    expect(timers.delay).toBeNull() // nothing is retried by itself
    // The refusal is kept on the device: a reload does not send it again by itself.
    expect((await files.usage()).pendingFiles).toBe(3)
    await files.retryUpload(B, fs[2]!.sha256)
    await files.idle()
    expect(uploader.stateOf(B, fs[2]!.sha256)).toEqual({ state: "uploaded" })
    expect(relay.calls.filter((c) => c.startsWith("PUT"))).toHaveLength(5)
  })
})

describe("opening a file", () => {
  it("is served from the device offline once opened, and says when it is not uploaded yet", async () => {
    const { relay, store } = setup([])
    const transport = createBlobTransport({ fetch: relay.fetch, signer: async () => null })
    const f = await file("%PDF-1.4 on the relay")
    const at = { board: B, sha256: f.sha256, mime: "application/pdf" }
    expect(await downloadFile(store, transport, at, 1)).toEqual({ kind: "missing" })
    relay.received.set(`/blobs/${B}/${f.sha256}`, new Uint8Array(f.bytes))
    const first = await downloadFile(store, transport, at, 2)
    expect(first).toMatchObject({ kind: "ok", cached: false })
    const offline = createBlobTransport({
      fetch: () => Promise.reject(new TypeError("Failed to fetch")),
      signer: async () => null,
    })
    const again = await downloadFile(store, offline, at, 3)
    expect(again).toMatchObject({ kind: "ok", cached: true })
    expect(new Uint8Array((again as { bytes: ArrayBuffer }).bytes)).toEqual(new Uint8Array(f.bytes))
    const other = { ...at, sha256: "0".repeat(64) }
    expect(await downloadFile(store, offline, other, 4)).toEqual({ kind: "offline" })
  })

  it("refuses bytes that do not match the file's SHA-256, and keeps nothing of them", async () => {
    const { relay, store } = setup([])
    const transport = createBlobTransport({ fetch: relay.fetch, signer: async () => null })
    const f = await file("the real one")
    relay.received.set(`/blobs/${B}/${f.sha256}`, new TextEncoder().encode("a forgery"))
    const got = await downloadFile(
      store,
      transport,
      { board: B, sha256: f.sha256, mime: "text/plain" },
      1,
    )
    expect(got.kind).toBe("refused")
    expect(await store.get(B, f.sha256)).toBeNull()
  })
})
