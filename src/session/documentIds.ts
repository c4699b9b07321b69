/** Board ids as links carry them: automerge document ids, checked and read from pasted text. */
import { interpretAsDocumentId, isValidDocumentId } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"

export type BoardId = DocumentId

export function isBoardId(id: string): id is BoardId {
  return isValidDocumentId(id)
}

/** The board id an `automerge:` URL or a bare id names, or `null`. Never throws. */
export function boardIdFromText(text: string): BoardId | null {
  try {
    const id = interpretAsDocumentId(text as Parameters<typeof interpretAsDocumentId>[0])
    return isValidDocumentId(id) ? id : null
  } catch {
    return null
  }
}
