/**
 * Who may do what, tested from the attacker's side: real WebSockets to the real relay on
 * port 0, peers that speak the protocol by hand (testPeer.ts) and build their changes with
 * Automerge directly, as a modified client would.
 */
import * as A from "@automerge/automerge"
import { cbor, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { clientRepo, closeRepos, waitFor } from "../testHelpers"
import { hashOf, newDevice, newSecret, sign, TestPeer } from "./testPeer"
import type { Device } from "./testPeer"
import type { Role } from "./types"

let dir: string
let relay: Relay
const logLines: Record<string, unknown>[] = []
const peers: TestPeer[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-access-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    staticDir: null,
    logLevel: "info",
    log: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
    nonceTtlMs: 1500,
  })
})

afterAll(async () => {
  for (const p of peers) p.close()
  await relay.close()
  await rm(dir, { recursive: true, force: true })
})

const newDocId = (): string => parseAutomergeUrl(generateAutomergeUrl()).documentId

async function peer(): Promise<TestPeer> {
  const p = new TestPeer(relay.url)
  peers.push(p)
  return p.join()
}

interface Board {
  documentId: string
  links: Record<Role, Uint8Array>
  editor: TestPeer
  editorDevice: Device
}

/** An editor creates a board, claims it with three fresh links and puts it on the relay. */
async function claimedBoard(): Promise<Board> {
  const documentId = newDocId()
  const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
  const editorDevice = await newDevice()
  const editor = await peer()
  const answer = await editor.authenticate(documentId, editorDevice, {
    claim: { edit: hashOf(links.edit), comment: hashOf(links.comment), view: hashOf(links.view) },
  })
  expect(answer).toMatchObject({ step: "granted", role: "edit", claimed: true })
  editor.open(documentId, A.from<Record<string, unknown>>({ title: "Plans", cards: {} }))
  await waitUntilRelayStores(documentId, (d) => d.title === "Plans")
  return { documentId, links, editor, editorDevice }
}

/** Reads the board as a fresh editor sees it from the relay (what the relay stored). */
async function relayCopy(board: Board): Promise<Record<string, unknown>> {
  const p = await peer()
  expect(await p.authenticate(board.documentId, board.editorDevice)).toMatchObject({
    step: "granted",
  })
  p.open(board.documentId)
  await waitFor(() => A.getHeads(p.doc(board.documentId) as A.Doc<unknown>).length > 0, "the copy")
  await new Promise((r) => setTimeout(r, 200))
  const copy = { ...p.doc(board.documentId) }
  p.close()
  return copy
}

async function waitUntilRelayStores(
  documentId: string,
  check: (d: Record<string, unknown>) => boolean,
): Promise<void> {
  await waitFor(() => {
    const e = peers.find((p) => p.docs.has(documentId))
    return e !== undefined && check(e.doc(documentId))
  }, "the document")
}

async function joined(board: Board, role: Role): Promise<{ p: TestPeer; device: Device }> {
  const device = await newDevice()
  const p = await peer()
  const answer = await p.authenticate(board.documentId, device, { link: board.links[role] })
  expect(answer).toMatchObject({ step: "granted", role })
  p.open(board.documentId)
  await waitFor(
    () => p.doc(board.documentId).title === "Plans",
    `the ${role} peer to get the board`,
  )
  return { p, device }
}

async function metric(name: string): Promise<number> {
  const body = await (await fetch(`${relay.url}/metrics`)).text()
  const line = body.split("\n").find((l) => l.startsWith(name + " ") || l.startsWith(name + "{"))
  return line ? Number(line.split(" ").pop()) : NaN
}

async function refusals(reason: string): Promise<number> {
  const body = await (await fetch(`${relay.url}/metrics`)).text()
  const line = body
    .split("\n")
    .find((l) => l.startsWith(`baton_relay_access_refusals_total{reason="${reason}"}`))
  return Number(line?.split(" ").pop())
}

