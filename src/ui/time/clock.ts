/** The current time as a Solid signal, and the zone a viewer sees times in. */
import type { Accessor } from "solid-js"
import type { DocumentId } from "../../session"
import type { Board } from "../../model/types"
import { boardHash } from "../boardLink"
import { isValidTimeZone } from "../../model/time"
import { now } from "../clock"

/**
 * `Date.now()`, refreshed every 30 s by the one timer every component shares (`ui/clock.ts`):
 * a board shows many deadlines; they must not each run a timer.
 */
export function useNow(): Accessor<number> {
  return now
}

/** The browser's zone (UTC if it cannot tell). */
export function browserZone(): string {
  try {
    const z = Intl.DateTimeFormat().resolvedOptions().timeZone
    return isValidTimeZone(z) ? z : "UTC"
  } catch {
    return "UTC"
  }
}

/** The zone the member chose on the board, else the browser's. */
export function viewerZone(board: Board, memberId: string): string {
  const z = board.members?.[memberId]?.timeZone
  return isValidTimeZone(z) ? z : browserZone()
}

/** `#/b/<board>/c/<card>` */
export function cardHref(documentId: string, cardId: string): string {
  return boardHash(documentId as DocumentId, cardId)
}
