/**
 * Push subscriptions from the attacker's side, against the real relay on port 0: a claimed
 * board (editor, a member who joined through the edit link, a viewer) built with peers that
 * speak the protocol by hand (auth/testPeer.ts), and subscribe requests signed (or not) as a
 * modified client would. Each refusal is one log line. Then what is sent: a removed device
 * gets nothing more, and a mention is credited to the member whose device wrote it.
 */
import type * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { lookup } from "node:dns"
import type { LookupAddress } from "node:dns"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as M from "../../src/model"
import { formatMention } from "../../src/model/replies/mentions"
import { fixtureBoard } from "../../src/model/testkit"
import { makeMember } from "../../src/model/time/testing"
import type { Board } from "../../src/model/types"
import { hashOf, newDevice, newSecret, TestPeer } from "../auth/testPeer"
import type { Device } from "../auth/testPeer"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { waitFor } from "../testHelpers"
import { endpointProblem, guardedLookup, isReservedAddress } from "./endpointGuard"
import { startReceiver } from "./testReceiver"
import type { Receiver } from "./testReceiver"
import { postSubscribe, signedBody as signedAt } from "./testSigner"

// Kath and Ann (the fixture's) both work 09:00-17:00 in Paris; the relay's clock is Monday 10:00 there.
const kath = makeMember("kath", "Kath", "Europe/Paris")
const clock = Date.parse("2026-12-07T09:00:00Z")

let dir: string
let relay: Relay
let receiver: Receiver
const logs: Record<string, unknown>[] = []
const peers: TestPeer[] = []

beforeAll(async () => {
  receiver = await startReceiver()
  dir = await mkdtemp(join(tmpdir(), "baton-push-sec-"))
  relay = await createRelay({
    port: 0,
    dataDir: dir,
    staticDir: null,
    logLevel: "info",
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    push: { now: () => clock, intervalMs: 50, agent: receiver.agent, allowPrivateEndpoints: true },
  })
})

afterAll(async () => {
  for (const p of peers) p.close()
  await relay.close()
  await receiver.close()
  await rm(dir, { recursive: true, force: true })
})

async function peer(): Promise<TestPeer> {
  const p = new TestPeer(relay.url)
  peers.push(p)
  return p.join()
}

type Doc = A.Doc<Record<string, unknown>>

interface Claimed {
  documentId: string
  editor: TestPeer
  editorDevice: Device
  member: TestPeer
  memberDevice: Device
  viewerDevice: Device
}

/**
 * The fixture board (members ann and bob, made by the editor's device) claimed by an editor;
 * Kath's device joins through the edit link and adds her profile; a viewer joins.
 */
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

  const memberDevice = await newDevice()
  const member = await peer()
  expect(await member.authenticate(documentId, memberDevice, { link: links.edit })).toMatchObject({
    step: "granted",
    role: "edit",
  })
  member.open(documentId)
  await waitFor(() => Boolean(member.doc(documentId).members), "the member's copy")
  member.change(documentId, (d) => M.joinBoard(d as unknown as Board, kath))
  await waitFor(
    () => Boolean((editor.doc(documentId) as unknown as Board).members?.kath),
    "Kath's profile at the editor",
  )

  const viewerDevice = await newDevice()
  const viewer = await peer()
  expect(await viewer.authenticate(documentId, viewerDevice, { link: links.view })).toMatchObject({
    step: "granted",
    role: "view",
  })
  viewer.close()
  return { documentId, editor, editorDevice, member, memberDevice, viewerDevice }
}

/** A request signed at the relay's clock. */
const signedBody = (
  device: Device,
  request: Record<string, unknown>,
  options: { signer?: Device } = {},
) => signedAt(device, { at: clock, ...request }, options)

const refusals = (reason: string): number =>
  logs.filter((l) => l.msg === "push subscribe refused" && l.reason === reason).length