const logsWith = (reason: string): number => logLines.filter((l) => l.reason === reason).length
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe("a view link", () => {
  it("receives live edits; its crafted change is not stored, not forwarded, counted, and the connection goes quiet", async () => {
    const board = await claimedBoard()
    const { p: viewer } = await joined(board, "view")
    const other = await joined(board, "edit")

    board.editor.change(board.documentId, (d) => {
      d.live = "from the editor"
    })
    await waitFor(() => viewer.doc(board.documentId).live === "from the editor", "a live edit")

    const refusedBefore = await metric("baton_relay_changes_refused_total")
    const logsBefore = logsWith("read-only-change")
    viewer.change(board.documentId, (d) => {
      d.title = "Owned by the viewer"
    })
    await sleep(600)
    // Quiet: after the refusal, nothing more flows either way for a second.
    const quietFrom = viewer.received.length
    const sentBefore = viewer.ws.bufferedAmount
    await sleep(1000)
    expect(viewer.received.length - quietFrom).toBe(0)
    expect(viewer.ws.bufferedAmount).toBe(sentBefore)

    expect(await metric("baton_relay_changes_refused_total")).toBeGreaterThan(refusedBefore)
    expect(logsWith("read-only-change") - logsBefore).toBe(1)
    expect(board.editor.doc(board.documentId).title).toBe("Plans")
    expect(other.p.doc(board.documentId).title).toBe("Plans")
    expect((await relayCopy(board)).title).toBe("Plans")

    // And the viewer still receives what editors do afterwards.
    board.editor.change(board.documentId, (d) => {
      d.later = "still live"
    })
    await waitFor(() => viewer.doc(board.documentId).later === "still live", "a later live edit")
  })

  it("a comment link's comment is stored and forwarded; its change to a card title is refused and counted", async () => {
    const board = await claimedBoard()
    board.editor.change(board.documentId, (d) => {
      d.cardBuckets = { b0: { c1: { title: "Card one", comments: {} } } }
      d.members = {}
    })
    const { p: commenter } = await joined(board, "comment")
    await waitFor(() => commenter.doc(board.documentId).cardBuckets !== undefined, "the card")
    type Buckets = Record<
      string,
      Record<string, { title: string; comments: Record<string, unknown> }>
    >
    const card = (d: Record<string, unknown>) => (d.cardBuckets as Buckets).b0!.c1!
    commenter.change(board.documentId, (d) => {
      ;(d.members as Record<string, unknown>).bob = { id: "bob", name: "Bob" }
      card(d).comments.k1 = { id: "k1", authorId: "bob", text: "Looks good @ann" }
    })
    await waitFor(
      () => card(board.editor.doc(board.documentId)).comments.k1 !== undefined,
      "the comment to reach the editor",
    )
    expect((await relayCopy(board)).members).toEqual({ bob: { id: "bob", name: "Bob" } })

    const before = await refusals("outside-comments")
    commenter.change(board.documentId, (d) => {
      card(d).title = "Renamed by a commenter"
    })
    await sleep(500)
    expect(card(board.editor.doc(board.documentId)).title).toBe("Card one")
    expect(card(await relayCopy(board)).title).toBe("Card one")
    expect(await refusals("outside-comments")).toBe(before + 1)
  })
})

