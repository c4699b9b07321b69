/**
 * Managing a claimed board's members on the relay: an editor lists the devices with their
 * members and roles, changes a member's role and removes a member. Tested from the side of
 * the people it is used against: a non-editor who tries it, a demoted member who keeps
 * sending edits, a removed member's second device.
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
import { newDevice, newLinks, savedAccess, TestPeer } from "./testPeer"
import type { Device } from "./testPeer"
import type { BoardAccess, Role } from "./types"

let dir: string
let relay: Relay
const peers: TestPeer[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-members-"))
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

const recordOf = (documentId: string): Promise<BoardAccess> => savedAccess(dir, documentId)

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

/** Alice claims a board with a document, as member "alice". */
async function board(): Promise<Board> {
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const { links, claim } = newLinks()
  const alice = await peer()
  expect(
    await alice.authenticate(documentId, await newDevice(), {
      member: "alice",
      claim,
    }),
  ).toMatchObject({ step: "granted", role: "edit" })
  alice.open(documentId, A.from<Record<string, unknown>>({ title: "Plans" }))
  return { documentId, links, alice }
}

/** A new device joins with the link of `role` as `member`, and has the board. */
async function joinBoard(
  b: Board,
  role: Role,
  member: string,
  device?: Device,
): Promise<{ peer: TestPeer; device: Device }> {
  const p = await peer()
  const d = device ?? (await newDevice())
  expect(await p.authenticate(b.documentId, d, { link: b.links[role], member })).toMatchObject({
    step: "granted",
    role,
  })
  p.open(b.documentId)
  await waitFor(() => p.doc(b.documentId).title === "Plans", `${member}'s copy`)
  return { peer: p, device: d }
}

describe("an editor manages the members", () => {
  it("lists every device with its member, role and the link it joined with, without keys", async () => {
    const b = await board()
    await joinBoard(b, "comment", "carol")
    await joinBoard(b, "view", "victor")
    const answer = await b.alice.request(b.documentId, { step: "list-members" })
    expect(answer.step).toBe("members")
    const devices = answer.devices as Record<string, unknown>[]
    const byMember = new Map(devices.map((d) => [d.memberId, d]))
    expect(byMember.get("alice")).toMatchObject({ role: "edit", joinedWith: "claim" })
    expect(byMember.get("carol")).toMatchObject({ role: "comment", joinedWith: "comment" })
    expect(byMember.get("victor")).toMatchObject({ role: "view", joinedWith: "view" })
    expect(answer.you).toBe(byMember.get("alice")!.deviceId)
    expect(JSON.stringify(devices)).not.toContain("publicKey")
  })

  it("refuses the list, a role change and a removal from a commenter and a viewer", async () => {
    const b = await board()
    const carol = await joinBoard(b, "comment", "carol")
    const victor = await joinBoard(b, "view", "victor")
    const before = await recordOf(b.documentId)
    for (const p of [carol.peer, victor.peer]) {
      for (const body of [
        { step: "list-members" },
        { step: "set-role", member: "victor", role: "edit" },
        { step: "set-role", member: "alice", role: "view" },
        { step: "remove-member", member: "alice" },
      ])
        expect(await p.request(b.documentId, body)).toMatchObject({ step: "denied" })
    }
    expect(await recordOf(b.documentId)).toEqual(before)
  })

  it("lowers a member to view: their open connection is cut, and their edits no longer reach anyone", async () => {
    const b = await board()
    const eve = await joinBoard(b, "edit", "eve")
    eve.peer.change(b.documentId, (d) => (d.note = "before"))
    await waitFor(() => b.alice.doc(b.documentId).note === "before", "Eve's edit to reach Alice")

    expect(
      await b.alice.request(b.documentId, { step: "set-role", member: "eve", role: "view" }),
    ).toMatchObject({ step: "role-set", member: "eve", role: "view" })
    expect((await eve.peer.closed).code).toBe(4403)
    expect(Object.values((await recordOf(b.documentId)).devices)).toContainEqual(
      expect.objectContaining({ memberId: "eve", role: "view" }),
    )

    // Eve comes back with the same device and the edit link: she is granted view, not edit.
    const again = await peer()
    expect(
      await again.authenticate(b.documentId, eve.device, { link: b.links.edit, member: "eve" }),
    ).toMatchObject({ step: "granted", role: "view" })
    again.open(b.documentId)
    await waitFor(() => again.doc(b.documentId).note === "before", "Eve's copy")
    again.change(b.documentId, (d) => (d.title = "Taken over"))
    // Alice's own edit after Eve's attempt reaches a third peer; Eve's never does.
    b.alice.change(b.documentId, (d) => (d.after = true))
    const third = await joinBoard(b, "view", "walter")
    await waitFor(() => third.peer.doc(b.documentId).after === true, "Alice's later edit")
    expect(third.peer.doc(b.documentId).title).toBe("Plans")
    expect(b.alice.doc(b.documentId).title).toBe("Plans")
  })

  it("removes a member: every device of theirs is cut and refused afterwards", async () => {
    const b = await board()
    const eve = await joinBoard(b, "edit", "eve")
    const code = (await eve.peer.request(b.documentId, { step: "add-device" })).code as string
    const secondDevice = await newDevice()
    const p2 = await peer()
    expect(
      await p2.authenticate(b.documentId, secondDevice, {
        link: b.links.edit,
        member: "eve",
        memberCode: code,
      }),
    ).toMatchObject({ step: "granted", memberId: "eve" })

    expect(
      await b.alice.request(b.documentId, { step: "remove-member", member: "eve" }),
    ).toMatchObject({ step: "member-removed", member: "eve" })
    expect((await eve.peer.closed).code).toBe(4403)
    expect((await p2.closed).code).toBe(4403)
    for (const d of [eve.device, secondDevice]) {
      const p = await peer()
      expect(await p.authenticate(b.documentId, d, { link: b.links.edit })).toMatchObject({
        step: "denied",
        reason: "device-removed",
      })
    }
    const listed = (await b.alice.request(b.documentId, { step: "list-members" }))
      .devices as Record<string, unknown>[]
    const eves = listed.filter((d) => d.memberId === "eve")
    expect(eves).toHaveLength(2)
    for (const d of eves) expect(d.removedAt).toEqual(expect.any(String))
  })

  it("never leaves the board without an editor", async () => {
    const b = await board()
    await joinBoard(b, "comment", "carol")
    expect(
      await b.alice.request(b.documentId, { step: "set-role", member: "alice", role: "comment" }),
    ).toMatchObject({ step: "denied", reason: "last-editor" })
    expect(
      await b.alice.request(b.documentId, { step: "remove-member", member: "alice" }),
    ).toMatchObject({ step: "denied", reason: "last-editor" })
    // With a second editor, Alice may step down.
    await joinBoard(b, "edit", "bob")
    expect(
      await b.alice.request(b.documentId, { step: "set-role", member: "carol", role: "edit" }),
    ).toMatchObject({ step: "role-set" })
    expect(
      await b.alice.request(b.documentId, { step: "set-role", member: "nobody", role: "edit" }),
    ).toMatchObject({ step: "denied", reason: "unknown-member" })
  })

  it("closes the connection on a malformed role change", async () => {
    const b = await board()
    b.alice.send(
      b.alice.frame(b.documentId, {
        type: "baton-auth",
        step: "set-role",
        member: "carol",
        role: "owner",
      }),
    )
    expect((await b.alice.closed).code).toBe(1007)
  })
})
