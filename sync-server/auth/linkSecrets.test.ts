/**
 * The current link secrets reach every editor's devices, and nobody else's (docs/sharing.md,
 * "Stopping a link"). Tested from the side of the people it is used against: a commenter and a
 * viewer asking for the secrets, a stopped secret offered back, a stop whose secret does not
 * match its hash.
 */
import * as A from "@automerge/automerge"
import { parseAutomergeUrl, generateAutomergeUrl } from "@automerge/automerge-repo"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { waitFor } from "../testHelpers"
import { hashOf, newDevice, newLinks, newSecret, savedAccess, TestPeer } from "./testPeer"
import type { Frame } from "./testPeer"
import type { Role } from "./types"

let dir: string
let relay: Relay
const peers: TestPeer[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-link-secrets-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    staticDir: null,
    logLevel: "error",
    log: () => {},
  })
})

afterAll(async () => {
  for (const p of peers) p.close()
  await relay.close()
  await rm(dir, { recursive: true, force: true })
})

async function peer(): Promise<TestPeer> {
  const p = new TestPeer(relay.url)
  peers.push(p)
  return p.join()
}

interface Board {
  documentId: string
  links: Record<Role, Uint8Array>
  alice: TestPeer
}

const b64 = (bytes: unknown): string => Buffer.from(bytes as Uint8Array).toString("base64url")

/** The secrets of a `links` frame (or a `granted` one), base64url by role. */
function secretsOf(frame: Frame): Partial<Record<Role, string>> {
  const links = (frame.links ?? {}) as Record<string, Uint8Array>
  return Object.fromEntries(Object.entries(links).map(([r, s]) => [r, b64(s)]))
}

const asText = (links: Partial<Record<Role, Uint8Array>>): Partial<Record<Role, string>> =>
  Object.fromEntries(Object.entries(links).map(([r, s]) => [r, b64(s)]))

/** Alice claims a board and gives the relay its three secrets, as the app does. */
async function board(): Promise<Board> {
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const { links, claim } = newLinks()
  const alice = await peer()
  expect(
    await alice.authenticate(documentId, await newDevice(), { member: "alice", claim }),
  ).toMatchObject({ step: "granted", role: "edit" })
  expect(
    secretsOf(await alice.request(documentId, { step: "keep-links", links: { ...links } })),
  ).toEqual(asText(links))
  alice.open(documentId, A.from<Record<string, unknown>>({ title: "Plans" }))
  return { documentId, links, alice }
}

async function joinBoard(b: Board, role: Role, member: string): Promise<[TestPeer, Frame]> {
  const p = await peer()
  const granted = await p.authenticate(b.documentId, await newDevice(), {
    link: b.links[role],
    member,
  })
  expect(granted).toMatchObject({ step: "granted", role })
  return [p, granted]
}

/** Whether `bytes` appear anywhere in `value` (frames as decoded from CBOR). */
function holdsBytes(value: unknown, bytes: Uint8Array): boolean {
  if (value instanceof Uint8Array) return b64(value) === b64(bytes)
  if (typeof value !== "object" || value === null) return false
  return Object.values(value).some((v) => holdsBytes(v, bytes))
}

const linkFrames = (p: TestPeer, documentId: string, from = 0): Frame[] =>
  p.received
    .slice(from)
    .filter((m) => m.type === "baton-auth" && m.documentId === documentId && m.links !== undefined)

