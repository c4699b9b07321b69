/** Messages between the page and the import worker (see importWorker.ts). */
import type { ImportSummary } from "../../model/import/summary"

export type ToWorker =
  | { type: "plan"; bytes: ArrayBuffer; memberId: string; now: string; zone: string }
  | { type: "build"; cardsPerChange: number }

export type FromWorker =
  | { type: "summary"; summary: ImportSummary }
  | { type: "error"; message: string }
  /**
   * One Automerge change of the new board (the first holds the board without its cards,
   * each next one `cards` more cards), out of `total` cards; then `end`.
   */
  | { type: "change"; bytes: Uint8Array; cards: number; total: number; title: string }
  | { type: "end" }
