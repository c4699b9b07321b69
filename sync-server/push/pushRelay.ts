/**
 * Web Push wired into the relay: `GET /push/key` (the VAPID public key), `POST` and `DELETE
 * /push/subscribe` (a device's subscription for a board and member, signed with the device's
 * key: pushRequest.ts), the watch on subscribed boards that turns their changes into queued
 * notifications, and the send timer that delivers what the queue releases (working hours,
 * Focusing, Away; a burst as one digest). The state lives in a PushStore (files under
 * `<dataDir>/push/`, or PostgreSQL), so subscriptions and held notifications survive restarts
 * and relays on one database share them.
 *
 * Who may subscribe (docs/security.md, "Push notifications"):
 * - every request is signed by a device key, made within `requestMaxAgeMs` of the relay's
 *   clock, and its nonce is spent: a replay is refused;
 * - a subscription belongs to the device that signed it: only that device may replace or
 *   remove it;
 * - on a claimed board the device must be registered and not removed, and the member must
 *   be the one whose profile that device created (credit.ts); a profile older than the claim
 *   is bound to no device, and only an editor may subscribe for it;
 * - on an unclaimed board, which any peer may read, any device may subscribe for any member.
 *
 * What is sent follows the same rules at every look: a subscription whose device was removed,
 * or that may no longer read the board, is dropped with one log line and gets nothing more.
 *
 * Boards are not kept in memory for push: a board is looked at when a peer changes it (it is
 * in memory then), and otherwise loaded only when one of its subscriptions is due to wake (a
 * reply turning due, a deadline coming close: `nextEventAt`), so idle subscribed boards are
 * evicted like any other.
 */
import type { Agent } from "node:https"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { DocHandle, Repo } from "@automerge/automerge-repo"
import type { Board, Comment } from "../../src/model/types"
import type { AccessControl } from "../auth/AccessControl"
import { sameBytes, unb64 } from "../auth/crypto"
import type { BoardAccess } from "../auth/types"
import type { Logger } from "../log"
import { findBoardHandle } from "../findBoard"
import { creditedMember, deviceOfMember } from "./credit"
import { guardedAgent } from "./endpointGuard"
import { nextEventAt, pushEvents } from "./pushEvents"
import { dueMessages } from "./pushQueue"
import type { Recipient } from "./pushQueue"
import { DEFAULT_REQUEST_MAX_AGE_MS, verifyPushRequest } from "./pushRequest"
import type { PushAction, Refusal } from "./pushRequest"
import type { PushStore, SubscriptionRecord } from "./PushStore"
import { sendPush } from "./sendPush"
import { subscriptionId } from "./subscriptions"

export interface PushOptions {
  /** VAPID subject (RFC 8292): a `mailto:` or `https:` contact. */
  subject?: string
  /** How often held notifications are looked at. Default 60 s. */
  intervalMs?: number
  /** The clock (tests freeze it). Default `Date.now`. */
  now?: () => number
  /** HTTPS agent for push services (tests: trust a local certificate). */
  agent?: Agent
  /**
   * Accept endpoints on loopback and private addresses (tests and development only: the
   * relay would otherwise post to its own network on a client's say-so). Default false.
   */
  allowPrivateEndpoints?: boolean
  /** How far a signed request's instant may be from the relay's clock. Default 2 minutes. */
  requestMaxAgeMs?: number
  /** Where the push state is kept. Default: files under `dataDir/push` (set by createRelay). */
  store?: PushStore
}

export const MAX_SUBSCRIBE_BYTES = 8 * 1024
/** Most subscriptions one board may have (each device and board is one). */
export const MAX_SUBSCRIPTIONS_PER_BOARD = 500