describe("the current link secrets", () => {
  it("are handed to an editor when it is granted, and to nobody else", async () => {
    const b = await board()
    const [, bob] = await joinBoard(b, "edit", "bob")
    expect(secretsOf(bob)).toEqual(asText(b.links))
    const [carol, carolGranted] = await joinBoard(b, "comment", "carol")
    const [victor, victorGranted] = await joinBoard(b, "view", "victor")
    expect(carolGranted.links).toBeUndefined()
    expect(victorGranted.links).toBeUndefined()

    // Crafted requests from a commenter and a viewer: asking, or offering what they hold (or a
    // guess) to see what the relay answers, gets a refusal that names no secret.
    for (const [p, held] of [
      [carol, { comment: b.links.comment, view: b.links.view }],
      [victor, { view: b.links.view }],
    ] as const) {
      for (const body of [
        { step: "get-links" },
        { step: "keep-links", links: held },
        { step: "keep-links", links: { edit: newSecret() } },
      ]) {
        const answer = await p.request(b.documentId, body)
        expect(answer).toMatchObject({ step: "denied" })
        expect(answer.links).toBeUndefined()
      }
    }
    // An editor's stop reaches the other editors only.
    const carolBefore = carol.received.length
    const victorBefore = victor.received.length
    const next = newSecret()
    expect(
      await b.alice.request(b.documentId, {
        step: "stop-link",
        role: "view",
        newLinkHash: hashOf(next),
        newLink: next,
      }),
    ).toMatchObject({ step: "link-stopped", role: "view" })
    await new Promise((r) => setTimeout(r, 200))
    for (const frame of [
      ...carol.received.slice(carolBefore),
      ...victor.received.slice(victorBefore),
    ])
      expect(JSON.stringify(frame)).not.toContain('"links"')
    expect(JSON.stringify(linkFrames(carol, b.documentId))).toBe("[]")
    expect(JSON.stringify(linkFrames(victor, b.documentId))).toBe("[]")
  })

  it("reach an editor already connected when another editor stops a link", async () => {
    const b = await board()
    const [bob] = await joinBoard(b, "edit", "bob")
    const before = bob.received.length
    const next = newSecret()
    await b.alice.request(b.documentId, {
      step: "stop-link",
      role: "comment",
      newLinkHash: hashOf(next),
      newLink: next,
    })
    const pushed = await bob.next(
      before,
      (m) => m.type === "baton-auth" && m.step === "links",
      "the new secrets at Bob",
    )
    expect(secretsOf(pushed)).toEqual(asText({ ...b.links, comment: next }))
    // A new editor joining afterwards gets the new one too; the relay kept it.
    const [, dan] = await joinBoard(b, "edit", "dan")
    expect(secretsOf(dan).comment).toBe(b64(next))
    const saved = await savedAccess(dir, b.documentId)
    expect(saved.links.comment.secret).toBe(b64(next))
    expect(saved.stoppedLinks.map((s) => s.hash)).toContain(b64(hashOf(b.links.comment)))
    expect(JSON.stringify(saved.stoppedLinks)).not.toContain(b64(b.links.comment))
  })

  it("never include a stopped secret", async () => {
    const b = await board()
    // An older client stops the edit link without telling the relay the new secret.
    const [bob] = await joinBoard(b, "edit", "bob")
    const next = newSecret()
    const bobSeen = bob.received.length
    expect(
      await b.alice.request(b.documentId, {
        step: "stop-link",
        role: "edit",
        newLinkHash: hashOf(next),
      }),
    ).toMatchObject({ step: "link-stopped" })
    // Bob, who joined with the stopped link, is cut; while still connected he was told only
    // the secrets that are still current.
    await bob.closed
    for (const f of linkFrames(bob, b.documentId, bobSeen)) {
      expect(secretsOf(f).edit).toBeUndefined()
      expect(JSON.stringify(secretsOf(f))).not.toContain(b64(b.links.edit))
    }
    const editor = await b.alice.request(b.documentId, { step: "get-links" })
    expect(secretsOf(editor)).toEqual(asText({ comment: b.links.comment, view: b.links.view }))
    // Offering the stopped secret back does not make it current: it is named stale.
    const offered = await b.alice.request(b.documentId, {
      step: "keep-links",
      links: { edit: b.links.edit },
    })
    expect(offered.stale).toEqual(["edit"])
    expect(secretsOf(offered).edit).toBeUndefined()
    // The new secret, offered by the editor who made it, is kept and handed out.
    const kept = await b.alice.request(b.documentId, {
      step: "keep-links",
      links: { edit: next },
    })
    expect(secretsOf(kept).edit).toBe(b64(next))
    expect(kept.stale).toBeUndefined()
  })

  it("are not given to a commenter who comes back with a stopped link: it is only told it stopped", async () => {
    const b = await board()
    const carol = await peer()
    const device = await newDevice()
    await carol.authenticate(b.documentId, device, { link: b.links.comment, member: "carol" })
    const next = newSecret()
    await b.alice.request(b.documentId, {
      step: "stop-link",
      role: "comment",
      newLinkHash: hashOf(next),
      newLink: next,
    })
    expect((await carol.closed).code).toBe(4403)
    const again = await peer()
    const granted = await again.authenticate(b.documentId, device, { link: b.links.comment })
    expect(granted).toMatchObject({ step: "granted", role: "comment", stale: ["comment"] })
    expect(granted.links).toBeUndefined()
    expect(holdsBytes(again.received, next)).toBe(false)
    expect(holdsBytes(b.alice.received, next)).toBe(true)
  })

  it("refuse a stop whose new secret does not match its hash, and keep the old link", async () => {
    const b = await board()
    const answer = await b.alice.request(b.documentId, {
      step: "stop-link",
      role: "comment",
      newLinkHash: hashOf(newSecret()),
      newLink: newSecret(),
    })
    expect(answer).toMatchObject({ step: "denied" })
    const [carol] = await joinBoard(b, "comment", "carol")
    carol.open(b.documentId)
    await waitFor(() => carol.doc(b.documentId).title === "Plans", "Carol's copy")
  })

  it("close the connection on a malformed request", async () => {
    const b = await board()
    b.alice.send(
      b.alice.frame(b.documentId, {
        type: "baton-auth",
        step: "keep-links",
        links: { owner: newSecret() },
      }),
    )
    expect((await b.alice.closed).code).toBe(1007)
  })
})
