/**
 * The new board an import fills: the import worker sends the board as a series of Automerge
 * changes, and the page applies each one here on its own turn of the event loop.
 */
import * as A from "@automerge/automerge"
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import type { Board } from "../../model/types"

export interface ImportTarget {
  /** Applies one change from the worker; the board's document exists from the first one on. */
  apply(bytes: Uint8Array): DocumentId
}

export function importTarget(repo: Repo): ImportTarget {
  let handle: DocHandle<Board> | null = null
  return {
    apply(bytes) {
      handle ??= repo.create<Board>()
      handle.update((d) => A.applyChanges(d, [bytes])[0])
      return handle.documentId
    },
  }
}

/** Resolves once Automerge's WebAssembly is ready on this page. */
export const automergeReady = (): Promise<void> => A.wasmInitialized()

/** Starts the worker that reads an import file and builds the board's changes. */
export function startImportWorker(): Worker {
  return new Worker(new URL("./importWorker.ts", import.meta.url), { type: "module" })
}
