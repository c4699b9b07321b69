/**
 * The port between a board session and its document: what the session needs of it, and no
 * more. A `DocHandle` implements it (`handleBoardDoc`); so does an in-memory document for
 * tests (`memoryBoardDoc`). The session never reaches past this interface into the repo.
 */
import type * as A from "@automerge/automerge"
import type { Board } from "../model/types"

/** Who made a change and which operation it was (the Automerge change message). */
export interface ChangeMeta {
  memberId: string
  op: string
}

/** One change of the document, local or from a peer: its patches and the document after it. */
export interface BoardChange {
  patches: A.Patch[]
  doc: A.Doc<Board>
}

export interface BoardDoc {
  readonly documentId: string
  /** The document as it is now. */
  doc(): A.Doc<Board>
  /**
   * Applies `fn` as one change carrying `meta` as its message. What `fn` throws propagates and
   * nothing is committed.
   */
  change(fn: (doc: Board) => void, meta: ChangeMeta): void
  /** Calls `listener` after every change (local or remote); returns what unsubscribes it. */
  on(event: "change", listener: (change: BoardChange) => void): () => void
}
