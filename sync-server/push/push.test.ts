/**
 * Relay-side Web Push, tested against a receiving endpoint in the test that implements the
 * push service side of RFC 8030 / RFC 8291: it checks the VAPID JWT (RFC 8292: ES256
 * signature by the relay's public key, audience, expiry) and decrypts the aes128gcm payload
 * (RFC 8188) with the subscription keys the test created. No browser vendor's push service
 * is involved (none is reachable here); see docs/notifications.md.
 */
import type { createECDH } from "node:crypto"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { execFileSync } from "node:child_process"
import { Agent, createServer } from "node:https"
import type { Server } from "node:https"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeMember, weekHours } from "../../src/model/time/testing"
import type { Member } from "../../src/model/types"
import { PushQueue } from "./pushQueue"
import type { Recipient } from "./pushQueue"
import { sendPush } from "./sendPush"
import { loadOrCreateVapidKeys } from "./vapidKeys"
import { checkVapid, decrypt, makeSubscription } from "./testReceiver"

interface Received {
  path: string
  body?: Buffer
  payload?: unknown
  error?: string
  vapidKey?: string
  ttl?: string
}

let server: Server
let origin = ""
let agent: Agent
const received: Received[] = []
const subscribers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>()
const goneIds = new Set<string>()

beforeAll(async () => {
  // Push services speak HTTPS only (web-push refuses anything else): a throwaway certificate.
  const dir = mkdtempSync(join(tmpdir(), "baton-tls-"))
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  )
  const cert = readFileSync(join(dir, "cert.pem"))
  agent = new Agent({ ca: cert })
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const id = (req.url ?? "").split("/").pop() ?? ""
      const r: Received = { path: req.url ?? "", body: Buffer.concat(chunks) }
      received.push(r)
      if (goneIds.has(id)) {
        res.writeHead(410).end()
        return
      }
      try {
        if (req.method !== "POST") throw new Error("not a POST")
        if (req.headers["content-encoding"] !== "aes128gcm") throw new Error("not aes128gcm")
        r.vapidKey = checkVapid(req.headers.authorization, origin, Date.now())
        r.ttl = String(req.headers.ttl)
        const s = subscribers.get(id)
        if (!s) throw new Error("unknown subscription")
        r.payload = JSON.parse(decrypt(Buffer.concat(chunks), s.ecdh, s.auth))
        res.writeHead(201).end()
      } catch (e) {
        r.error = (e as Error).message
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const a = server.address()
  origin = `https://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
})

function subscribe(id: string) {
  const s = makeSubscription(`${origin}/push/${id}`, id)
  subscribers.set(id, { ecdh: s.ecdh, auth: s.auth })
  return s.sub
}

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
    const sub = subscribe("s1")
    expect(await sendPush(sub, message, keys, { subject: "mailto:relay@example.org", agent })).toBe(
      "sent",
    )
    const r = received.at(-1)!
    expect(r.error).toBeUndefined()
    expect(r.vapidKey).toBe(keys.publicKey)
    expect(r.payload).toEqual({
      title: "Baton",
      body: 'Ana mentioned you on "Write post"',
      boardId: "b1",
      cardId: "c1",
    })
    // Another subscription's keys cannot read it.
    const other = makeSubscription(`${origin}/push/s1`, "s1")
    expect(() => decrypt(r.body!, other.ecdh, other.auth)).toThrow()
  })

  it("sends no board content for a board encrypted end to end", async () => {
    const sub = subscribe("s2")
    await sendPush(sub, { ...message, subscriptionId: "s2" }, keys, {
      subject: "mailto:relay@example.org",
      encrypted: true,
      agent,
    })
    expect(received.at(-1)!.payload).toEqual({
      title: "Baton",
      body: "Something changed on a board",
      boardId: null,
      cardId: null,
    })
  })

  it("reports a subscription the push service no longer has (410) as gone", async () => {
    const sub = subscribe("s3")
    goneIds.add("s3")
    expect(await sendPush(sub, message, keys, { subject: "mailto:relay@example.org", agent })).toBe(
      "gone",
    )
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
    const sub = subscribe("k1")
    expect(await sendPush(sub, m!, keys, { subject: "mailto:relay@example.org", agent })).toBe(
      "sent",
    )
    q.sent(m!.ids)
    expect(new PushQueue(file).size).toBe(0)
    expect(received.at(-1)!.payload).toMatchObject({ cardId: "c1" })
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
