/**
 * A board the relay holds, for the relay's HTTP features (calendar feeds, push, attachments):
 * `repo.find` bounded in time, so a request never waits on a document nobody has.
 */
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import type { Board } from "../src/model/types"

export const FIND_TIMEOUT_MS = 5000

/** The board's handle, or null when it is not found within `timeoutMs` or is not an object. */
export async function findBoardHandle(
  repo: Repo,
  documentId: string,
  timeoutMs = FIND_TIMEOUT_MS,
): Promise<DocHandle<Board> | null> {
  let timer: NodeJS.Timeout | undefined
  try {
    const handle = await Promise.race([
      repo.find<Board>(documentId as DocumentId),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs)
      }),
    ])
    const doc = handle.doc()
    return typeof doc === "object" && doc !== null ? handle : null
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

/** The board's current document, or null (see `findBoardHandle`). */
export async function findBoard(
  repo: Repo,
  documentId: string,
  timeoutMs = FIND_TIMEOUT_MS,
): Promise<Board | null> {
  return (await findBoardHandle(repo, documentId, timeoutMs))?.doc() ?? null
}
