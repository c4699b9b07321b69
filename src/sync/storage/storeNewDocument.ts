/**
 * Stores a document this device has just made (an imported board) as automerge-repo stores a
 * compacted document: one snapshot chunk under `[documentId, "snapshot", headsHash]`. The
 * repo then opens it like any stored board (one `A.load`), instead of taking it in as
 * changes with a patch for every field. Usable off the page's thread (a worker).
 */
import { IndexedDBStorage } from "./IndexedDBStorage"

/** The IndexedDB database the browser's repo keeps its documents in (`createBrowserRepo`). */
export const BOARD_DATABASE = "baton"

/** automerge-repo's name for a snapshot of `heads`: SHA-256 of the heads' text, in hex. */
export async function headsHash(heads: readonly string[]): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(heads.join("")))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * Writes `bytes` (an `A.save` of the whole document, whose heads are `heads`) as the stored
 * copy of the new document `documentId`. Rejects when the browser's storage refuses (e.g. a
 * full disk); then nothing of it is stored.
 */
export async function storeNewDocument(
  documentId: string,
  bytes: Uint8Array,
  heads: readonly string[],
  database: string = BOARD_DATABASE,
): Promise<void> {
  const storage = new IndexedDBStorage(database)
  await storage.save([documentId, "snapshot", await headsHash(heads)], bytes)
}
