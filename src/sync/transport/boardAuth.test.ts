/**
 * The client authenticates each board before syncing it, against the real relay on port 0:
 * an editor claims a new board, a view-link holder reads it live and its edits stay on its
 * device, a device without credentials gets nothing of the claimed board.
 */
import { afterEach, describe, expect, it } from "vitest"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import type { DocHandle } from "@automerge/automerge-repo"
import { WebSocket } from "ws"
import { createRelay } from "../../../sync-server/createRelay"
import type { Relay } from "../../../sync-server/createRelay"
import { RelayClientAdapter } from "./RelayClientAdapter"
import type { WebSocketLike } from "./RelayClientAdapter"
import { BoardAuth } from "./boardAuth"
import type { BoardAuthResult, BoardCredentials, Role } from "./boardAuth"
import { newDeviceKey, signerOf } from "../device/deviceKey"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const secret = (): Uint8Array => crypto.getRandomValues(new Uint8Array(32))
const sha256 = async (b: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>))

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function device(relay: Relay, credentials: Map<string, BoardCredentials>) {
  const results = new Map<string, BoardAuthResult>()
  const auth = new BoardAuth(
    await signerOf(await newDeviceKey()),
    (id) => credentials.get(id) ?? null,
    (id, r) => results.set(id, r),
  )
  const adapter = new RelayClientAdapter({
    url: relay.url.replace(/^http/, "ws") + "/sync",
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    backoff: { initialMs: 20, maxMs: 200 },
    auth,
  })
  const repo = new Repo({ network: [adapter] })
  cleanups.push(async () => {
    adapter.disconnect()
    await repo.shutdown().catch(() => undefined)
  })
  return { repo, results }
}

describe("per-board authentication from the client", () => {
  it("claims a new board, lets a view link read it live, keeps the viewer's edits off the relay", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-boardauth-"))
    const relay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
    cleanups.push(async () => {
      await relay.close()
      await rm(dataDir, { recursive: true, force: true })
    })
    const links: Record<Role, Uint8Array> = { edit: secret(), comment: secret(), view: secret() }
    const claim = {
      edit: await sha256(links.edit),
      comment: await sha256(links.comment),
      view: await sha256(links.view),
    }
    const editorCreds = new Map<string, BoardCredentials>()
    const editor = await device(relay, editorCreds)
    const created = editor.repo.create<{ title: string; note?: string }>()
    editorCreds.set(created.documentId, { claim })
    created.change((d) => {
      d.title = "Plans"
    })
    await waitFor(() => editor.results.has(created.documentId), "the claim")
    expect(editor.results.get(created.documentId)).toEqual({
      status: "granted",
      role: "edit",
      claimed: true,
    })

    const viewerCreds = new Map([[created.documentId, { link: links.view }]])
    const viewer = await device(relay, viewerCreds)
    const seen: DocHandle<{ title: string; note?: string }> = await viewer.repo.find(created.url)
    await waitFor(() => seen.doc().title === "Plans", "the viewer to read the board")
    expect(viewer.results.get(created.documentId)).toMatchObject({ role: "view" })

    created.change((d) => {
      d.note = "live"
    })
    await waitFor(() => seen.doc().note === "live", "a live edit")

    seen.change((d) => {
      d.title = "Changed by a viewer"
    })
    const other = await device(relay, new Map([[created.documentId, { link: links.edit }]]))
    const third = await other.repo.find<{ title: string; note?: string }>(created.url)
    await waitFor(() => third.doc().note === "live", "the second editor to read it")
    await new Promise((r) => setTimeout(r, 500))
    expect(third.doc().title).toBe("Plans")
    expect(created.doc().title).toBe("Plans")

    const stranger = await device(relay, new Map())
    await expect(stranger.repo.find(created.url)).rejects.toThrow(/unavailable/)
  })
})