/** Sends `body` and checks the status and that exactly one refusal with `reason` was logged. */
async function refused(
  body: unknown,
  status: number,
  reason: string,
  method = "POST",
): Promise<void> {
  const before = logs.filter((l) => l.msg === "push subscribe refused").length
  const own = refusals(reason)
  const res = await postSubscribe(relay.url, body, method)
  expect(res.status, await res.clone().text()).toBe(status)
  expect(((await res.json()) as { error: string }).error).toMatch(/\w/)
  expect(refusals(reason) - own).toBe(1)
  expect(logs.filter((l) => l.msg === "push subscribe refused").length - before).toBe(1)
}

const subscribeRequest = (boardId: string, memberId: string, id: string) => ({
  action: "subscribe",
  boardId,
  memberId,
  topic: "mentions",
  subscription: receiver.subscription(id),
})

describe("who may subscribe on a claimed board", () => {
  let board: Claimed
  beforeAll(async () => {
    board = await claimedBoard()
  })

  it("refuses unsigned requests, a key that did not sign, replays and stale requests", async () => {
    const request = subscribeRequest(board.documentId, "kath", "sec-1")
    // Unsigned, as before subscribing was signed.
    await refused(
      { boardId: board.documentId, memberId: "kath", subscription: request.subscription },
      401,
      "unsigned",
    )
    // Signed by another key than the one presented (the member's).
    await refused(
      await signedBody(board.memberDevice, request, { signer: await newDevice() }),
      401,
      "bad-signature",
    )
    // A valid request, then the same bytes again.
    const valid = await signedBody(board.memberDevice, request)
    expect((await postSubscribe(relay.url, valid)).status).toBe(201)
    await refused(valid, 401, "replayed-request")
    // Made ten minutes ago.
    await refused(
      await signedBody(board.memberDevice, { ...request, at: clock - 600_000 }),
      401,
      "stale-request",
    )
    // A signed unsubscribe is not a subscribe (the action is signed).
    await refused(
      await signedBody(board.memberDevice, { ...request, action: "unsubscribe" }),
      400,
      "malformed",
    )
  })

  it("refuses a device that is not on the board, a viewer subscribing for a member, and a member's device for another member", async () => {
    await refused(
      await signedBody(await newDevice(), subscribeRequest(board.documentId, "kath", "sec-2")),
      403,
      "not-a-member",
    )
    await refused(
      await signedBody(board.viewerDevice, subscribeRequest(board.documentId, "kath", "sec-3")),
      403,
      "not-that-member",
    )
    // Ann's profile is the editor's device's; Kath's device may not take her notifications.
    await refused(
      await signedBody(board.memberDevice, subscribeRequest(board.documentId, "ann", "sec-4")),
      403,
      "not-that-member",
    )
    // The editor's device may subscribe for Ann, whose profile it made.
    const ok = await postSubscribe(
      relay.url,
      await signedBody(board.editorDevice, subscribeRequest(board.documentId, "ann", "sec-5")),
    )
    expect(ok.status).toBe(201)
  })

  it("lets only the device that subscribed remove or replace its subscription", async () => {
    const request = subscribeRequest(board.documentId, "kath", "sec-6")
    expect(
      (await postSubscribe(relay.url, await signedBody(board.memberDevice, request))).status,
    ).toBe(201)
    const removal = {
      action: "unsubscribe",
      boardId: board.documentId,
      subscription: { endpoint: request.subscription.endpoint },
    }
    await refused(
      await signedBody(board.editorDevice, removal),
      403,
      "not-your-subscription",
      "DELETE",
    )
    const mine = await postSubscribe(
      relay.url,
      await signedBody(board.memberDevice, removal),
      "DELETE",
    )
    expect(mine.status).toBe(200)
  })
})

