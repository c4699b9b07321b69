/** The current time as a Solid signal, and the zone a viewer sees times in. */
import { createRoot, createSignal } from "solid-js"
import type { Accessor } from "solid-js"
import type { DocumentId } from "../../session"
import type { Board } from "../../model/types"
import { boardHash } from "../boardLink"
import { isValidTimeZone } from "../../model/time"

let shared: Accessor<number> | undefined

/**
 * `Date.now()`, refreshed every 30 s by ONE timer shared by every component (a board shows
 * many deadlines; they must not each run a timer).
 */
export function useNow(): Accessor<number> {
  if (shared === undefined) {
    shared = createRoot(() => {
      const [now, setNow] = createSignal(Date.now())
      setInterval(() => setNow(Date.now()), 30_000)
      return now
    })
  }
  return shared
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
