/**
 * A board session's documents from an automerge-repo `Repo`: found on this device or through
 * the relay, waited for while unavailable, with what the device knows of damaged copies.
 */
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import type { Board } from "../model/types"
import { hasDamage, takeDamage } from "../sync/storage/damagedDocuments"
import { findDocument } from "../sync/findDocument"
import { firstLoadIfNew } from "../sync/snapshotFirstLoad"
import { readStoredDocumentEarly } from "../sync/repo"
import { boardFirstFrameDrawn } from "../sync/startAutomerge"
import { readSnapshot, snapshotSaver } from "../sync/storage/snapshotCache"
import { handleBoardDoc } from "./changeBoard"
import type { BoardSource, SnapshotStore } from "./openBoard"

export function repoSource(repo: Repo): BoardSource {
  return {
    async findBoard(documentId, { signal, onUnavailable, onPreview }) {
      // Whatever was shown from the snapshot is drawn: Automerge may compile now.
      boardFirstFrameDrawn()
      // A device with nothing of the board gets it as one snapshot from the relay, if it can.
      await firstLoadIfNew(repo, documentId, {
        onPreview: onPreview && ((p) => onPreview(p.board, p.heads)),
      })
      signal?.throwIfAborted()
      const h: DocHandle<Board> = await findDocument<Board>(repo, documentId as DocumentId, {
        allowableStates: ["ready", "unavailable"],
        signal,
      })
      if (h.isUnavailable()) {
        onUnavailable()
        await h.whenReady(["ready"], { signal })
      }
      return handleBoardDoc(h)
    },
    readEarly: (documentId) => readStoredDocumentEarly(repo, documentId as DocumentId),
    damage: (documentId) => takeDamage(documentId),
    hasDamage: (documentId) => hasDamage(documentId),
  }
}

/** The device's render snapshots in IndexedDB (none outside a browser). */
export const browserSnapshots: SnapshotStore | null =
  typeof indexedDB === "undefined" || typeof document === "undefined"
    ? null
    : { read: readSnapshot, saver: (take) => snapshotSaver(take) }
