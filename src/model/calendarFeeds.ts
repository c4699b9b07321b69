/** Calendar feed operations: create a feed of the board's deadlines, stop one. */
import { ModelError } from "./errors"
import type { Board, Id, IsoInstant } from "./types"
import { argId, argNow } from "./values"

/**
 * Adds a calendar feed whose secret hashes to `hash` (SHA-256, hex), of every deadline
 * (`memberId: null`) or of one member's cards. Concurrency: feeds created by two peers at
 * once both exist (distinct ids).
 */
export function addCalendarFeed(
  doc: Board,
  args: { id: Id; hash: string; memberId: Id | null; createdBy: Id; now: IsoInstant },
): void {
  const id = argId(args.id, "calendar feed")
  const now = argNow(args.now)
  const createdBy = argId(args.createdBy, "member")
  if (typeof args.hash !== "string" || !/^[0-9a-f]{64}$/.test(args.hash))
    throw new ModelError("invalid-argument", "A calendar feed needs the SHA-256 of its secret.")
  const memberId = args.memberId === null ? null : argId(args.memberId, "member")
  if (typeof doc.calendarFeeds !== "object" || doc.calendarFeeds === null)
    throw new ModelError("not-allowed", "This board needs an upgrade before it can have feeds.")
  if (Object.prototype.hasOwnProperty.call(doc.calendarFeeds, id))
    throw new ModelError("already-exists", `A calendar feed with id ${id} already exists.`)
  doc.calendarFeeds[id] = {
    id,
    hash: args.hash,
    memberId,
    createdBy,
    createdAt: now,
    stoppedAt: null,
  }
}

/**
 * Stops a feed for good: the relay no longer serves it (a new feed has a new secret).
 * Concurrency: stopping wins; two stops keep one of the two times.
 */
export function stopCalendarFeed(doc: Board, feedId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const feed =
    doc.calendarFeeds !== undefined &&
    Object.prototype.hasOwnProperty.call(doc.calendarFeeds, feedId)
      ? doc.calendarFeeds[feedId]
      : undefined
  if (feed === undefined) throw new ModelError("not-found", "This calendar feed does not exist.")
  if (feed.stoppedAt === null) feed.stoppedAt = t
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const calendarFeedOperations = {
  addCalendarFeed,
  stopCalendarFeed,
} as const
