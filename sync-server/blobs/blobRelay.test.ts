/**
 * Attachment bytes through the real relay on port 0, from a client's side and an attacker's:
 * uploads, downloads, ranges, conditional requests, hash and size checks, hostile addresses,
 * roles on a claimed board, and the garbage collector.
 */
import type * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { createHash, randomBytes, webcrypto } from "node:crypto"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as M from "../../src/model"
import { edit, fixtureBoard } from "../../src/model/testkit"
import { hashOf, newDevice, newSecret, TestPeer } from "../auth/testPeer"
import type { Device } from "../auth/testPeer"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { waitFor } from "../testHelpers"

let dir: string
let relay: Relay
let clock = Date.now()
const peers: TestPeer[] = []
const logs: Record<string, unknown>[] = []
const DAY = 24 * 3600 * 1000

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-blobs-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    staticDir: null,
    logLevel: "info",
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    push: false,
    blobs: { maxBytes: 1024 * 1024, graceMs: 30 * DAY, gcIntervalMs: 0, now: () => clock },
  })
})

afterAll(async () => {
  for (const p of peers) p.close()
  await relay.close()
  await rm(dir, { recursive: true, force: true })
})

type Doc = A.Doc<Record<string, unknown>>
const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex")

async function peer(): Promise<TestPeer> {
  const p = new TestPeer(relay.url)
  peers.push(p)
  return p.join()
}

/** A board the relay holds, unclaimed (open to every peer, like its sync). */
async function openBoard(
  start: Doc = fixtureBoard() as unknown as Doc,
): Promise<{ documentId: string; peer: TestPeer }> {
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const p = await peer()
  p.open(documentId, start)
  await waitForBoard(documentId)
  return { documentId, peer: p }
}

async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function waitForBoard(documentId: string): Promise<void> {
  const probe = "0".repeat(64)
  await eventually(async () => {
    const r = await fetch(`${relay.url}/blobs/${documentId}/${probe}`)
    return r.status === 404 && ((await r.json()) as { error: string }).error === "not uploaded yet"
  }, "the relay holds the board")
}

interface Claimed {
  documentId: string
  editor: TestPeer
  editorDevice: Device
  commenterDevice: Device
  viewerDevice: Device
  strangerDevice: Device
}

async function claimedBoard(): Promise<Claimed> {
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
  const editorDevice = await newDevice()
  const editor = await peer()
  expect(
    await editor.authenticate(documentId, editorDevice, {
      claim: { edit: hashOf(links.edit), comment: hashOf(links.comment), view: hashOf(links.view) },
    }),
  ).toMatchObject({ step: "granted", claimed: true })
  editor.open(documentId, fixtureBoard() as unknown as Doc)
  const join = async (link: Uint8Array): Promise<Device> => {
    const d = await newDevice()
    const p = await peer()
    expect(await p.authenticate(documentId, d, { link })).toMatchObject({ step: "granted" })
    p.close()
    return d
  }
  const commenterDevice = await join(links.comment)
  const viewerDevice = await join(links.view)
  const strangerDevice = await newDevice()
  return { documentId, editor, editorDevice, commenterDevice, viewerDevice, strangerDevice }
}

async function signedHeaders(
  device: Device,
  method: string,
  path: string,
  at = clock,
): Promise<Record<string, string>> {
  const payload = new TextEncoder().encode(`baton-blob-v1\n${method}\n${path}\n${at}`)
  const sig = new Uint8Array(
    await webcrypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      device.keys.privateKey,
      payload,
    ),
  )
  return {
    "Baton-Device-Key": Buffer.from(device.publicKey).toString("base64url"),
    "Baton-Time": String(at),
    "Baton-Signature": Buffer.from(sig).toString("base64url"),
  }
}

