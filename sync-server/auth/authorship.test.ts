/**
 * Member ids inside content, from the attacker's side on a real relay: a modified client that
 * writes a comment "by" another member, a card "created by" another member, or rewrites the
 * characters of an existing author, has the change refused (not stored, not forwarded,
 * counted). The honest edits around it pass: editing another member's card, comments by an
 * import's placeholder members, restoring a deleted card with its comments, copying a card
 * with its comments.
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
import { newDevice, newLinks, TestPeer } from "./testPeer"
import type { Role } from "./types"

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>

let dir: string
let relay: Relay
const peers: TestPeer[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-authorship-"))
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function refusals(reason: string): Promise<number> {
  const body = await (await fetch(`${relay.url}/metrics`)).text()
  const line = body
    .split("\n")
    .find((l) => l.startsWith(`baton_relay_access_refusals_total{reason="${reason}"}`))
  return Number(line?.split(" ").pop())
}

interface Board {
  documentId: string
  links: Record<Role, Uint8Array>
  alice: TestPeer
}

const comment = (id: string, authorId: string, text: string): Json => ({
  id,
  authorId,
  text,
  createdAt: "2026-12-07T10:00:00.000Z",
  editedAt: null,
})

/** Alice (bound to "alice") claims a board with one card of hers and one comment of hers. */
async function board(): Promise<Board> {
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const { links, claim } = newLinks()
  const alice = await peer()
  await alice.authenticate(documentId, await newDevice(), { member: "alice", claim })
  alice.open(
    documentId,
    A.from<Json>({
      title: "Plans",
      members: { alice: { id: "alice" }, ghost: { id: "ghost", importedFrom: { source: "x" } } },
      cardBuckets: {
        b0: {
          c1: {
            id: "c1",
            title: "Launch",
            description: "",
            createdBy: "alice",
            comments: { k1: comment("k1", "alice", "Ship it") },
          },
        },
      },
    }),
  )
  return { documentId, links, alice }
}

async function joinAs(b: Board, role: Role, member: string): Promise<TestPeer> {
  const p = await peer()
  expect(
    await p.authenticate(b.documentId, await newDevice(), { link: b.links[role], member }),
  ).toMatchObject({ step: "granted", role })
  p.open(b.documentId)
  await waitFor(() => (p.doc(b.documentId) as Json).title === "Plans", `${member}'s copy`)
  return p
}

const card = (p: TestPeer, b: Board, id = "c1"): Json | undefined =>
  (p.doc(b.documentId) as Json).cardBuckets?.b0?.[id]

/** A forged change from `attacker` never reaches `watcher`, though a later honest one does. */
async function expectRefused(
  b: Board,
  attacker: TestPeer,
  watcher: TestPeer,
  reason: string,
  forge: (d: Json) => void,
  seen: (d: Json) => boolean,
): Promise<void> {
  const before = await refusals(reason)
  attacker.change(b.documentId, forge)
  for (let i = 0; (await refusals(reason)) === before; i++) {
    if (i > 200) throw new Error(`no ${reason} refusal`)
    await sleep(25)
  }
  b.alice.change(b.documentId, (d: Json) => (d.marker = ((d.marker as number) ?? 0) + 1))
  const marker = (b.alice.doc(b.documentId) as Json).marker
  await waitFor(() => (watcher.doc(b.documentId) as Json).marker === marker, "a later edit")
  expect(seen(watcher.doc(b.documentId) as Json)).toBe(false)
  expect(seen(b.alice.doc(b.documentId) as Json)).toBe(false)
}

