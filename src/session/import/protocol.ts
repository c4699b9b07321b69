/** Messages between the page and the import worker (see importWorker.ts). */
import type { DocumentId } from "@automerge/automerge-repo"
import type { ImportSummary } from "../../model/import/summary"

export type ToWorker =
  | { type: "plan"; bytes: ArrayBuffer; memberId: string; now: string; zone: string }
  /** Build the board as the new document `documentId` and store it in `database`. */
  | { type: "build"; documentId: DocumentId; database: string }

export type FromWorker =
  | { type: "summary"; summary: ImportSummary }
  | { type: "error"; message: string }
  /** `cards` of `total` cards written into the document; `saving` once all are, while it is stored. */
  | { type: "progress"; cards: number; total: number; saving: boolean }
  /** The board is stored on this device (its document and its render snapshot): open it. */
  | { type: "stored"; documentId: DocumentId; title: string }