describe("a commenter's own comments", () => {
  it("a bound commenter may edit and delete its own comments but not another member's, nor another's profile", async () => {
    const board = await claimedBoard()
    expect(await board.editor.bindMember(board.documentId, "ann")).toMatchObject({
      step: "member-bound",
    })
    board.editor.change(board.documentId, (d) => {
      d.members = { ann: { id: "ann", name: "Ann" } }
      d.cardBuckets = {
        b0: {
          c1: {
            title: "Card one",
            comments: { byAnn: { id: "byAnn", authorId: "ann", text: "Ship it Friday" } },
          },
        },
      }
    })
    const { p: commenter } = await joined(board, "comment")
    await waitFor(() => commenter.doc(board.documentId).cardBuckets !== undefined, "the card")
    expect(await commenter.bindMember(board.documentId, "bob")).toMatchObject({
      step: "member-bound",
    })
    type Comments = Record<string, { text: string }>
    const comments = (d: Record<string, unknown>): Comments =>
      (d.cardBuckets as Record<string, Record<string, { comments: Comments }>>).b0!.c1!.comments
    const members = (d: Record<string, unknown>) => d.members as Record<string, { name: string }>
    commenter.change(board.documentId, (d) => {
      members(d).bob = { id: "bob", name: "Bob" } as never
      comments(d).byBob = { id: "byBob", authorId: "bob", text: "Friday is fine" } as never
    })
    await waitFor(
      () => comments(board.editor.doc(board.documentId)).byBob !== undefined,
      "Bob's comment",
    )
    commenter.change(board.documentId, (d) => {
      comments(d).byBob!.text = "Friday is fine, or Monday"
    })
    await waitFor(
      () =>
        comments(board.editor.doc(board.documentId)).byBob?.text === "Friday is fine, or Monday",
      "Bob's edit of his own comment",
    )

    // Each attempt comes from a fresh copy of the relay's board, so one refusal does not hide
    // the next (a refused change stays in the sender's history).
    const attempts: [string, (d: Record<string, unknown>) => void][] = [
      ["edit Ann's comment", (d) => void (comments(d).byAnn!.text = "Ship it never")],
      ["delete Ann's comment", (d) => void delete comments(d).byAnn],
      ["rename Ann", (d) => void (members(d).ann!.name = "Not Ann")],
    ]
    for (const [what, attempt] of attempts) {
      const before = await refusals("outside-comments")
      const { p } = await joined(board, "comment")
      expect(await p.bindMember(board.documentId, `bob-${what.length}`)).toMatchObject({
        step: "member-bound",
      })
      p.change(board.documentId, attempt)
      for (let i = 0; (await refusals("outside-comments")) === before; i++) {
        if (i > 200) throw new Error(`${what} was not refused`)
        await sleep(25)
      }
      p.close()
    }
    // Deleting its own comment is fine.
    commenter.change(board.documentId, (d) => void delete comments(d).byBob)
    await waitFor(
      () => comments(board.editor.doc(board.documentId)).byBob === undefined,
      "Bob's deletion of his own comment",
    )
    const copy = await relayCopy(board)
    expect(comments(copy).byAnn!.text).toBe("Ship it Friday")
    expect(members(copy).ann!.name).toBe("Ann")
  })
})

describe("deleting a board for everyone", () => {
  it("a commenter's or a viewer's crafted deletion record is refused, not stored and not forwarded; an editor's is", async () => {
    const board = await claimedBoard()
    board.editor.change(board.documentId, (d) => {
      d.cardBuckets = { b0: { c1: { title: "Card one", comments: {} } } }
      d.members = {}
    })
    const watcher = await joined(board, "view")
    for (const role of ["comment", "view"] as const) {
      const { p: attacker } = await joined(board, role)
      const before = await refusals(role === "comment" ? "outside-comments" : "read-only-change")
      // What a modified client would send: the record deleteBoard writes, under its own name.
      attacker.change(board.documentId, (d) => {
        d.deleted = { by: "mallory", at: "2026-12-07T14:00:00.000Z" }
      })
      await sleep(500)
      expect(board.editor.doc(board.documentId).deleted).toBeUndefined()
      expect(watcher.p.doc(board.documentId).deleted).toBeUndefined()
      expect((await relayCopy(board)).deleted).toBeUndefined()
      expect(
        await refusals(role === "comment" ? "outside-comments" : "read-only-change"),
      ).toBeGreaterThan(before)
      attacker.close()
    }

    board.editor.change(board.documentId, (d) => {
      d.deleted = { by: "ann", at: "2026-12-07T14:05:00.000Z" }
    })
    await waitFor(
      () => watcher.p.doc(board.documentId).deleted !== undefined,
      "the editor's deletion to reach the viewer",
    )
    expect((await relayCopy(board)).deleted).toEqual({ by: "ann", at: "2026-12-07T14:05:00.000Z" })
  })
})

