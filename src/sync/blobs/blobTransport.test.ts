/**
 * The client's signed file requests against the real relay on port 0, on a claimed board: an
 * editor's device uploads and downloads, a viewer's upload is stopped with the relay's reason
 * while it still opens the file, a device clock ten minutes off still gets through (the
 * relay's time is learnt from its answer), and the relay's limits are read and remembered.
 */
import type * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { IDBFactory } from "fake-indexeddb"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fixtureBoard } from "../../model/testkit"
import { hashOf, newDevice, newSecret, TestPeer } from "../../../sync-server/auth/testPeer"
import type { Device } from "../../../sync-server/auth/testPeer"
import { createRelay } from "../../../sync-server/createRelay"
import type { Relay } from "../../../sync-server/createRelay"
import { waitFor } from "../../../sync-server/testHelpers"
import { signerOf } from "../device/deviceKey"
import { createBlobTransport } from "./blobTransport"
import { createDeviceFiles } from "./deviceFiles"
import { sha256Hex } from "./download"
import { createFileStore } from "./fileStore"
import { createUploader } from "./uploader"

let dir: string
let relay: Relay
const peers: TestPeer[] = []
let documentId: string
let editor: Device
let viewer: Device

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-client-blobs-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    staticDir: null,
    log: () => {},
    push: false,
    blobs: { maxBytes: 64 * 1024, gcIntervalMs: 0 },
  })
  documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
  editor = await newDevice()
  const p = await new TestPeer(relay.url).join()
  peers.push(p)
  await p.authenticate(documentId, editor, {
    claim: { edit: hashOf(links.edit), comment: hashOf(links.comment), view: hashOf(links.view) },
  })
  p.open(documentId, fixtureBoard() as unknown as A.Doc<Record<string, unknown>>)
  await waitFor(() => Boolean(p.doc(documentId).members), "the board")
  viewer = await newDevice()
  const v = await new TestPeer(relay.url).join()
  peers.push(v)
  await v.authenticate(documentId, viewer, { link: links.view })
})

afterAll(async () => {
  for (const p of peers) p.close()
  await relay.close()
  await rm(dir, { recursive: true, force: true })
})

function filesOf(device: Device | null, now: () => number = Date.now) {
  const memory = new Map<string, string>()
  const transport = createBlobTransport({
    fetch: (input, init) => fetch(input, init),
    base: relay.url,
    signer: async () => (device === null ? null : signerOf(device.keys)),
    now,
    memory: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v) },
  })
  const store = createFileStore(new IDBFactory())
  const uploader = createUploader({ store, transport })
  return { files: createDeviceFiles(store, transport, uploader), uploader, transport }
}

async function someFile(text: string) {
  const bytes = new TextEncoder().encode(text).buffer
  return { bytes, sha256: await sha256Hex(bytes) }
}

describe("signed file requests on a claimed board", () => {
  it("let an editor's device upload and another device of the board download the bytes", async () => {
    const f = await someFile("%PDF-1.4 a contract")
    // Retried while the relay holds the board, so wait until it does.
    const a = filesOf(editor)
    await a.files.keep(documentId, f.sha256, "application/pdf", f.bytes)
    await waitFor(
      () => a.uploader.stateOf(documentId, f.sha256)?.state === "uploaded",
      "the upload",
    )
    const b = filesOf(viewer)
    const got = await b.files.open(documentId, f.sha256, "application/pdf")
    expect(got.kind).toBe("ok")
    expect(await sha256Hex((got as { bytes: ArrayBuffer }).bytes)).toBe(f.sha256)
    // Unsigned, the relay refuses it.
    const stranger = filesOf(null)
    expect(await stranger.files.open(documentId, f.sha256, "application/pdf")).toMatchObject({
      kind: "refused",
    })
  })

  it("stop a viewer's upload with the relay's reason", async () => {
    const f = await someFile("a viewer's screenshot")
    const v = filesOf(viewer)
    await v.files.keep(documentId, f.sha256, "image/png", f.bytes)
    await v.files.idle()
    expect(v.uploader.stateOf(documentId, f.sha256)).toEqual({
      state: "refused",
      reason: "Viewers cannot attach files.",
    })
  })

  it("get through from a device whose clock is ten minutes off", async () => {
    const f = await someFile("sent from a wrong clock")
    const off = filesOf(editor, () => Date.now() - 10 * 60_000)
    await off.files.keep(documentId, f.sha256, "text/plain", f.bytes)
    await waitFor(
      () => off.uploader.stateOf(documentId, f.sha256)?.state === "uploaded",
      "the upload",
    )
  })

  it("read the relay's limit, and refuse an upload over it with the limit in the reason", async () => {
    const a = filesOf(editor)
    expect(await a.files.limits()).toEqual({ maxAttachmentBytes: 64 * 1024, boardQuotaBytes: null })
    const big = new Uint8Array(70 * 1024).fill(7).buffer
    const sha = await sha256Hex(big)
    await a.files.keep(documentId, sha, "application/octet-stream", big)
    await a.files.idle()
    expect(a.uploader.stateOf(documentId, sha)).toMatchObject({
      state: "refused",
      reason: expect.stringContaining(String(64 * 1024)),
    })
  })
})
