/**
 * What the page needs for an import (ImportBoard.tsx): the worker that reads the file and makes
 * the board, and where the new board goes.
 */
import * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { BOARD_DATABASE } from "../../sync/storage/storeNewDocument"

/** The new board: its document id, and the device's storage its document is written to. */
export interface ImportTarget {
  documentId: DocumentId
  database: string
}

/** A fresh document id for a new board, stored where the browser's repo keeps documents. */
export function importTarget(): ImportTarget {
  return {
    documentId: parseAutomergeUrl(generateAutomergeUrl()).documentId,
    database: BOARD_DATABASE,
  }
}

/** Resolves once Automerge's WebAssembly is ready on this page. */
export const automergeReady = (): Promise<void> => A.wasmInitialized()

/** Starts the worker that reads an import file and stores the new board. */
export function startImportWorker(): Worker {
  return new Worker(new URL("./importWorker.ts", import.meta.url), { type: "module" })
}
