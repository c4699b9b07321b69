/**
 * The relay's calendar feeds: `GET /calendar/<documentId>/<secret>.ics` answers with the
 * board's deadlines as iCalendar (see calendar.ts) when the board holds a feed whose hash is
 * the SHA-256 of `<secret>` and which has not been stopped. Every other request (unknown
 * board, wrong or stopped secret, malformed path) gets the same 404, so the answer tells an
 * attacker nothing; the hashes are compared in constant time, all of them every time.
 */
import { createHash, timingSafeEqual } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { isValidDocumentId } from "@automerge/automerge-repo"
import type { DocumentId, Repo } from "@automerge/automerge-repo"
import type { CalendarFeed } from "../src/model/types"
import { boardCalendar } from "./calendar"
import { findBoard } from "./findBoard"
import type { Logger } from "./log"

const PATH = /^\/calendar\/([^/]{1,100})\/([A-Za-z0-9_-]{20,128})\.ics$/

/** SHA-256 of a feed secret, hex: what the board keeps. */
export function feedHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex")
}

/** The live feed whose hash matches, comparing against every feed in constant time. */
export function matchingFeed(feeds: unknown, secret: string): CalendarFeed | null {
  if (typeof feeds !== "object" || feeds === null) return null
  const want = Buffer.from(feedHash(secret), "hex")
  let found: CalendarFeed | null = null
  for (const f of Object.values(feeds as Record<string, unknown>)) {
    if (typeof f !== "object" || f === null) continue
    const feed = f as CalendarFeed
    const hash =
      typeof feed.hash === "string" && /^[0-9a-f]{64}$/.test(feed.hash) ? feed.hash : null
    const have = Buffer.from(hash ?? "0".repeat(64), "hex")
    const same = timingSafeEqual(have, want)
    if (same && hash !== null && feed.stoppedAt === null && found === null) found = feed
  }
  return found
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" })
  res.end("not found")
}

/**
 * The handler for `/calendar/…` paths. `touch` keeps the document's lifecycle informed (so a
 * board opened for a feed is evicted from memory like any other).
 */
export function createCalendarHandler(
  repo: Repo,
  touch: (documentId: string) => void,
  log: Logger,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/"
    const m = PATH.exec(path)
    if (req.method !== "GET" && req.method !== "HEAD") return notFound(res)
    if (m === null || !isValidDocumentId(m[1])) return notFound(res)
    const documentId = m[1] as DocumentId
    const secret = m[2] as string
    touch(documentId)
    const board = await findBoard(repo, documentId)
    const feed = board === null ? null : matchingFeed(board.calendarFeeds, secret)
    if (board === null || feed === null) return notFound(res)
    const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http"
    const host = typeof req.headers.host === "string" ? req.headers.host : "localhost"
    let body: string
    try {
      body = boardCalendar(board, {
        documentId,
        memberId: feed.memberId,
        cardLink: (cardId) => `${proto}://${host}/#/b/${documentId}/c/${cardId}`,
      })
    } catch (e) {
      log.warn("calendar feed failed", { documentId, error: String(e) })
      return notFound(res)
    }
    res.writeHead(200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, max-age=300",
      "Content-Length": Buffer.byteLength(body),
    })
    res.end(req.method === "HEAD" ? undefined : body)
  }
}