export interface PushRelay {
  /** Answers `/push/…` requests; false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean
  /** Looks at `only` these boards (or at every board due to wake) and sends what may go out now. */
  tick(only?: string[]): Promise<void>
  close(): Promise<void>
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(text),
  })
  res.end(text)
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on("data", (c: Buffer) => {
      size += c.length
      if (size > limit) over = true
      else chunks.push(c)
    })
    req.on("end", () => resolve(over ? "too-large" : Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined

/**
 * Why `sub` may no longer receive pushes for its board, or null when it may. With `board`,
 * also whether its member is still the device's (credit.ts).
 */
export function mayNotReceive(
  sub: Pick<SubscriptionRecord, "deviceId" | "memberId">,
  record: Readonly<BoardAccess> | undefined,
  board?: Board,
): string | null {
  if (!record) return null // unclaimed: readable by any peer
  if (!sub.deviceId) return "unsigned-subscription"
  const device = own(record.devices, sub.deviceId)
  if (!device) return "not-a-member"
  if (device.removedAt) return "device-removed"
  if (board) {
    const owner = deviceOfMember(board, sub.memberId, record)
    if (owner === null ? device.role !== "edit" : owner !== sub.deviceId) return "not-that-member"
  }
  return null
}

function recipientOfMember(board: Board, memberId: string): Recipient | undefined {
  const m = own(board.members ?? {}, memberId)
  return m ? { timeZone: m.timeZone, workingHours: m.workingHours, status: m.status } : undefined
}

export async function createPushRelay(
  repo: Repo,
  store: PushStore,
  touch: (documentId: string) => void,
  log: Logger,
  access: AccessControl | null,
  options: PushOptions = {},
): Promise<PushRelay> {
  for (const file of store.damaged) log.error("push state file damaged", { movedTo: file })
  const keys = await store.vapidKeys()
  const now = options.now ?? Date.now
  const subject = options.subject ?? "mailto:push@baton.invalid"
  const allowPrivate = options.allowPrivateEndpoints === true
  const maxAgeMs = options.requestMaxAgeMs ?? DEFAULT_REQUEST_MAX_AGE_MS
  const ownAgent = options.agent || allowPrivate ? null : guardedAgent()
  const agent = options.agent ?? ownAgent ?? undefined
  const watched = new WeakSet<DocHandle<Board>>()
  /** Boards with at least one subscription, as of the last look at the store. */
  let subscribed = new Set((await store.subscriptions()).map((s) => s.boardId))
  let closed = false

  const findBoard = async (id: string): Promise<Board | null> => {
    touch(id)
    const handle = await findBoardHandle(repo, id)
    if (handle === null) return null
    watch(handle)
    return handle.doc()
  }

  // A peer's edit to a subscribed board is looked at at once (not only at the next tick).
  let soon: NodeJS.Timeout | null = null
  const changed = new Set<string>()
  const tickSoon = (boardId: string): void => {
    changed.add(boardId)
    if (soon || closed) return
    soon = setTimeout(() => {
      soon = null
      const only = [...changed]
      changed.clear()
      void tick(only)
    }, 50)
  }
  const watch = (handle: DocHandle<Board>): void => {
    if (watched.has(handle)) return
    watched.add(handle)
    handle.on("change", () => {
      if (subscribed.has(handle.documentId)) tickSoon(handle.documentId)
    })
  }
  // Every board is watched (the handler only checks a set): a subscription made through
  // another relay on the same database applies to boards already in memory here.
  repo.on("document", ({ handle }) => watch(handle as DocHandle<Board>))
  for (const handle of Object.values(repo.handles)) watch(handle as DocHandle<Board>)

  const drop = async (sub: SubscriptionRecord, reason: string): Promise<void> => {
    await store.removeSubscription(sub.id)
    log.info("push subscription dropped", { reason })
  }

  const collect = async (
    board: Board,
    boardId: string,
    subs: SubscriptionRecord[],
    t: number,
  ): Promise<void> => {
    const record = access?.recordOf(boardId)
    const authorOf = record
      ? (c: Comment) => creditedMember(board, c, c.authorId, record)
      : undefined
    for (const s of subs) {
      const why = mayNotReceive(s, record, board)
      if (why) {
        await drop(s, why)
        continue
      }
      const events = pushEvents(board, s.memberId, s.topic, t, authorOf)
      await store.enqueueFresh(
        s.id,
        events.map((e) => ({
          key: e.key,
          item: {
            id: `${s.id}:${e.key}`,
            subscriptionId: s.id,
            boardId,
            cardId: e.cardId,
            topic: e.topic,
            body: e.body,
            at: t,
          },
        })),
      )
      const recipient = recipientOfMember(board, s.memberId)
      const wakeAt = nextEventAt(board, s.memberId, s.topic, t)
      if (
        wakeAt !== s.wakeAt ||
        (recipient && JSON.stringify(recipient) !== JSON.stringify(s.recipient))
      )
        await store.updateSubscription(s.id, { wakeAt, ...(recipient ? { recipient } : {}) })
    }
  }

  const deliver = async (): Promise<void> => {
    await store.exclusive(async () => {
      const subs = new Map<string, SubscriptionRecord>()
      for (const s of await store.subscriptions()) {
        const why = mayNotReceive(s, access?.recordOf(s.boardId))
        if (why) await drop(s, why)
        else subs.set(s.id, s)
      }
      const recipientOf = (id: string): Recipient | null => subs.get(id)?.recipient ?? null
      for (const message of dueMessages(await store.queued(), now(), recipientOf)) {
        if (closed) return
        const sub = subs.get(message.subscriptionId)
        if (!sub) continue
        const result = await sendPush(sub, message, keys, {
          subject,
          ...(agent ? { agent } : {}),
        })
        if (result === "sent") await store.sent(message.ids)
        else if (result === "gone") {
          await store.removeSubscription(sub.id)
          log.info("push subscription gone")
        } else log.warn("push delivery failed; kept queued")
      }
    })
  }

  let running: Promise<void> | null = null
  let again: string[] | null = null
  let againAll = false
  const tickOnce = async (only: string[] | null): Promise<void> => {
    const t = now()
    const all = await store.subscriptions()
    subscribed = new Set(all.map((s) => s.boardId))
    const boards = new Map<string, SubscriptionRecord[]>()
    for (const s of all) {
      // Without `only`: the boards whose subscriptions are due to wake (or were never looked at).
      const wanted = only
        ? only.includes(s.boardId)
        : s.wakeAt === undefined || (s.wakeAt !== null && s.wakeAt <= t)
      if (wanted) boards.set(s.boardId, [...(boards.get(s.boardId) ?? []), s])
    }
    for (const [boardId, subs] of boards) {
      if (closed) return
      const board = await findBoard(boardId)
      if (board) await collect(board, boardId, subs, now())
    }
    await deliver()
  }
  /** Looks at `only` the boards given (a peer changed them), or at the boards due to wake. */
  const tick = (only?: string[]): Promise<void> => {
    if (running) {
      if (only) again = [...new Set([...(again ?? []), ...only])]
      else againAll = true
      return running
    }
    running = (async () => {
      try {
        let next: string[] | null = only ?? null
        let first = true
        while (!closed && (first || again || againAll)) {
          if (!first) {
            next = againAll ? null : again
            again = null
            againAll = false
          }
          first = false
          await tickOnce(next)
        }
      } catch (e) {
        log.error("push tick failed", { error: String(e) })
      } finally {
        running = null
      }
    })()
    return running
  }
  const timer = setInterval(() => void tick(), options.intervalMs ?? 60_000)
  timer.unref()
  void tick()

  const refuse = (req: IncomingMessage, res: ServerResponse, r: Refusal): void => {
    log.warn("push subscribe refused", {
      reason: r.reason,
      remote: `${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}`,
    })
    reply(res, r.status, { error: r.error })
  }

  const subscribe = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const no = (status: number, reason: string, error: string) =>
      refuse(req, res, { status, reason, error })
    const ct = req.headers["content-type"] ?? ""
    const raw = await readBody(req, MAX_SUBSCRIBE_BYTES)
    if (raw === "too-large")
      return no(413, "too-large", `The body is larger than ${MAX_SUBSCRIBE_BYTES} bytes.`)
    if (!/^application\/json\b/.test(ct))
      return no(415, "malformed", "The body must be application/json.")
    let body: unknown
    try {
      body = JSON.parse(raw.toString("utf8"))
    } catch {
      return no(400, "malformed", "The body is not valid JSON.")
    }
    const action: PushAction = req.method === "DELETE" ? "unsubscribe" : "subscribe"
    const t = now()
    const v = await verifyPushRequest(body, action, t, { allowPrivate, maxAgeMs })
    if (!v.ok) return refuse(req, res, v)
    const r = v.request
    const record = access?.recordOf(r.boardId)
    if (record) {
      const device = own(record.devices, v.deviceId)
      // The id is a hash of the key; the key itself is compared too, in constant time.
      if (!device || !sameBytes(unb64(device.publicKey), unb64(v.publicKey)))
        return no(403, "not-a-member", "This device is not on that board.")
      if (device.removedAt)
        return no(403, "device-removed", "This device was removed from that board.")
    }
    if (!(await store.spendNonce(`${v.deviceId}:${r.nonce}`, r.at + maxAgeMs)))
      return no(401, "replayed-request", "This request was already used.")
    const id = subscriptionId(r.endpoint, r.boardId)
    const existing = await store.subscription(id)
    if (existing?.deviceId && existing.deviceId !== v.deviceId)
      return no(403, "not-your-subscription", "That subscription belongs to another device.")
    if (action === "unsubscribe") {
      if (!existing) return reply(res, 404, { removed: id })
      await store.removeSubscription(id)
      return reply(res, 200, { removed: id })
    }
    const board = await findBoard(r.boardId)
    if (!board) return no(404, "no-board", "This relay does not hold that board.")
    if (!own(board.members ?? {}, r.memberId))
      return no(400, "not-a-member", "memberId is not a member of that board.")
    if (record && mayNotReceive({ deviceId: v.deviceId, memberId: r.memberId }, record, board))
      return no(403, "not-that-member", "This device does not belong to that member.")
    const onBoard = (await store.subscriptions()).filter((s) => s.boardId === r.boardId)
    if (!existing && onBoard.length >= MAX_SUBSCRIPTIONS_PER_BOARD)
      return no(429, "too-many", "That board has as many subscriptions as the relay keeps.")
    // What is already on the board when subscribing is not news.
    const seen = pushEvents(board, r.memberId, "everything", t).map((e) => e.key)
    const recipient = recipientOfMember(board, r.memberId)
    await store.putSubscription(
      {
        id,
        boardId: r.boardId,
        memberId: r.memberId,
        deviceId: v.deviceId,
        topic: r.topic,
        endpoint: r.endpoint,
        keys: r.keys,
        createdAt: t,
        ...(recipient ? { recipient } : {}),
        wakeAt: nextEventAt(board, r.memberId, r.topic, t),
      },
      seen,
    )
    subscribed.add(r.boardId)
    return reply(res, 201, { id, topic: r.topic })
  }

  return {
    handle(req, res, path) {
      if (path === "/push/key") {
        if (req.method !== "GET") reply(res, 405, { error: "Use GET." })
        else reply(res, 200, { publicKey: keys.publicKey })
        return true
      }
      if (path === "/push/subscribe") {
        if (req.method !== "POST" && req.method !== "DELETE")
          reply(res, 405, { error: "Use POST or DELETE." })
        else
          subscribe(req, res).catch((e: unknown) => {
            log.error("push subscribe failed", { error: String(e) })
            if (!res.headersSent) reply(res, 500, { error: "internal error" })
          })
        return true
      }
      return false
    },
    tick,
    async close() {
      closed = true
      clearInterval(timer)
      if (soon) clearTimeout(soon)
      await running
      ownAgent?.destroy()
      await store.close()
    },
  }
}