async function put(
  documentId: string,
  bytes: Uint8Array,
  options: { hash?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${relay.url}/blobs/${documentId}/${options.hash ?? sha(bytes)}`, {
    method: "PUT",
    body: bytes as unknown as BodyInit,
    headers: { "Content-Type": options.type ?? "application/pdf", ...options.headers },
  })
}

describe("uploading and downloading", () => {
  it("stores a file durably and serves the same bytes, whole and by range", async () => {
    const { documentId } = await openBoard()
    const bytes = new Uint8Array(randomBytes(300_000))
    const up = await put(documentId, bytes, { type: "video/webm" })
    expect(up.status).toBe(201)
    const again = await put(documentId, bytes, { type: "video/webm" })
    expect(again.status).toBe(200)

    const url = `${relay.url}/blobs/${documentId}/${sha(bytes)}`
    const whole = await fetch(url)
    expect(whole.status).toBe(200)
    expect(whole.headers.get("content-type")).toBe("video/webm")
    expect(whole.headers.get("etag")).toBe(`"${sha(bytes)}"`)
    expect(sha(new Uint8Array(await whole.arrayBuffer()))).toBe(sha(bytes))

    const part = await fetch(url, { headers: { Range: "bytes=1000-1999" } })
    expect(part.status).toBe(206)
    expect(part.headers.get("content-range")).toBe(`bytes 1000-1999/${bytes.byteLength}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(1000, 2000))

    const tail = await fetch(url, { headers: { Range: "bytes=-10" } })
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(-10))

    const beyond = await fetch(url, { headers: { Range: `bytes=${bytes.byteLength + 5}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get("content-range")).toBe(`bytes */${bytes.byteLength}`)

    const cached = await fetch(url, { headers: { "If-None-Match": `"${sha(bytes)}"` } })
    expect(cached.status).toBe(304)

    const head = await fetch(url, { method: "HEAD" })
    expect(head.headers.get("content-length")).toBe(String(bytes.byteLength))
  })

  it("serves nothing the browser would run: HTML and SVG are downloads, never sniffed", async () => {
    const { documentId } = await openBoard()
    for (const [type, text] of [
      ["text/html", "<script>parent.pwned = 1</script>"],
      ["image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ] as const) {
      const bytes = new TextEncoder().encode(text)
      expect((await put(documentId, bytes, { type })).status).toBe(201)
      const res = await fetch(`${relay.url}/blobs/${documentId}/${sha(bytes)}`)
      expect(res.headers.get("content-type")).toBe("application/octet-stream")
      expect(res.headers.get("content-disposition")).toBe("attachment")
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
      expect(res.headers.get("content-security-policy")).toContain("sandbox")
    }
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    await put(documentId, png, { type: "image/png" })
    const img = await fetch(`${relay.url}/blobs/${documentId}/${sha(png)}`)
    expect(img.headers.get("content-type")).toBe("image/png")
    expect(img.headers.get("content-disposition")).toBeNull()
  })

  it("refuses bytes that do not match their hash, and keeps nothing of them", async () => {
    const { documentId } = await openBoard()
    const bytes = new Uint8Array(randomBytes(50_000))
    const wrong = sha(new Uint8Array([1, 2, 3]))
    const res = await put(documentId, bytes, { hash: wrong })
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: string }).error).toMatch(/do not match/)
    expect((await fetch(`${relay.url}/blobs/${documentId}/${wrong}`)).status).toBe(404)
    expect(await readdir(join(dir, "blobs", ".tmp"))).toEqual([])
  })

  it("refuses an oversize upload from its Content-Length, before reading the body", async () => {
    const { documentId } = await openBoard()
    const size = 64 * 1024 * 1024
    // Send only the headers and the first 64 KiB of a 64 MiB body, then wait for the answer.
    const answer = await new Promise<{ status: number; body: string; sent: number }>(
      (resolve, reject) => {
        let sent = 0
        const req = request(`${relay.url}/blobs/${documentId}/${"a".repeat(64)}`, {
          method: "PUT",
          headers: { "Content-Length": size, "Content-Type": "application/zip" },
        })
        req.on("response", (res) => {
          let body = ""
          res.on("data", (c: Buffer) => (body += c.toString()))
          res.on("end", () => {
            resolve({ status: res.statusCode ?? 0, body, sent })
            req.destroy()
          })
        })
        req.on("error", reject)
        const chunk = Buffer.alloc(64 * 1024)
        req.write(chunk)
        sent += chunk.byteLength
      },
    )
    expect(answer.status).toBe(413)
    expect(answer.sent).toBeLessThan(size / 100)
    expect(JSON.parse(answer.body)).toMatchObject({ limit: 1024 * 1024 })
    expect(JSON.parse(answer.body).error).toContain("1048576")
  })

  it("refuses traversal-like and malformed addresses without touching the disk", async () => {
    const { documentId } = await openBoard()
    const bytes = new Uint8Array([1])
    for (const path of [
      `/blobs/${documentId}/..%2F..%2Fetc%2Fpasswd`,
      `/blobs/${documentId}/${sha(bytes).toUpperCase()}`,
      `/blobs/${documentId}/${sha(bytes)}/x`,
      `/blobs/../${sha(bytes)}`,
      `/blobs/%2E%2E/${sha(bytes)}`,
      `/blobs/not-a-document/${sha(bytes)}`,
      `/blobs/${documentId}/${sha(bytes).slice(0, 63)}`,
    ]) {
      // Sent as written (fetch would normalise the dots away).
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(relay.url, { method: "PUT", path, headers: { "Content-Length": 1 } })
        req.on("response", (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on("error", reject)
        req.end(Buffer.from(bytes))
      })
      expect(status, path).toBe(400)
    }
    expect((await readdir(join(dir, "blobs"))).sort()).not.toContain("..")
  })

  it("takes concurrent uploads of the same file, and serves it whole", async () => {
    const { documentId } = await openBoard()
    const bytes = new Uint8Array(randomBytes(400_000))
    const results = await Promise.all(Array.from({ length: 6 }, () => put(documentId, bytes)))
    for (const r of results) expect([200, 201]).toContain(r.status)
    const got = new Uint8Array(
      await (await fetch(`${relay.url}/blobs/${documentId}/${sha(bytes)}`)).arrayBuffer(),
    )
    expect(sha(got)).toBe(sha(bytes))
  })

  it("tells clients its limits", async () => {
    const res = await fetch(`${relay.url}/blobs/limits`)
    expect(await res.json()).toEqual({ maxAttachmentBytes: 1024 * 1024, boardQuotaBytes: null })
  })

  it("keeps no file for a board it does not hold", async () => {
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const res = await put(documentId, new Uint8Array([9, 9]))
    expect(res.status).toBe(404)
  }, 20_000)
})

describe("who may upload and read on a claimed board", () => {
  let board: Claimed
  const bytes = new Uint8Array(randomBytes(2000))
  const path = () => `/blobs/${board.documentId}/${sha(bytes)}`
  const putAs = async (device: Device, headers?: Record<string, string>) =>
    put(board.documentId, bytes, {
      headers: headers ?? (await signedHeaders(device, "PUT", path())),
    })
  const getAs = async (device: Device) =>
    fetch(relay.url + path(), { headers: await signedHeaders(device, "GET", path()) })

  beforeAll(async () => {
    board = await claimedBoard()
    await waitFor(() => Boolean(board.editor.doc(board.documentId).members), "the board")
  })

  it("refuses unsigned, stale, forged and other-path requests", async () => {
    expect((await put(board.documentId, bytes)).status).toBe(401)
    expect((await fetch(relay.url + path())).status).toBe(401)
    const stale = await signedHeaders(board.editorDevice, "PUT", path(), clock - 10 * 60_000)
    expect((await putAs(board.editorDevice, stale)).status).toBe(401)
    const otherPath = await signedHeaders(
      board.editorDevice,
      "PUT",
      `/blobs/${board.documentId}/${"b".repeat(64)}`,
    )
    expect((await putAs(board.editorDevice, otherPath)).status).toBe(401)
    const asGet = await signedHeaders(board.editorDevice, "GET", path())
    expect((await putAs(board.editorDevice, asGet)).status).toBe(401)
    // Signed by a stranger's key but presenting the editor's.
    const forged = await signedHeaders(board.strangerDevice, "PUT", path())
    forged["Baton-Device-Key"] = Buffer.from(board.editorDevice.publicKey).toString("base64url")
    expect((await putAs(board.editorDevice, forged)).status).toBe(401)
  })

  it("refuses a device without a grant and a viewer's upload; a viewer may read", async () => {
    expect((await putAs(board.strangerDevice)).status).toBe(403)
    const viewer = await putAs(board.viewerDevice)
    expect(viewer.status).toBe(403)
    expect(((await viewer.json()) as { error: string }).error).toMatch(/Viewers/)
    expect((await putAs(board.commenterDevice)).status).toBe(201)
    expect((await putAs(board.editorDevice)).status).toBe(200)
    const read = await getAs(board.viewerDevice)
    expect(read.status).toBe(200)
    expect(sha(new Uint8Array(await read.arrayBuffer()))).toBe(sha(bytes))
    expect((await getAs(board.strangerDevice)).status).toBe(403)
    expect(logs.some((l) => l.msg === "blob request refused" && l.reason === "view-only")).toBe(
      true,
    )
  })
})

describe("garbage collection", () => {
  it("keeps referenced files and unreferenced ones in their grace period, deletes the rest", async () => {
    const kept = new Uint8Array(randomBytes(100))
    const thumb = new Uint8Array(randomBytes(50))
    const orphan = new Uint8Array(randomBytes(100))
    // The board refers to `kept` and its preview from the start, so the relay has the reference
    // as soon as it has the board.
    const start = edit(fixtureBoard(), (d) =>
      M.addAttachments(d, "c1", [
        {
          id: "f1",
          sha256: sha(kept),
          name: "kept.pdf",
          mime: "application/pdf",
          size: 100,
          addedBy: "ann",
          addedAt: new Date(clock).toISOString(),
          kind: "file",
          thumbSha256: sha(thumb),
        },
      ]),
    )
    const { documentId } = await openBoard(start as unknown as Doc)
    for (const b of [kept, thumb, orphan]) expect((await put(documentId, b)).status).toBe(201)
    const exists = async (b: Uint8Array) =>
      (await fetch(`${relay.url}/blobs/${documentId}/${sha(b)}`, { method: "HEAD" })).status === 200
    await relay.collectBlobs!()
    // Within the grace period everything stays, referenced or not.
    expect([await exists(kept), await exists(thumb), await exists(orphan)]).toEqual([
      true,
      true,
      true,
    ])
    // 31 days later: the file and preview the card refers to stay, the orphan goes.
    clock += 31 * DAY
    try {
      const result = await relay.collectBlobs!()
      expect(result.deleted).toBeGreaterThanOrEqual(1)
      expect(await exists(orphan)).toBe(false)
      expect([await exists(kept), await exists(thumb)]).toEqual([true, true])
    } finally {
      clock -= 31 * DAY
    }
  })
})
