/**
 * Web Push through the real relay (port 0): a peer edits a board, the relay turns it into a
 * queued notification for the member who subscribed, holds it to their working hours and
 * sends it to the test's own RFC 8291 receiver (testReceiver.ts), which decrypts it.
 */
import { mkdtemp, readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as A from "@automerge/automerge"
import type { DocHandle, Repo } from "@automerge/automerge-repo"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as M from "../../src/model"
import { formatMention } from "../../src/model/replies/mentions"
import { edit, fixtureBoard } from "../../src/model/testkit"
import { makeMember, weekHours } from "../../src/model/time/testing"
import type { Board } from "../../src/model/types"
import { relayOptionsFromEnv } from "../config"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { clientRepo, closeRepos, waitFor, waitUntilRelayHas } from "../testHelpers"
import { newDevice } from "../auth/testPeer"
import type { Device } from "../auth/testPeer"
import { startReceiver } from "./testReceiver"
import { postSubscribe, signedBody } from "./testSigner"
import type { Receiver } from "./testReceiver"

// Kathmandu (UTC+5:45), working 09:00–17:00 Monday to Friday.
const kath = makeMember("kath", "Kath", "Asia/Kathmandu", weekHours(540, 1020))
const working = Date.parse("2026-12-07T05:00:00Z") // Mon 10:45 in Kathmandu
const offWork = Date.parse("2026-12-07T16:15:00Z") // Mon 22:00 in Kathmandu
const nextMorning = Date.parse("2026-12-08T03:15:00Z") // Tue 09:00 in Kathmandu

let receiver: Receiver
let device: Device
let clock = working
const relays: Relay[] = []
const repos: Repo[] = []

beforeAll(async () => {
  receiver = await startReceiver()
  device = await newDevice()
})

afterAll(async () => {
  await closeRepos(...repos)
  for (const r of relays) await r.close()
  await receiver.close()
})

async function startRelay(dataDir: string): Promise<Relay> {
  const relay = await createRelay({
    port: 0,
    dataDir,
    staticDir: null,
    log: () => {},
    push: { now: () => clock, intervalMs: 50, agent: receiver.agent, allowPrivateEndpoints: true },
  })
  relays.push(relay)
  return relay
}

async function sharedBoard(relay: Relay): Promise<{ repo: Repo; handle: DocHandle<Board> }> {
  const repo = clientRepo(relay.url)
  repos.push(repo)
  const doc = edit(fixtureBoard(), (d) => M.joinBoard(d, kath))
  const handle = repo.import<Board>(A.save(doc))
  await waitUntilRelayHas(repo, handle)
  return { repo, handle }
}

/** Signs `request` with the test's device (at the relay's frozen clock) and sends it. */
async function post(relay: Relay, request: unknown, method = "POST"): Promise<Response> {
  if (typeof request === "string" || Array.isArray(request))
    return postSubscribe(relay.url, request, method)
  const body = await signedBody(device, {
    action: method === "DELETE" ? "unsubscribe" : "subscribe",
    at: clock,
    ...(request as Record<string, unknown>),
  })
  return postSubscribe(relay.url, body, method)
}

async function subscribe(relay: Relay, boardId: string, id: string, topic?: string) {
  const res = await post(relay, {
    boardId,
    memberId: "kath",
    ...(topic ? { topic } : {}),
    subscription: receiver.subscription(id),
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

function mention(handle: DocHandle<Board>, commentId: string, cardId = "c1"): void {
  handle.change((d) =>
    M.addComment(d, cardId, {
      id: commentId,
      authorId: "ann",
      text: `Can you look, ${formatMention(kath)}?`,
      now: new Date(clock).toISOString(),
    }),
  )
}

const to = (id: string) => receiver.received.filter((r) => r.id === id)
const settle = () => new Promise((r) => setTimeout(r, 400))

describe("the relay's push endpoints", () => {
  it("give the relay's VAPID key and refuse malformed subscriptions with a clear message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-push-relay-"))
    const relay = await startRelay(dir)
    const { handle } = await sharedBoard(relay)
    const key = (await (await fetch(`${relay.url}/push/key`)).json()) as { publicKey: string }
    const kept = JSON.parse(await readFile(join(dir, "push", "vapid.json"), "utf8")) as {
      publicKey: string
    }
    expect(key.publicKey).toBe(kept.publicKey)

    const good = {
      boardId: handle.documentId,
      memberId: "kath",
      subscription: receiver.subscription("v1"),
    }
    const cases: Array<[unknown, number, RegExp]> = [
      ["{not json", 400, /not valid JSON/],
      [[], 400, /JSON object/],
      [good, 401, /must be signed/],
      [{ ...good, boardId: "../../etc" }, 400, /boardId/],
      [{ ...good, memberId: "nobody" }, 400, /not a member/],
      [{ ...good, topic: "gossip" }, 400, /topic must be one of mentions, replies-due/],
      [
        { ...good, subscription: { ...good.subscription, endpoint: "http://x/" } },
        400,
        /https URL/,
      ],
      [
        {
          ...good,
          subscription: {
            ...good.subscription,
            keys: { p256dh: "AAAA", auth: good.subscription.keys.auth },
          },
        },
        400,
        /p256dh/,
      ],
      [
        {
          ...good,
          subscription: {
            ...good.subscription,
            keys: { p256dh: good.subscription.keys.p256dh, auth: "x" },
          },
        },
        400,
        /auth/,
      ],
      [{ ...good, pad: "x".repeat(10_000) }, 413, /larger than 8192 bytes/],
    ]
    for (const [body, status, message] of cases) {
      const res = body === good ? await postSubscribe(relay.url, good) : await post(relay, body)
      expect(res.status).toBe(status)
      expect(((await res.json()) as { error: string }).error).toMatch(message)
    }
    expect((await post(relay, good)).status).toBe(201)
    expect((await post(relay, good, "DELETE")).status).toBe(200)
    expect((await post(relay, good, "DELETE")).status).toBe(404)
  })
})

describe("switching push off", () => {
  it("PUSH=off leaves the relay without push endpoints or push files", async () => {
    expect(relayOptionsFromEnv({ PUSH: "off" }).push).toBe(false)
    expect(relayOptionsFromEnv({ PUSH_SUBJECT: "mailto:ops@example.org" }).push).toEqual({
      subject: "mailto:ops@example.org",
    })
    const dir = await mkdtemp(join(tmpdir(), "baton-push-relay-"))
    const relay = await createRelay({
      port: 0,
      dataDir: dir,
      staticDir: null,
      log: () => {},
      push: false,
    })
    relays.push(relay)
    expect((await fetch(`${relay.url}/push/key`)).status).toBe(404)
    await expect(readFile(join(dir, "push", "vapid.json"))).rejects.toThrow(/ENOENT/)
  })
})

describe("push from board changes", () => {
  it("a mention written by a peer reaches the mentioned member's endpoint, with the card's title", async () => {
    clock = working
    const relay = await startRelay(await mkdtemp(join(tmpdir(), "baton-push-relay-")))
    const { handle } = await sharedBoard(relay)
    await subscribe(relay, handle.documentId, "m1")
    mention(handle, "q1")
    await waitFor(() => to("m1").length > 0, "the push to arrive")
    const [d] = to("m1")
    expect(d!.error).toBeUndefined()
    expect(d!.payload).toEqual({
      title: "Baton",
      body: 'Member ann mentioned you on "Card c1"',
      boardId: handle.documentId,
      cardId: "c1",
    })
    await settle()
    expect(to("m1")).toHaveLength(1) // further ticks and changes do not repeat it
  })

  it("holds a member off work until their next working hour, across a relay restart", async () => {
    clock = offWork
    const dir = await mkdtemp(join(tmpdir(), "baton-push-relay-"))
    let relay = await startRelay(dir)
    const { handle } = await sharedBoard(relay)
    await subscribe(relay, handle.documentId, "h1")
    mention(handle, "q2")
    const queued = async (): Promise<unknown[]> =>
      JSON.parse(
        await readFile(join(dir, "push", "queue.json"), "utf8").catch(() => "[]"),
      ) as unknown[]
    const deadline = Date.now() + 10_000
    while ((await queued()).length === 0 && Date.now() < deadline) await settle()
    expect(await queued()).toHaveLength(1)
    await settle()
    expect(to("h1")).toEqual([])

    await relay.close()
    clock = nextMorning - 60_000
    relay = await startRelay(dir)
    await settle()
    expect(to("h1")).toEqual([])
    clock = nextMorning
    await waitFor(() => to("h1").length > 0, "the held push at 09:00 in Kathmandu")
    expect(to("h1")[0]!.payload).toMatchObject({
      cardId: "c1",
      body: expect.stringContaining("Card c1"),
    })
    await settle()
    expect(await queued()).toEqual([])
  })

  it("a member who chose mentions only gets no deadline push", async () => {
    clock = working
    const relay = await startRelay(await mkdtemp(join(tmpdir(), "baton-push-relay-")))
    const { handle } = await sharedBoard(relay)
    await subscribe(relay, handle.documentId, "only-mentions", "mentions")
    await subscribe(relay, handle.documentId, "deadlines", "my-deadlines")
    handle.change((d) => {
      M.addOwner(d, "c2", "kath")
      M.setDeadline(d, "c2", {
        kind: "instant",
        at: new Date(clock + 3 * 3600_000).toISOString(),
        zone: "Asia/Kathmandu",
      })
    })
    await waitFor(() => to("deadlines").length > 0, "the deadline push")
    expect(to("deadlines")[0]!.payload).toMatchObject({
      cardId: "c2",
      body: '"Card c2" is due within 24 hours',
    })
    await settle()
    expect(to("only-mentions")).toEqual([])
    // The mentions-only subscription is live: a mention reaches it, and not the other one.
    mention(handle, "q3", "c2")
    await waitFor(() => to("only-mentions").length > 0, "the mention push")
    await settle()
    expect(to("deadlines")).toHaveLength(1)
  })
})

describe("subscribed boards and memory", () => {
  it("a subscribed board is evicted like any other, and loaded again when a deadline push is due", async () => {
    clock = working
    const relay = await createRelay({
      port: 0,
      dataDir: await mkdtemp(join(tmpdir(), "baton-push-relay-")),
      staticDir: null,
      log: () => {},
      docIdleMs: 300,
      push: {
        now: () => clock,
        intervalMs: 50,
        agent: receiver.agent,
        allowPrivateEndpoints: true,
      },
    })
    relays.push(relay)
    const inMemory = async (): Promise<number> =>
      ((await (await fetch(`${relay.url}/healthz`)).json()) as { documentsInMemory: number })
        .documentsInMemory
    const { repo, handle } = await sharedBoard(relay)
    // Kath owns a card due in 30 hours: nothing yet; the board must be looked at again in 6 h.
    handle.change((d) => {
      M.addOwner(d, "c3", "kath")
      M.setDeadline(d, "c3", {
        kind: "instant",
        at: new Date(clock + 30 * 3600_000).toISOString(),
        zone: "Asia/Kathmandu",
      })
    })
    await waitUntilRelayHas(repo, handle)
    await subscribe(relay, handle.documentId, "evict", "my-deadlines")
    const deadline = Date.now() + 15_000
    while ((await inMemory()) > 0 && Date.now() < deadline) await settle()
    expect(await inMemory()).toBe(0) // ticks ran every 50 ms meanwhile, without loading it
    await settle()
    expect(await inMemory()).toBe(0)
    expect(to("evict")).toEqual([])

    clock += 6 * 3600_000 + 60_000 // now within 24 h of the deadline
    await waitFor(() => to("evict").length > 0, "the deadline push once it is due")
    expect(to("evict")[0]!.payload).toMatchObject({
      cardId: "c3",
      body: '"Card c3" is due within 24 hours',
    })
    // Looked at, it leaves memory again.
    const again = Date.now() + 15_000
    while ((await inMemory()) > 0 && Date.now() < again) await settle()
    expect(await inMemory()).toBe(0)
  })
})