describe("no proof means no board", () => {
  it("a claimed board is answered exactly like a board the relay does not have", async () => {
    const board = await claimedBoard()
    const stranger = await peer()
    stranger.open(board.documentId)
    const missing = newDocId()
    stranger.open(missing)
    await waitFor(
      () => stranger.received.filter((m) => m.type === "doc-unavailable").length === 2,
      "both answers",
    )
    await sleep(300)
    // Everything said about each, with the id taken out, is the same, byte for byte.
    const said = (documentId: string): string[] =>
      stranger.received
        .filter((m) => m.documentId === documentId)
        .map((m) => Buffer.from(cbor.encode({ ...m, documentId: "x" })).toString("hex"))
    expect(said(board.documentId)).toEqual(said(missing))
    expect(said(missing).length).toBe(2)
    expect(A.getHeads(stranger.doc(board.documentId) as A.Doc<unknown>)).toEqual([])

    // A stock automerge-repo client cannot open it either.
    const repo = clientRepo(relay.url)
    try {
      await expect(repo.find(`automerge:${board.documentId}` as never)).rejects.toThrow(
        /unavailable/,
      )
    } finally {
      await closeRepos(repo)
    }
  })

  it("a stock client that had an unclaimed board open is cut when it is claimed, and then gets nothing", async () => {
    const repo = clientRepo(relay.url)
    try {
      const handle = repo.create<{ title: string }>({ title: "Old board" })
      const documentId = handle.documentId
      // Unclaimed: it syncs as before.
      const other = clientRepo(relay.url)
      const seen = await other.find<{ title: string }>(handle.url)
      expect(seen.doc().title).toBe("Old board")
      await closeRepos(other)
      const claimer = await peer()
      const device = await newDevice()
      const claim = {
        edit: hashOf(newSecret()),
        comment: hashOf(newSecret()),
        view: hashOf(newSecret()),
      }
      expect(await claimer.authenticate(documentId, device, { claim })).toMatchObject({
        role: "edit",
        claimed: true,
      })
      handle.change((d) => {
        d.title = "Changed after the claim by a client with no proof"
      })
      await sleep(800)
      claimer.open(documentId)
      await waitFor(() => claimer.doc(documentId).title !== undefined, "the claimed board")
      await sleep(300)
      expect(claimer.doc(documentId).title).toBe("Old board")
    } finally {
      await closeRepos(repo)
    }
  })
})

describe("stopping a link", () => {
  it("refuses the old link at once and cuts the connections that joined with it; the new link works", async () => {
    const board = await claimedBoard()
    const { p: viewer } = await joined(board, "view")
    const newView = newSecret()
    const before = board.editor.received.length
    board.editor.send(
      board.editor.frame(board.documentId, {
        type: "baton-auth",
        step: "stop-link",
        role: "view",
        newLinkHash: hashOf(newView),
      }),
    )
    expect(await board.editor.next(before, (m) => m.step === "link-stopped")).toMatchObject({
      role: "view",
    })
    expect((await viewer.closed).code).toBe(4403)

    const late = await peer()
    expect(
      await late.authenticate(board.documentId, await newDevice(), { link: board.links.view }),
    ).toMatchObject({ step: "denied", reason: "link-stopped" })
    late.open(board.documentId)
    await waitFor(() => late.received.some((m) => m.type === "doc-unavailable"), "no board")

    const fresh = await peer()
    expect(
      await fresh.authenticate(board.documentId, await newDevice(), { link: newView }),
    ).toMatchObject({ step: "granted", role: "view" })
  })

  it("only an editor may stop a link", async () => {
    const board = await claimedBoard()
    const { p: viewer } = await joined(board, "view")
    const before = viewer.received.length
    viewer.send(
      viewer.frame(board.documentId, {
        type: "baton-auth",
        step: "stop-link",
        role: "edit",
        newLinkHash: hashOf(newSecret()),
      }),
    )
    expect(await viewer.next(before, (m) => m.type === "baton-auth")).toMatchObject({
      step: "denied",
    })
    const editor2 = await peer()
    expect(
      await editor2.authenticate(board.documentId, await newDevice(), { link: board.links.edit }),
    ).toMatchObject({ step: "granted", role: "edit" })
  })
})

