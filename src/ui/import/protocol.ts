/** Messages between the page and the import worker (see importWorker.ts). */
import type { Board, Card } from "../../model/types"
import type { ImportSummary } from "../../model/import/summary"

export type ToWorker =
  | { type: "plan"; bytes: ArrayBuffer; memberId: string; now: string; zone: string }
  | { type: "send"; cardsPerSlice: number }

export type FromWorker =
  | { type: "summary"; summary: ImportSummary }
  | { type: "error"; message: string }
  /** The board without its cards, then its cards in slices, then `end`. */
  | { type: "skeleton"; board: Board; cards: number }
  | { type: "cards"; cards: Card[] }
  | { type: "end" }
