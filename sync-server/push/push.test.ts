/**
 * Relay-side Web Push, tested against a receiving endpoint in the test that implements the
 * push service side of RFC 8030 / RFC 8291: it checks the VAPID JWT (RFC 8292: ES256
 * signature by the relay's public key, audience, expiry) and decrypts the aes128gcm payload
 * (RFC 8188) with the subscription keys the test created. No browser vendor's push service
 * is involved (none is reachable here); see docs/notifications.md.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeMember, weekHours } from "../../src/model/time/testing"
import type { Member } from "../../src/model/types"
import { PushQueue } from "./pushQueue"
import type { Recipient } from "./pushQueue"
import { sendPush } from "./sendPush"
import { loadOrCreateVapidKeys } from "./vapidKeys"
import { decrypt, makeSubscription, startReceiver } from "./testReceiver"
import type { Receiver } from "./testReceiver"

let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
})

afterAll(() => receiver.close())

describe("VAPID keys", () => {
  it("are generated once, kept, and a damaged key file is refused with a message", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-vapid-"))
    const file = join(dir, "vapid.json")
    const a = loadOrCreateVapidKeys(file)
    const b = loadOrCreateVapidKeys(file)
    expect(b).toEqual(a)
    expect(Buffer.from(a.publicKey, "base64url")).toHaveLength(65)
    writeFileSync(file, "{not json")
    expect(() => loadOrCreateVapidKeys(file)).toThrow(/damaged; restore it from a backup/)
  })
})

describe("sending", () => {
  const dir = mkdtempSync(join(tmpdir(), "baton-push-"))
  const keys = loadOrCreateVapidKeys(join(dir, "vapid.json"))
  const message = {
    subscriptionId: "s1",
    title: "Baton",
    body: 'Ana mentioned you on "Write post"',
    boardId: "b1",
    cardId: "c1",
    ids: ["n1"],
  }

  it("signs with the relay's VAPID key and encrypts so only the subscription can read it", async () => {
    const sub = receiver.stored("s1")
    expect(
      await sendPush(sub, message, keys, {
        subject: "mailto:relay@example.org",
        agent: receiver.agent,
      }),
    ).toBe("sent")
    const r = receiver.received.at(-1)!
    expect(r.error).toBeUndefined()
    expect(r.vapidKey).toBe(keys.publicKey)
    expect(r.payload).toEqual({
      title: "Baton",
      body: 'Ana mentioned you on "Write post"',
      boardId: "b1",
      cardId: "c1",
    })
    // Another subscription's keys cannot read it.
    const other = makeSubscription(`${receiver.origin}/push/s1`, "s1")
    expect(() => decrypt(r.body!, other.ecdh, other.auth)).toThrow()
  })

  it("sends no board content for a board encrypted end to end", async () => {
    const sub = receiver.stored("s2")
    await sendPush(sub, { ...message, subscriptionId: "s2" }, keys, {
      subject: "mailto:relay@example.org",
      encrypted: true,
      agent: receiver.agent,
    })
    expect(receiver.received.at(-1)!.payload).toEqual({
      title: "Baton",
      body: "Something changed on a board",
      boardId: null,
      cardId: null,
    })
  })

  it("reports a subscription the push service no longer has (410) as gone", async () => {
    const sub = receiver.stored("s3")
    receiver.gone.add("s3")
    expect(
      await sendPush(sub, message, keys, {
        subject: "mailto:relay@example.org",
        agent: receiver.agent,
      }),
    ).toBe("gone")
  })
})

describe("the queue, held to working hours", () => {
  // Kathmandu (UTC+5:45), working 09:00–17:00 Monday to Friday.
  const kath: Member = makeMember("kath", "Kath", "Asia/Kathmandu", weekHours(540, 1020))
  const offWork = Date.parse("2026-12-07T16:15:00Z") // Mon 22:00 in Kathmandu
  const nextMorning = Date.parse("2026-12-08T03:15:00Z") // Tue 09:00 in Kathmandu

  it("holds a notification for a member off work until their next working hour, across a restart", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "baton-queue-")), "queue.json")
    let q = new PushQueue(file)
    const who = (): Recipient => kath
    q.add({
      id: "n1",
      subscriptionId: "k1",
      boardId: "b1",
      cardId: "c1",
      topic: "mentions",
      body: 'Ana mentioned you on "Write post"',
      at: offWork,
    })
    expect(q.due(offWork, who)).toEqual([])
    expect(q.nextAt(offWork, who)).toBe(nextMorning)
    // The relay restarts: the queue is read back from disk.
    q = new PushQueue(file)
    expect(q.size).toBe(1)
    expect(q.due(nextMorning - 1, who)).toEqual([])
    const [m] = q.due(nextMorning, who)
    expect(m).toMatchObject({
      subscriptionId: "k1",
      body: 'Ana mentioned you on "Write post"',
      cardId: "c1",
    })
    const keys = loadOrCreateVapidKeys(join(mkdtempSync(join(tmpdir(), "baton-v-")), "v.json"))
    const sub = receiver.stored("k1")
    expect(
      await sendPush(sub, m!, keys, { subject: "mailto:relay@example.org", agent: receiver.agent }),
    ).toBe("sent")
    q.sent(m!.ids)
    expect(new PushQueue(file).size).toBe(0)
    expect(receiver.received.at(-1)!.payload).toMatchObject({ cardId: "c1" })
  })

  it("holds while focusing or away until further notice; a burst goes out as one digest", () => {
    const file = join(mkdtempSync(join(tmpdir(), "baton-queue-")), "queue.json")
    const q = new PushQueue(file)
    for (const [id, board] of [
      ["a", "b1"],
      ["b", "b1"],
      ["c", "b2"],
    ] as const)
      q.add({
        id,
        subscriptionId: "k2",
        boardId: board,
        cardId: "x",
        topic: "everything",
        body: id,
        at: offWork,
      })
    const at = nextMorning + 3_600_000
    expect(q.due(at, () => ({ ...kath, status: { kind: "focusing" } }))).toEqual([])
    expect(q.due(at, () => ({ ...kath, status: { kind: "away", until: null } }))).toEqual([])
    expect(q.due(at, () => kath)).toEqual([
      {
        subscriptionId: "k2",
        title: "Baton",
        body: "3 updates on 2 boards",
        boardId: null,
        cardId: null,
        ids: ["a", "b", "c"],
      },
    ])
  })

  it("moves a damaged queue file aside and says where, instead of losing it silently", () => {
    const file = join(mkdtempSync(join(tmpdir(), "baton-queue-")), "queue.json")
    writeFileSync(file, "[{broken")
    const q = new PushQueue(file)
    expect(q.size).toBe(0)
    expect(q.damagedFile).toMatch(/queue\.json\.damaged-\d+$/)
    expect(readFileSync(q.damagedFile!, "utf8")).toBe("[{broken")
  })
})
