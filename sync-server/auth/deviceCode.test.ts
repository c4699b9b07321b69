/**
 * "Add a device": joining a claimed board as an existing member needs a one-time code made on
 * a device of that member. Tested from the attacker's side with real WebSockets to the relay.
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
const logLines: Record<string, unknown>[] = []
const peers: TestPeer[] = []
const CODE_TTL = 1500

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-code-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    staticDir: null,
    logLevel: "info",
    log: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
    deviceCodeTtlMs: CODE_TTL,
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
  aliceDevice: Device
}

/** Alice claims a board as member "alice". */
async function board(): Promise<Board> {
  const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
  const { links, claim } = newLinks()
  const aliceDevice = await newDevice()
  const alice = await peer()
  const answer = await alice.authenticate(documentId, aliceDevice, {
    member: "alice",
    claim,
  })
  expect(answer).toMatchObject({ step: "granted", role: "edit" })
  return { documentId, links, alice, aliceDevice }
}

async function codeOf(p: TestPeer, documentId: string): Promise<string> {
  const answer = await p.addDevice(documentId)
  expect(answer.step).toBe("device-code")
  expect(answer.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
  return answer.code as string
}

/** A fresh device with the edit link tries to become `member`. */
async function joinAs(
  b: Board,
  member: string,
  memberCode?: string,
): Promise<Record<string, unknown>> {
  const p = await peer()
  return p.authenticate(b.documentId, await newDevice(), {
    link: b.links.edit,
    member,
    ...(memberCode !== undefined ? { memberCode } : {}),
  })
}

describe("joining as an existing member", () => {
  it("is refused without a code, and the device is not registered", async () => {
    const b = await board()
    const before = Object.keys((await recordOf(b.documentId)).devices).length
    expect(await joinAs(b, "alice")).toMatchObject({ step: "denied", reason: "member-taken" })
    expect(Object.keys((await recordOf(b.documentId)).devices)).toHaveLength(before)
  })

  it("works with a code from the member's device, and binds the new device to the member", async () => {
    const b = await board()
    const code = await codeOf(b.alice, b.documentId)
    // Typed in lower case with a dash, as a person might.
    const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase()
    const answer = await joinAs(b, "alice", typed)
    expect(answer).toMatchObject({ step: "granted", role: "edit", memberId: "alice" })
    const devices = Object.values((await recordOf(b.documentId)).devices)
    expect(devices.filter((d) => d.memberId === "alice")).toHaveLength(2)
  })

  it("refuses a code used a second time", async () => {
    const b = await board()
    const code = await codeOf(b.alice, b.documentId)
    expect(await joinAs(b, "alice", code)).toMatchObject({ step: "granted" })
    expect(await joinAs(b, "alice", code)).toMatchObject({
      step: "denied",
      reason: "bad-device-code",
    })
  })

  it("refuses an expired code", async () => {
    const b = await board()
    const code = await codeOf(b.alice, b.documentId)
    await new Promise((r) => setTimeout(r, CODE_TTL + 200))
    expect(await joinAs(b, "alice", code)).toMatchObject({
      step: "denied",
      reason: "bad-device-code",
    })
  })

  it("refuses another member's code", async () => {
    const b = await board()
    const bobDevice = await newDevice()
    const bob = await peer()
    expect(
      await bob.authenticate(b.documentId, bobDevice, { link: b.links.edit, member: "bob" }),
    ).toMatchObject({ step: "granted", memberId: "bob" })
    const bobsCode = await codeOf(bob, b.documentId)
    // Bob's own code does not make a device Alice's.
    expect(await joinAs(b, "alice", bobsCode)).toMatchObject({
      step: "denied",
      reason: "bad-device-code",
    })
    // Alice's code does not work on another board either.
    const other = await board()
    const alicesCode = await codeOf(b.alice, b.documentId)
    expect(await joinAs(other, "alice", alicesCode)).toMatchObject({ step: "denied" })
  })

  it("limits guessing: after five wrong codes even the right one is refused for a while", async () => {
    const b = await board()
    const code = await codeOf(b.alice, b.documentId)
    for (let i = 0; i < 5; i++)
      expect(await joinAs(b, "alice", `GUESS${i}23`)).toMatchObject({
        step: "denied",
        reason: "bad-device-code",
      })
    expect(await joinAs(b, "alice", code)).toMatchObject({
      step: "denied",
      reason: "too-many-code-attempts",
    })
    const metrics = await (await fetch(`${relay.url}/metrics`)).text()
    expect(metrics).toMatch(/reason="too-many-code-attempts"\} [1-9]/)
    // The window passes (the codes' lifetime): a new code works again.
    await new Promise((r) => setTimeout(r, CODE_TTL + 200))
    const fresh = await codeOf(b.alice, b.documentId)
    expect(await joinAs(b, "alice", fresh)).toMatchObject({ step: "granted" })
  })

  it("lets a new person join as a new member without any code, and refuses a code to a device without a member", async () => {
    const b = await board()
    expect(await joinAs(b, "carol")).toMatchObject({ step: "granted", memberId: "carol" })
    const p = await peer()
    expect(
      await p.authenticate(b.documentId, await newDevice(), { link: b.links.view }),
    ).toMatchObject({
      step: "granted",
      role: "view",
    })
    expect(await p.addDevice(b.documentId)).toMatchObject({ step: "denied" })
  })

  it("refuses a code to a peer without a grant on the board", async () => {
    const b = await board()
    const p = await peer()
    expect(await p.addDevice(b.documentId)).toMatchObject({ step: "denied" })
  })

  it("binds a device that joined first and picks its member afterwards, once", async () => {
    const b = await board()
    const p = await peer()
    expect(
      await p.authenticate(b.documentId, await newDevice(), { link: b.links.edit }),
    ).toMatchObject({
      step: "granted",
    })
    // Picking Alice in the profile picker without her code is refused...
    expect(await p.bindMember(b.documentId, "alice")).toMatchObject({
      step: "denied",
      reason: "member-taken",
    })
    // ...with it, the device becomes Alice's, and cannot then become someone else.
    const code = await codeOf(b.alice, b.documentId)
    expect(await p.bindMember(b.documentId, "alice", code)).toMatchObject({
      step: "member-bound",
      memberId: "alice",
    })
    expect(await p.bindMember(b.documentId, "dave")).toMatchObject({
      step: "denied",
      reason: "member-taken",
    })
  })

  it("refuses a change whose history credits a member the device is not bound to", async () => {
    const b = await board()
    b.alice.open(b.documentId, A.from<Record<string, unknown>>({ title: "Plans" }))
    const eve = await peer()
    expect(
      await eve.authenticate(b.documentId, await newDevice(), {
        link: b.links.edit,
        member: "eve",
      }),
    ).toMatchObject({ step: "granted", memberId: "eve" })
    eve.open(b.documentId)
    await waitFor(() => eve.doc(b.documentId).title === "Plans", "Eve's copy")
    const meta = (m: string): string => JSON.stringify({ v: 1, m, op: "renameBoard" })
    const metrics = async (): Promise<string> => (await fetch(`${relay.url}/metrics`)).text()
    eve.change(b.documentId, (d) => (d.title = "Signed as Alice"), meta("alice"))
    let counted = false
    for (let i = 0; i < 50 && !counted; i++) {
      counted = /reason="foreign-member"\} [1-9]/.test(await metrics())
      if (!counted) await new Promise((r) => setTimeout(r, 100))
    }
    expect(counted).toBe(true)
    // Under her own name, Eve's change goes through to Alice.
    const eve2 = await peer()
    const eveDevice = await newDevice()
    expect(
      await eve2.authenticate(b.documentId, eveDevice, { link: b.links.edit, member: "eve2" }),
    ).toMatchObject({ step: "granted" })
    eve2.open(b.documentId)
    await waitFor(() => eve2.doc(b.documentId).title === "Plans", "a copy")
    eve2.change(b.documentId, (d) => (d.note = "by eve2"), meta("eve2"))
    await waitFor(() => b.alice.doc(b.documentId).note === "by eve2", "Alice to get it")
    expect(b.alice.doc(b.documentId).title).toBe("Plans")
  })
})
