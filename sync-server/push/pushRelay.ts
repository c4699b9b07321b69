/**
 * Web Push wired into the relay: `GET /push/key` (the VAPID public key), `POST` and `DELETE
 * /push/subscribe` (a member's subscription for a board), the watch on subscribed boards
 * that turns their changes into queued notifications, and the send timer that delivers what
 * the queue releases (working hours, Focusing, Away; a burst as one digest). Everything is
 * kept under `<dataDir>/push/`, so subscriptions and held notifications survive restarts.
 *
 * The relay has no accounts: whoever knows a board's id can read it, so whoever knows it may
 * subscribe a device for one of its members, as any peer could open the board and see the
 * same content.
 */
import { mkdirSync } from "node:fs"
import type { Agent } from "node:https"
import type { IncomingMessage, ServerResponse } from "node:http"
import { join } from "node:path"
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import type { Board } from "../../src/model/types"
import type { Logger } from "../log"
import { pushEvents } from "./pushEvents"
import { PushQueue } from "./pushQueue"
import type { Recipient } from "./pushQueue"
import { sendPush } from "./sendPush"
import { parseSubscribeRequest, SubscriptionStore, subscriptionId } from "./subscriptions"
import { loadOrCreateVapidKeys } from "./vapidKeys"

export interface PushOptions {
  /** VAPID subject (RFC 8292): a `mailto:` or `https:` contact. */
  subject?: string
  /** How often held notifications are looked at. Default 60 s. */
  intervalMs?: number
  /** The clock (tests freeze it). Default `Date.now`. */
  now?: () => number
  /** HTTPS agent for push services (tests: trust a local certificate). */
  agent?: Agent
}

export const MAX_SUBSCRIBE_BYTES = 8 * 1024
const FIND_TIMEOUT_MS = 5000

export interface PushRelay {
  /** Answers `/push/…` requests; false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean
  /** Looks at every subscribed board and sends what may go out now. */
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

export function createPushRelay(
  repo: Repo,
  dataDir: string,
  touch: (documentId: string) => void,
  log: Logger,
  options: PushOptions = {},
): PushRelay {
  const dir = join(dataDir, "push")
  mkdirSync(dir, { recursive: true })
  const keys = loadOrCreateVapidKeys(join(dir, "vapid.json"))
  const queue = new PushQueue(join(dir, "queue.json"))
  const subs = new SubscriptionStore(join(dir, "subscriptions.json"))
  if (queue.damagedFile) log.error("push queue file damaged", { movedTo: queue.damagedFile })
  if (subs.damagedFile) log.error("push subscriptions file damaged", { movedTo: subs.damagedFile })
  const now = options.now ?? Date.now
  const subject = options.subject ?? "mailto:push@baton.invalid"
  const members = new Map<string, Board["members"]>()
  const watched = new WeakSet<DocHandle<Board>>()
  let closed = false

  const findBoard = async (id: string): Promise<Board | null> => {
    let timer: NodeJS.Timeout | undefined
    try {
      touch(id)
      const handle = await Promise.race([
        repo.find<Board>(id as DocumentId),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("timeout")), FIND_TIMEOUT_MS)
        }),
      ])
      watch(handle)
      const doc = handle.doc()
      return typeof doc === "object" && doc !== null ? doc : null
    } catch {
      return null
    } finally {
      clearTimeout(timer)
    }
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
      if (subs.ofBoard(handle.documentId).length > 0) tickSoon(handle.documentId)
    })
  }
  repo.on("document", ({ handle }) => {
    if (subs.ofBoard(handle.documentId).length > 0) watch(handle as DocHandle<Board>)
  })

  const recipientOf = (id: string): Recipient | null => {
    const s = subs.get(id)
    const m = s ? members.get(s.boardId)?.[s.memberId] : undefined
    return m ? { timeZone: m.timeZone, workingHours: m.workingHours, status: m.status } : null
  }

  const collect = (board: Board, boardId: string, t: number): void => {
    members.set(boardId, board.members)
    for (const s of subs.ofBoard(boardId)) {
      const seen = new Set(s.seen)
      const fresh = pushEvents(board, s.memberId, s.topic, t).filter((e) => !seen.has(e.key))
      for (const e of fresh)
        queue.add({
          id: `${s.id}:${e.key}`,
          subscriptionId: s.id,
          boardId,
          cardId: e.cardId,
          topic: e.topic,
          body: e.body,
          at: t,
        })
      subs.markSeen(
        s.id,
        fresh.map((e) => e.key),
      )
    }
  }

  let running: Promise<void> | null = null
  let again: string[] | null = null
  const tickOnce = async (boards: string[]): Promise<void> => {
    for (const boardId of boards) {
      const board = await findBoard(boardId)
      if (board) collect(board, boardId, now())
    }
    for (const message of queue.due(now(), recipientOf)) {
      if (closed) return
      const sub = subs.get(message.subscriptionId)
      if (!sub) continue
      const result = await sendPush(sub, message, keys, {
        subject,
        ...(options.agent ? { agent: options.agent } : {}),
      })
      if (result === "sent") queue.sent(message.ids)
      else if (result === "gone") {
        queue.dropSubscription(sub.id)
        subs.remove(sub.id)
        log.info("push subscription gone", { board: sub.boardId })
      } else log.warn("push delivery failed; kept queued", { board: sub.boardId })
    }
  }
  /** Looks at `only` the boards given (a peer changed them), or at every subscribed board. */
  const tick = (only?: string[]): Promise<void> => {
    const boards = only ?? subs.boards()
    if (running) {
      again = [...new Set([...(again ?? []), ...boards])]
      return running
    }
    running = (async () => {
      try {
        let next: string[] | null = boards
        while (next && !closed) {
          again = null
          await tickOnce(next)
          next = again
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

  const subscribe = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ct = req.headers["content-type"] ?? ""
    const raw = await readBody(req, MAX_SUBSCRIBE_BYTES)
    if (raw === "too-large")
      return reply(res, 413, { error: `The body is larger than ${MAX_SUBSCRIBE_BYTES} bytes.` })
    if (!/^application\/json\b/.test(ct))
      return reply(res, 415, { error: "The body must be application/json." })
    let body: unknown
    try {
      body = JSON.parse(raw.toString("utf8"))
    } catch {
      return reply(res, 400, { error: "The body is not valid JSON." })
    }
    const remove = req.method === "DELETE"
    const p = parseSubscribeRequest(body, remove)
    if (!p.ok) return reply(res, 400, { error: p.error })
    const id = subscriptionId(p.endpoint, p.boardId)
    if (remove) {
      queue.dropSubscription(id)
      return reply(res, subs.remove(id) ? 200 : 404, { removed: id })
    }
    const board = await findBoard(p.boardId)
    if (!board) return reply(res, 404, { error: "This relay does not hold that board." })
    if (!Object.prototype.hasOwnProperty.call(board.members ?? {}, p.memberId))
      return reply(res, 400, { error: "memberId is not a member of that board." })
    const t = now()
    // What is already on the board when subscribing is not news.
    const seen = pushEvents(board, p.memberId, "everything", t).map((e) => e.key)
    subs.put({
      id,
      boardId: p.boardId,
      memberId: p.memberId,
      topic: p.topic,
      endpoint: p.endpoint,
      keys: p.keys,
      createdAt: t,
      seen,
    })
    members.set(p.boardId, board.members)
    return reply(res, 201, { id, topic: p.topic })
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
    },
  }
}
