/**
 * The device's access book against the real relay on port 0: a new board is claimed by the
 * device that made it, an old board is claimed the first time an up-to-date device opens it,
 * links hand out their role, a stopped link refuses a new device with "link-stopped" (while a
 * device that joined with it keeps its role), and a damaged stored record breaks nothing.
 */
import { afterEach, describe, expect, it } from "vitest"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import { WebSocket } from "ws"
import { createRelay } from "../../../sync-server/createRelay"
import type { Relay } from "../../../sync-server/createRelay"
import { RelayClientAdapter } from "../transport/RelayClientAdapter"
import type { WebSocketLike } from "../transport/RelayClientAdapter"
import { newDeviceKey, signerOf } from "./deviceKey"
import { BOARD_ACCESS_KEY, BoardAccessBook, createDeviceAccess, linkSecrets } from "./boardAccess"
import type { KeyValueStore } from "./deviceBoards"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

function memoryStore(): KeyValueStore {
  const m = new Map<string, string>()
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) }
}

async function startRelay(): Promise<Relay> {
  const dataDir = await mkdtemp(join(tmpdir(), "baton-boardaccess-"))
  const relay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
  cleanups.push(async () => {
    await relay.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  return relay
}

async function device(relay: Relay, options: { auth?: boolean } = {}) {
  const access = createDeviceAccess(memoryStore(), await signerOf(await newDeviceKey()))
  const adapter = new RelayClientAdapter({
    url: relay.url.replace(/^http/, "ws") + "/sync",
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    backoff: { initialMs: 20, maxMs: 200 },
    ...(options.auth === false ? {} : { auth: access.auth }),
  })
  const repo = new Repo({ network: [adapter] })
  cleanups.push(async () => {
    adapter.disconnect()
    await repo.shutdown().catch(() => undefined)
  })
  return { repo, access, book: access.book }
}

type Doc = { title: string; note?: string }

describe("board access on a device", () => {
  it("claims a board it made, hands out links by role, and stops a link", async () => {
    const relay = await startRelay()
    const ana = await device(relay)
    const board = ana.repo.create<Doc>()
    ana.book.newBoard(board.documentId)
    board.change((d) => {
      d.title = "Plans"
    })
    await waitFor(() => ana.book.get(board.documentId).claimed, "the claim")
    expect(ana.book.get(board.documentId)).toMatchObject({ role: "edit", refused: null })

    const held = ana.book.get(board.documentId).secrets
    const viewLink = linkSecrets("view", held)!
    expect(Object.keys(viewLink)).toEqual(["view"])
    const vic = await device(relay)
    vic.book.addSecrets(board.documentId, viewLink)
    expect(vic.book.get(board.documentId).role).toBe("view")
    const seen = await vic.repo.find<Doc>(board.url)
    await waitFor(() => seen.doc().title === "Plans", "the viewer to read it")
    expect(vic.book.get(board.documentId)).toMatchObject({ role: "view", claimed: true })

    // A viewer's device can hand out the view link, but no stronger one.
    expect(linkSecrets("comment", vic.book.get(board.documentId).secrets)).toBeNull()

    expect(await ana.access.stopLink(board.documentId, "view")).toBe(true)
    const renewed = ana.book.get(board.documentId).secrets.view
    expect(renewed).not.toBe(viewLink.view)

    // A new device with the stopped link is refused, and told why.
    const late = await device(relay)
    late.book.addSecrets(board.documentId, viewLink)
    await expect(late.repo.find(board.url)).rejects.toThrow(/unavailable/)
    await waitFor(() => late.book.get(board.documentId).refused !== null, "the refusal")
    expect(late.book.get(board.documentId).refused).toBe("link-stopped")

    // The device that joined with it keeps its role and still reads live edits.
    board.change((d) => {
      d.note = "after the stop"
    })
    await waitFor(() => seen.doc().note === "after the stop", "the viewer to stay on the board")

    // The new view link works.
    const fresh = await device(relay)
    fresh.book.addSecrets(board.documentId, { view: renewed! })
    const third = await fresh.repo.find<Doc>(board.url)
    await waitFor(() => third.doc().note === "after the stop", "the new link to open it")
  })

  it("gives every editor's device the current links after a stop, and a promoted member the edit link", async () => {
    const relay = await startRelay()
    const ana = await device(relay)
    const board = ana.repo.create<Doc>()
    ana.book.newBoard(board.documentId)
    board.change((d) => {
      d.title = "Plans"
    })
    await waitFor(() => ana.book.get(board.documentId).claimed, "the claim")
    const first = ana.book.get(board.documentId).secrets

    const ben = await device(relay)
    ben.book.addSecrets(board.documentId, linkSecrets("edit", first)!)
    await ben.repo.find<Doc>(board.url)
    const carol = await device(relay)
    carol.book.addSecrets(board.documentId, linkSecrets("comment", first)!)
    await carol.repo.find<Doc>(board.url)
    await waitFor(() => carol.book.get(board.documentId).role === "comment", "Carol's grant")
    expect(await carol.access.auth.bindMember(board.documentId, "carol")).toBe(true)

    expect(await ana.access.stopLink(board.documentId, "comment")).toBe(true)
    const renewed = ana.book.get(board.documentId).secrets.comment!
    await waitFor(
      () => ben.book.get(board.documentId).secrets.comment === renewed,
      "the new comment link on Ben's device",
    )
    // Carol joined with the stopped link: her device comes back as a commenter, is told the
    // link was stopped, and is not given the new one.
    await waitFor(
      () => carol.book.get(board.documentId).secrets.comment === undefined,
      "Carol's device to drop the stopped link",
    )
    expect(JSON.stringify(carol.book.get(board.documentId))).not.toContain(renewed)
    expect(carol.book.get(board.documentId).secrets.edit).toBeUndefined()

    // Raised to editor, Carol's device gets every current link, though it never held one.
    expect(await ana.access.auth.setMemberRole(board.documentId, "carol", "edit")).toBe(true)
    await waitFor(
      () => carol.book.get(board.documentId).secrets.edit === first.edit,
      "the edit link on Carol's device",
    )
    expect(carol.book.get(board.documentId).secrets).toEqual({ ...first, comment: renewed })
  })

  it("claims an old board the first time it opens it online; a device without a link is then kept out", async () => {
    const relay = await startRelay()
    // A board made before links existed, by a client that does not authenticate.
    const old = await device(relay, { auth: false })
    const board = old.repo.create<Doc>()
    board.change((d) => {
      d.title = "Old board"
    })
    const ana = await device(relay)
    const mine = await ana.repo.find<Doc>(board.url)
    await waitFor(() => mine.doc().title === "Old board", "the old board")
    await waitFor(() => ana.book.get(board.documentId).claimed, "the claim")
    expect(ana.book.get(board.documentId).role).toBe("edit")
    expect(linkSecrets("edit", ana.book.get(board.documentId).secrets)).not.toBeNull()

    const bob = await device(relay)
    await expect(bob.repo.find(board.url)).rejects.toThrow(/unavailable/)
    await waitFor(() => bob.book.get(board.documentId).refused !== null, "the refusal")
    // Its claim came too late: the secrets it made for it are dropped, so none is offered to share.
    expect(bob.book.get(board.documentId)).toMatchObject({
      refused: "denied",
      role: "view",
      secrets: {},
    })
    // Given a link later, it presents that link.
    bob.book.addSecrets(
      board.documentId,
      linkSecrets("comment", ana.book.get(board.documentId).secrets)!,
    )
    expect(bob.book.get(board.documentId)).toMatchObject({ refused: null, role: "comment" })
  })

  it("reads a damaged or hostile stored record as nothing held", () => {
    const store = memoryStore()
    store.setItem(BOARD_ACCESS_KEY, "{not json")
    expect(new BoardAccessBook(store).get("x")).toMatchObject({ role: "edit", secrets: {} })
    store.setItem(
      BOARD_ACCESS_KEY,
      JSON.stringify({ x: { secrets: { edit: "<script>", view: 5 }, role: "owner" } }),
    )
    expect(new BoardAccessBook(store).get("x")).toMatchObject({ role: "edit", secrets: {} })
  })
})
