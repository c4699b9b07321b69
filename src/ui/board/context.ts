/** What every component on a board page can reach: the board, who I am, and `act`. */
import { createContext, useContext } from "solid-js"
import { bucketOf } from "../../model/buckets"
import { getCard } from "../../model/queries"
import type { Board, Card, Member } from "../../model/types"
import { failureMessage } from "../../session"
import type { Act, BoardSession, DocHandle, DocumentId, Repo } from "../../session"
import { notify } from "../notices"

export interface BoardCtx {
  /** The board's session: its phase, its document, every edit (see `openBoard`). */
  session: BoardSession
  /** Reactive mirror of the board. */
  board: Board
  /** The live document; `null` while a saved snapshot is shown read-only. */
  readonly handle: DocHandle<Board> | null
  /**
   * The live document for extensions (toolbar items, card badges, dialog sections): set once
   * the page is idle after the board became editable, so they never delay opening it.
   */
  readonly extensionHandle: DocHandle<Board> | null
  documentId: DocumentId
  memberId: () => string
  /** My member profile, once I joined. */
  me: () => Member | undefined
  /** The zone times are shown in: mine, else the browser's. */
  viewerZone: () => string
  /** Ids of the visible cards of a list, in order (fine-grained: only changes on moves). */
  cardIds: (listId: string) => readonly string[]
  /**
   * The visible cards of a list, in order, as the board holds them: the placement hint for
   * edits that put a card in that list (no lookup per card).
   */
  cardsIn: (listId: string) => readonly Card[]
  /**
   * Runs a model operation (by name, see `OPERATIONS`) as one change attributed to me. A
   * refused operation (`ModelError`) is shown to the person; returns whether the edit was made.
   */
  act: Act
  /** Ids of the cards of a list that pass the active filters, in order. */
  shownCardIds: (listId: string) => readonly string[]
  /** Opens the card dialog (`null` closes it). */
  openCard: (cardId: string | null, section?: string) => void
  /** Opens the keyboard "Move…" dialog for a card. */
  moveDialog: (cardId: string) => void
  /** Opens "Copy…" (to this board or another) or "Move to another board…" for a card. */
  copyDialog: (cardId: string, mode: "copy" | "move") => void
  /** The device's repo: other boards on this device are opened through it (their own session). */
  repo: Repo
  /** The board's template cards (not archived), oldest first: offered by "Add a card". */
  templates: () => Card[]
  /** Whether any filter is active. */
  filtering: () => boolean
}

export type { Act }

export const BoardContext = createContext<BoardCtx>()

/**
 * `getCard` on the reactive board that also notices the card arriving later (e.g. when the
 * live document replaces an older snapshot while the card's dialog is open): `getCard` checks
 * for an own property, which the store does not track, so the card's slot is read as well.
 */
export function watchCard(board: Board, cardId: string): Card | undefined {
  void board.cardBuckets[bucketOf(cardId)]?.[cardId]
  return getCard(board, cardId)
}

export function useBoard(): BoardCtx {
  const ctx = useContext(BoardContext)
  if (ctx === undefined) throw new Error("useBoard outside a board page")
  return ctx
}

/** Tells the person why an edit was not made. */
export function reportFailure(e: unknown): void {
  notify(failureMessage(e), { kind: "error" })
}