describe("what is sent follows the board's roles", () => {
  it("credits a mention to the member whose device wrote it, and a removed device gets nothing more", async () => {
    const board = await claimedBoard()
    const sub = async (device: Device, memberId: string, id: string): Promise<void> => {
      const res = await postSubscribe(
        relay.url,
        await signedBody(device, subscribeRequest(board.documentId, memberId, id)),
      )
      expect(res.status, await res.clone().text()).toBe(201)
    }
    await sub(board.memberDevice, "kath", "roles-kath")
    await sub(board.editorDevice, "ann", "roles-ann")
    const to = (id: string) => receiver.received.filter((r) => r.id === id)

    // Kath's device writes a comment that claims to be Bob's and mentions Ann.
    board.member.change(board.documentId, (d) =>
      M.addComment(d as unknown as Board, "c1", {
        id: "forged",
        authorId: "bob",
        text: `Look, ${formatMention({ id: "ann", name: "Member ann" } as never)}`,
        now: new Date(clock).toISOString(),
      }),
    )
    await waitFor(() => to("roles-ann").length > 0, "the push to Ann")
    expect(to("roles-ann")[0]!.payload).toMatchObject({ body: 'Kath mentioned you on "Card c1"' })

    // The editor removes Kath's device; a mention of Kath is then not sent to it.
    const before = board.editor.received.length
    board.editor.send(
      board.editor.frame(board.documentId, {
        type: "baton-auth",
        step: "remove-device",
        deviceId: board.memberDevice.deviceId,
      }),
    )
    await board.editor.next(before, (m) => m.step === "device-removed")
    board.editor.change(board.documentId, (d) =>
      M.addComment(d as unknown as Board, "c2", {
        id: "after-removal",
        authorId: "ann",
        text: `Can you look, ${formatMention(kath)}?`,
        now: new Date(clock).toISOString(),
      }),
    )
    await waitFor(
      () =>
        logs.some((l) => l.msg === "push subscription dropped" && l.reason === "device-removed"),
      "the removed device's subscription to be dropped",
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(to("roles-kath")).toEqual([])
    await refused(
      await signedBody(board.memberDevice, subscribeRequest(board.documentId, "kath", "again")),
      403,
      "device-removed",
    )
  })
})

describe("hostile endpoints", () => {
  it("are refused with a message and one log line each, on a relay without the test option", async () => {
    const lines: Record<string, unknown>[] = []
    const strict = await createRelay({
      port: 0,
      dataDir: await mkdtemp(join(tmpdir(), "baton-push-sec-")),
      staticDir: null,
      logLevel: "info",
      log: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    })
    try {
      const device = await newDevice()
      const good = receiver.subscription("hostile")
      const hostile = [
        "http://push.example.org/x",
        "https://user:secret@push.example.org/x",
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://localhost/x",
        "https://push.localhost./x",
        "https://169.254.169.254/latest/meta-data",
        "https://10.1.2.3/x",
        "https://192.168.1.1/x",
        "https://[fd00::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://2130706433/x",
        "https://intranet/x",
        `https://push.example.org/${"x".repeat(2100)}`,
      ]
      for (const endpoint of hostile) {
        const before = lines.length
        const res = await postSubscribe(
          strict.url,
          await signedBody(device, {
            action: "subscribe",
            boardId: parseAutomergeUrl(generateAutomergeUrl()).documentId,
            memberId: "kath",
            subscription: { ...good, endpoint },
          }),
        )
        expect(res.status, endpoint).toBe(400)
        expect(((await res.json()) as { error: string }).error).toMatch(/subscription\.endpoint/)
        const added = lines.slice(before).filter((l) => l.msg === "push subscribe refused")
        expect(added.map((l) => l.reason)).toEqual(["hostile-endpoint"])
      }
    } finally {
      await strict.close()
    }
  })

  it("names that resolve to private addresses are refused when the message is sent", async () => {
    expect(endpointProblem("https://updates.push.services.mozilla.com/wpush/v2/x")).toBeNull()
    expect(isReservedAddress("8.8.8.8")).toBe(false)
    expect(isReservedAddress("::ffff:10.0.0.1")).toBe(true)
    const resolveTo = (address: string, family: number): typeof lookup =>
      ((_h: string, _o: unknown, cb: (e: null, a: LookupAddress[]) => void) =>
        cb(null, [{ address, family }])) as unknown as typeof lookup
    const result = (address: string, family: number) =>
      new Promise<string>((resolve) =>
        guardedLookup(
          "push.example.org",
          {},
          (err, a) => resolve(err ? String(err.code) : String(a)),
          resolveTo(address, family),
        ),
      )
    expect(await result("127.0.0.1", 4)).toBe("EPUSHPRIVATE")
    expect(await result("fe80::1", 6)).toBe("EPUSHPRIVATE")
    expect(await result("93.184.216.34", 4)).toBe("93.184.216.34")
  })
})