describe("who the content says did it", () => {
  it("refuses a commenter's comment under another member's id, and passes its own", async () => {
    const b = await board()
    const watcher = await joinAs(b, "view", "victor")
    const honest = await joinAs(b, "comment", "carol")
    honest.change(b.documentId, (d: Json) => {
      d.cardBuckets.b0.c1.comments.k2 = comment("k2", "carol", "Mine")
    })
    await waitFor(() => card(watcher, b)?.comments.k2?.authorId === "carol", "Carol's comment")

    const forger = await joinAs(b, "comment", "mallory")
    await expectRefused(
      b,
      forger,
      watcher,
      "foreign-author",
      (d) => (d.cardBuckets.b0.c1.comments.k3 = comment("k3", "alice", "I resign")),
      (d) => d.cardBuckets.b0.c1.comments.k3 !== undefined,
    )
  })

  it("refuses an editor's comment or card credited to another member, and its rewrite of an author", async () => {
    const b = await board()
    const watcher = await joinAs(b, "view", "victor")
    await expectRefused(
      b,
      await joinAs(b, "edit", "bob"),
      watcher,
      "foreign-author",
      (d) => (d.cardBuckets.b0.c1.comments.k4 = comment("k4", "alice", "Cancel the launch")),
      (d) => d.cardBuckets.b0.c1.comments.k4 !== undefined,
    )
    await expectRefused(
      b,
      await joinAs(b, "edit", "bob2"),
      watcher,
      "foreign-author",
      (d) =>
        (d.cardBuckets.b0.c9 = { id: "c9", title: "Fire Bob", createdBy: "alice", comments: {} }),
      (d) => d.cardBuckets.b0.c9 !== undefined,
    )
    // The characters inserted so that they only spell "alice" once merged in order.
    await expectRefused(
      b,
      await joinAs(b, "edit", "bob3"),
      watcher,
      "foreign-author",
      (d) => {
        const k = comment("k5", "", "Crafted")
        d.cardBuckets.b0.c1.comments.k5 = k
        for (const ch of "ecila") A.splice(d.cardBuckets.b0.c1.comments.k5, ["authorId"], 0, 0, ch)
      },
      (d) => d.cardBuckets.b0.c1.comments.k5 !== undefined,
    )
    await expectRefused(
      b,
      await joinAs(b, "edit", "bob4"),
      watcher,
      "author-edited",
      (d) => A.splice(d.cardBuckets.b0.c1.comments.k1, ["authorId"], 0, 5, "bob4"),
      (d) => d.cardBuckets.b0.c1.comments.k1.authorId !== "alice",
    )
  })

  it("passes honest edits: another's card, placeholder authors, a restore, a copy", async () => {
    const b = await board()
    const watcher = await joinAs(b, "view", "victor")
    const bob = await joinAs(b, "edit", "bob")
    const before = await refusals("foreign-author")
    bob.change(b.documentId, (d: Json) => {
      d.cardBuckets.b0.c1.title = "Launch in March"
      A.splice(d.cardBuckets.b0.c1, ["description"], 0, 0, "Alice's card, edited by Bob")
      d.cardBuckets.b0.c1.comments.k6 = comment("k6", "bob", "Done")
      // An import's placeholder member, bound to no device.
      d.cardBuckets.b0.c1.comments.k7 = comment("k7", "ghost", "From the old tool")
    })
    await waitFor(() => card(watcher, b)?.comments.k7 !== undefined, "Bob's edits")
    expect(card(watcher, b)?.description).toBe("Alice's card, edited by Bob")

    // Bob deletes Alice's card, then restores it (undo): her card and comment come back as hers.
    bob.change(b.documentId, (d: Json) => delete d.cardBuckets.b0.c1)
    await waitFor(() => card(watcher, b) === undefined, "the deletion")
    bob.change(b.documentId, (d: Json) => {
      d.cardBuckets.b0.c1 = {
        id: "c1",
        title: "Launch in March",
        createdBy: "alice",
        comments: { k1: comment("k1", "alice", "Ship it") },
      }
    })
    await waitFor(() => card(watcher, b)?.comments.k1?.authorId === "alice", "the restore")

    // A copy (as from another board) brings Alice's comment with it, inside a new card of Bob's.
    bob.change(b.documentId, (d: Json) => {
      d.cardBuckets.b0.c2 = {
        id: "c2",
        title: "Launch (copy)",
        createdBy: "bob",
        comments: { k8: comment("k8", "alice", "Seen elsewhere") },
      }
    })
    await waitFor(() => card(watcher, b, "c2")?.comments.k8 !== undefined, "the copy")

    expect(await refusals("foreign-author")).toBe(before)
    expect(await refusals("author-unchecked")).toBe(0)
  })
})
