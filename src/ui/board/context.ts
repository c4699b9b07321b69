/** What every component on a board page can reach: the board, who I am, and `act`. */
import { createContext, useContext } from "solid-js"
import type { DocHandle, DocumentId } from "@automerge/automerge-repo"
import { bucketOf } from "../../model/buckets"
import { isModelError } from "../../model/errors"
import { getCard } from "../../model/queries"
import { argsAsOf, runIntent } from "../../model/operations"
import type { OperationArgs, OperationName } from "../../model/operations"
import type { Board, Card, Member } from "../../model/types"
import { changeBoard } from "../../sync/changeBoard"
import { notify } from "../notices"
import type { PendingEdit } from "../store/pendingEdit"

export interface BoardCtx {
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
  /** Whether any filter is active. */
  filtering: () => boolean
}

/** `act`: an operation's name, then its arguments after the document. */
export type Act = <K extends OperationName>(op: K, ...args: OperationArgs<K>) => boolean

/**
 * Takes edits while the document is still loading: applies one to what the board shows and
 * keeps it to run on the document later. Throws what the operation throws.
 */
export type EarlyEdit = (memberId: string, op: OperationName, args: unknown[]) => void

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

/**
 * Edits made many times in a row, by keystroke, whose effect is plain (a text, a card's place):
 * shown at once and written to the document right after the frame (see pendingEdit.ts).
 */
const SHOWN_FIRST: ReadonlySet<OperationName> = new Set<OperationName>([
  "setCardTitle",
  "setCardDescription",
  "moveCard",
])

/**
 * `act` for a board: `handle` returns the document, `null` while it is still loading; edits
 * made meanwhile go to `early`. With `pending`, the edits of `SHOWN_FIRST` are shown first.
 */
export function makeAct(
  handle: () => DocHandle<Board> | null,
  memberId: () => string,
  early: EarlyEdit,
  pending: () => PendingEdit<Board> | null = () => null,
): Act {
  return (op, ...args) => {
    const h = handle()
    try {
      const p = pending()
      if (h === null) early(memberId(), op, args)
      else if (p !== null && SHOWN_FIRST.has(op)) {
        const member = memberId()
        const later = argsAsOf(op, args)
        p.run(
          (d) => runIntent(d, { op, args }),
          () => changeBoard(h, member, op, (d) => runIntent(d, { op, args: later })),
        )
      } else changeBoard(h, memberId(), op, (d) => runIntent(d, { op, args }))
      return true
    } catch (e) {
      reportFailure(e)
      return false
    }
  }
}

/** Tells the person why an edit was not made. */
export function reportFailure(e: unknown): void {
  if (isModelError(e)) {
    notify(e.message, { kind: "error" })
    return
  }
  console.error(e)
  notify(`That did not work: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`, {
    kind: "error",
  })
}
