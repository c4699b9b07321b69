/**
 * Removes this device's copy of a board deleted for everyone: its document leaves the device's
 * storage and stops syncing. The relay and other devices are not told (each removes its own).
 */
import type { DocumentId, Repo } from "@automerge/automerge-repo"

export function removeBoardCopy(repo: Repo, documentId: DocumentId): void {
  try {
    repo.delete(documentId)
  } catch (e) {
    // A copy that cannot be removed stays on the device; the board is off the list anyway.
    console.error("Baton: could not remove the board's copy", e)
  }
}