describe("removing a device", () => {
  it("cuts its connections and refuses it from then on, even with a valid link", async () => {
    const board = await claimedBoard()
    const { p: member, device } = await joined(board, "edit")
    const before = board.editor.received.length
    board.editor.send(
      board.editor.frame(board.documentId, {
        type: "baton-auth",
        step: "remove-device",
        deviceId: device.deviceId,
      }),
    )
    await board.editor.next(before, (m) => m.step === "device-removed")
    expect((await member.closed).code).toBe(4403)
    const again = await peer()
    const logsBefore = logsWith("device-removed")
    expect(
      await again.authenticate(board.documentId, device, { link: board.links.edit }),
    ).toMatchObject({ step: "denied" })
    expect(logsWith("device-removed") - logsBefore).toBe(1)
  })
})

describe("proofs", () => {
  it("a wrong signature, a key that did not sign, a replayed signature and a stale nonce are refused, one log line each", async () => {
    const board = await claimedBoard()
    const p = await peer()

    let logs = logsWith("bad-signature")
    let nonce = await p.challenge(board.documentId)
    const forged = await sign(board.editorDevice, board.documentId, nonce)
    forged[10] = forged[10]! ^ 1
    expect(
      await p.prove(board.documentId, board.editorDevice, nonce, { signature: forged }),
    ).toMatchObject({ step: "denied" })
    expect(logsWith("bad-signature") - logs).toBe(1)

    // Someone else's signature over the right nonce, presented with the editor's key.
    logs = logsWith("bad-signature")
    nonce = await p.challenge(board.documentId)
    const mallory = await newDevice()
    expect(
      await p.prove(board.documentId, board.editorDevice, nonce, {
        signature: await sign(mallory, board.documentId, nonce),
      }),
    ).toMatchObject({ step: "denied" })
    expect(logsWith("bad-signature") - logs).toBe(1)

    // A signature for another board does not open this one.
    logs = logsWith("bad-signature")
    nonce = await p.challenge(board.documentId)
    expect(
      await p.prove(board.documentId, board.editorDevice, nonce, {
        signature: await sign(board.editorDevice, newDocId(), nonce),
      }),
    ).toMatchObject({ step: "denied" })
    expect(logsWith("bad-signature") - logs).toBe(1)

    // Replayed: the editor's real answer, seen on the wire, sent again (here and elsewhere).
    nonce = await p.challenge(board.documentId)
    const real = await sign(board.editorDevice, board.documentId, nonce)
    expect(
      await p.prove(board.documentId, board.editorDevice, nonce, { signature: real }),
    ).toMatchObject({ step: "granted" })
    logs = logsWith("replayed-signature")
    const thief = await peer()
    expect(
      await thief.prove(board.documentId, board.editorDevice, nonce, { signature: real }),
    ).toMatchObject({ step: "denied" })
    expect(logsWith("replayed-signature") - logs).toBe(1)
    thief.open(board.documentId)
    await waitFor(() => thief.received.some((m) => m.type === "doc-unavailable"), "no board")

    // Stale: answered after the nonce's lifetime (1.5 s in this relay).
    logs = logsWith("stale-nonce")
    nonce = await p.challenge(board.documentId)
    await sleep(1700)
    expect(await p.prove(board.documentId, board.editorDevice, nonce)).toMatchObject({
      step: "denied",
    })
    expect(logsWith("stale-nonce") - logs).toBe(1)

    // A nonce the relay never sent.
    logs = logsWith("unknown-nonce")
    expect(await p.prove(board.documentId, board.editorDevice, newSecret())).toMatchObject({
      step: "denied",
    })
    expect(logsWith("unknown-nonce") - logs).toBe(1)
    expect(await refusals("bad-signature")).toBeGreaterThanOrEqual(3)
  })

  it("an unknown device with no link, or a wrong link, is not let in", async () => {
    const board = await claimedBoard()
    const p = await peer()
    const logs = logsWith("not-a-member")
    expect(await p.authenticate(board.documentId, await newDevice())).toMatchObject({
      step: "denied",
      reason: "denied",
    })
    expect(
      await p.authenticate(board.documentId, await newDevice(), { link: newSecret() }),
    ).toMatchObject({ step: "denied", reason: "denied" })
    expect(logsWith("not-a-member") - logs).toBe(2)
  })

  for (const [name, patch] of [
    ["a public key of the wrong length", { publicKey: new Uint8Array(33) }],
    ["a signature of the wrong length", { signature: new Uint8Array(70) }],
    ["a short nonce", { nonce: new Uint8Array(8) }],
    ["a claim without all three links", { claim: { edit: new Uint8Array(32) } }],
    ["an unknown step", { step: "become-editor" }],
  ] as const) {
    it(`closes the connection on a malformed proof: ${name}`, async () => {
      const board = await claimedBoard()
      const p = await peer()
      const device = await newDevice()
      const nonce = await p.challenge(board.documentId)
      const proof: Record<string, unknown> = {
        type: "baton-auth",
        step: "proof",
        nonce,
        publicKey: device.publicKey,
        signature: await sign(device, board.documentId, nonce),
      }
      p.send(p.frame(board.documentId, Object.assign(proof, patch)))
      const closed = await p.closed
      expect(closed.code).toBe(1007)
      expect(logLines.findLast((l) => l.msg === "connection closed")?.code).toBe(1007)
    })
  }
})

describe("attribution", () => {
  it("an editor may not write under an actor id another device first used", async () => {
    const board = await claimedBoard()
    const { p: second } = await joined(board, "edit")
    const editorActor = A.getActorId(board.editor.doc(board.documentId) as A.Doc<unknown>)
    // The second editor forges a change with the first editor's actor id.
    const entry = second.docs.get(board.documentId)!
    const forgedDoc = A.clone(entry.doc, { actor: editorActor })
    entry.doc = A.change(forgedDoc, (d) => {
      d.title = "Said by someone else"
    })
    const logs = logsWith("foreign-actor")
    second.flush(board.documentId)
    await sleep(600)
    expect(board.editor.doc(board.documentId).title).toBe("Plans")
    expect(logsWith("foreign-actor") - logs).toBe(1)
    // Its own actor id is fine.
    second.docs.get(board.documentId)!.doc = A.init()
    const { p: third } = await joined(board, "edit")
    third.change(board.documentId, (d) => {
      d.title = "Renamed by the third editor"
    })
    await waitFor(
      () => board.editor.doc(board.documentId).title === "Renamed by the third editor",
      "an editor's own change",
    )
  })
})

describe("sending again", () => {
  it("a teammate's change the relay already has may be sent again beside a device's own", async () => {
    const board = await claimedBoard()
    const { p: second } = await joined(board, "edit")
    // A device whose sync state was lost sends everything it has, the first editor's change
    // among its own: the relay has that change, so it is no one's to answer for again.
    const entry = second.docs.get(board.documentId)!
    const before = A.getHeads(entry.doc)
    const theirs = A.getAllChanges(entry.doc)
    entry.doc = A.change(entry.doc, (d) => {
      d.title = "Plans, sent again"
    })
    const own = A.getChangesSince(entry.doc, before)
    const refused = await metric("baton_relay_changes_refused_total")
    second.send(
      second.frame(board.documentId, {
        type: "sync",
        data: A.encodeSyncMessage({
          heads: A.getHeads(entry.doc),
          need: [],
          have: [],
          changes: [...theirs, ...own],
        }),
      }),
    )
    await waitFor(
      () => board.editor.doc(board.documentId).title === "Plans, sent again",
      "the device's own change beside a known one",
    )
    expect(await metric("baton_relay_changes_refused_total")).toBe(refused)
    // A teammate's change the relay does not have is still refused.
    const editorActor = A.getActorId(board.editor.doc(board.documentId) as A.Doc<unknown>)
    const forged = A.change(A.clone(entry.doc, { actor: editorActor }), (d) => {
      d.title = "Said by someone else"
    })
    const logs = logsWith("foreign-actor")
    second.send(
      second.frame(board.documentId, {
        type: "sync",
        data: A.encodeSyncMessage({
          heads: A.getHeads(forged),
          need: [],
          have: [],
          changes: A.getChanges(entry.doc, forged),
        }),
      }),
    )
    await waitFor(() => logsWith("foreign-actor") > logs, "the forged change's refusal")
    await sleep(300)
    expect(board.editor.doc(board.documentId).title).toBe("Plans, sent again")
  })
})
