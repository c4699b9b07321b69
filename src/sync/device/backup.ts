/**
 * Backups of every board on a device, as one JSON file a person can keep anywhere.
 *
 * Format (version 1):
 * ```json
 * {
 *   "format": "baton-backup",
 *   "version": 1,
 *   "exportedAt": "2026-11-25T03:14:00.000Z",
 *   "boards": [
 *     { "documentId": "<automerge document id>", "title": "Launch plan",
 *       "automerge": "<base64 of Automerge.save(doc): the whole document with its history>" }
 *   ]
 * }
 * ```
 * The `automerge` bytes are the complete document, history included, so nothing is lost and
 * a restored board keeps syncing with its other copies. `title` is informational.
 *
 * Import restores every board under its own document id. A board that already exists on the
 * device is merged with the backup (Automerge merge: nothing on either side is lost), never
 * replaced. A file that is not a backup, or from a newer Baton, is refused with a clear
 * message; a damaged board inside a good file is reported and the other boards still import.
 */
import * as A from "@automerge/automerge"
import { isValidDocumentId } from "@automerge/automerge-repo"
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import { findDocument } from "../findDocument"
import { base64ToBytes, bytesToBase64 } from "../storage/base64"

export const BACKUP_FORMAT = "baton-backup"
export const BACKUP_VERSION = 1

export interface BackupBoard {
  documentId: DocumentId
  title: string
  /** Base64 of `Automerge.save(doc)`. */
  automerge: string
}

export interface BatonBackup {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  /** ISO-8601 UTC instant. */
  exportedAt: string
  boards: BackupBoard[]
}

/** A file that cannot be imported at all; `message` is meant for people. */
export class BackupError extends Error {
  override name = "BackupError"
}

/** How long to wait for one board to load (from this device or the relay) when exporting. */
const FIND_TIMEOUT_MS = 15_000

function titleOf(doc: unknown): string {
  const t = (doc as { title?: unknown } | null)?.title
  return typeof t === "string" ? t : ""
}

export interface ExportResult {
  backup: BatonBackup
  /** Boards that could not be loaded (not on this device and no peer had them). */
  missing: DocumentId[]
}

/**
 * Exports the given boards with their full history. A board that cannot be loaded within a
 * timeout is listed in `missing` (the export of the others goes on).
 */
export async function exportBackup(
  repo: Repo,
  documentIds: DocumentId[],
  now: Date,
): Promise<ExportResult> {
  const boards: BackupBoard[] = []
  const missing: DocumentId[] = []
  for (const documentId of documentIds) {
    let handle: DocHandle<unknown>
    try {
      handle = await findDocument<unknown>(repo, documentId, {
        signal: AbortSignal.timeout(FIND_TIMEOUT_MS),
      })
    } catch {
      missing.push(documentId)
      continue
    }
    const doc = handle.doc()
    boards.push({ documentId, title: titleOf(doc), automerge: bytesToBase64(A.save(doc)) })
  }
  return {
    backup: {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: now.toISOString(),
      boards,
    },
    missing,
  }
}

/** The backup as the text of a `.json` file. */
export function serializeBackup(backup: BatonBackup): string {
  return JSON.stringify(backup, null, 1) + "\n"
}

/** A file name such as `baton-backup-2026-11-25-0314.json` (UTC). */
export function backupFileName(now: Date): string {
  const iso = now.toISOString()
  return `baton-backup-${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}.json`
}

/** One board of a parsed backup: its decoded document, or why it cannot be restored. */
export type ParsedBoard =
  | { ok: true; documentId: DocumentId; title: string; bytes: Uint8Array; heads: A.Heads }
  | { ok: false; documentId: string; title: string; reason: string }

export interface ParsedBackup {
  exportedAt: string
  boards: ParsedBoard[]
}

const NOT_A_BACKUP = "This file is not a Baton backup. Choose a file made with “Export all boards”."

/**
 * `parseBackup` once Automerge's WebAssembly is running. In the browser it starts after the
 * page (src/main.tsx); reading a backup before then (on a fresh device, right after opening
 * Baton to restore one) would report every board as damaged.
 */
export async function readBackup(text: string): Promise<ParsedBackup> {
  await A.wasmInitialized()
  return parseBackup(text)
}

/**
 * Reads a backup file's text. Throws `BackupError` when the file as a whole is unusable;
 * damaged boards inside are returned with `ok: false` and a reason. Needs Automerge's
 * WebAssembly running (see `readBackup`).
 */
export function parseBackup(text: string): ParsedBackup {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new BackupError(`${NOT_A_BACKUP} (It is not JSON.)`)
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new BackupError(NOT_A_BACKUP)
  const file = data as Record<string, unknown>
  if (file.format !== BACKUP_FORMAT) throw new BackupError(NOT_A_BACKUP)
  if (typeof file.version !== "number" || !Number.isInteger(file.version) || file.version < 1) {
    throw new BackupError("This Baton backup is damaged: its format version is missing or invalid.")
  }
  if (file.version > BACKUP_VERSION) {
    throw new BackupError(
      `This backup was made by a newer version of Baton (backup format ${file.version}). Update Baton, then import it again.`,
    )
  }
  if (!Array.isArray(file.boards))
    throw new BackupError("This Baton backup is damaged: it has no list of boards.")
  const exportedAt = typeof file.exportedAt === "string" ? file.exportedAt : ""
  const boards: ParsedBoard[] = []
  file.boards.forEach((entry: unknown, index: number) => {
    const b = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>
    const documentId = typeof b.documentId === "string" ? b.documentId : ""
    const title = typeof b.title === "string" ? b.title.slice(0, 500) : ""
    const name = title !== "" ? `“${title}”` : `number ${index + 1}`
    const fail = (reason: string): void => {
      boards.push({
        ok: false,
        documentId,
        title,
        reason: `Board ${name} cannot be restored: ${reason}`,
      })
    }
    if (!isValidDocumentId(documentId)) return fail("its board id is missing or invalid.")
    if (typeof b.automerge !== "string") return fail("its data is missing.")
    let bytes: Uint8Array
    try {
      bytes = base64ToBytes(b.automerge)
    } catch {
      return fail("its data is damaged (not base64).")
    }
    let doc: A.Doc<unknown>
    try {
      doc = A.load<unknown>(bytes)
    } catch {
      return fail("its data is damaged (not a readable Automerge document).")
    }
    const heads = A.getHeads(doc)
    if (heads.length === 0) return fail("its data is empty.")
    boards.push({ ok: true, documentId, title: titleOf(doc) || title, bytes, heads })
  })
  return { exportedAt, boards }
}

export interface ImportResult {
  restored: Array<{ documentId: DocumentId; title: string; mergedWithExisting: boolean }>
  failed: Array<{ documentId: string; title: string; reason: string }>
}

/**
 * Restores every readable board of a parsed backup into the repo under its own document id,
 * merging with a board of the same id already on the device, and writes them to storage.
 */
export async function importBackup(repo: Repo, parsed: ParsedBackup): Promise<ImportResult> {
  const result: ImportResult = { restored: [], failed: [] }
  await A.wasmInitialized()
  for (const board of parsed.boards) {
    if (!board.ok) {
      result.failed.push({ documentId: board.documentId, title: board.title, reason: board.reason })
      continue
    }
    try {
      // Load what this device already has first: importing into a handle that is still
      // loading would let the stored copy replace the imported one in memory.
      const existing = await repo.find<unknown>(board.documentId, {
        allowableStates: ["ready", "unavailable", "requesting"],
      })
      const mergedWithExisting = existing.isReady() && A.getHeads(existing.doc()).length > 0
      // `import` with a document id merges (loadIncremental) into the existing document.
      const handle = repo.import<unknown>(board.bytes, { docId: board.documentId })
      await handle.whenReady()
      const doc = handle.doc()
      if (!A.hasHeads(doc, board.heads))
        throw new Error("the restored board does not contain the backup’s changes")
      await repo.flush([board.documentId])
      result.restored.push({
        documentId: board.documentId,
        title: titleOf(doc) || board.title,
        mergedWithExisting,
      })
    } catch (e) {
      result.failed.push({
        documentId: board.documentId,
        title: board.title,
        reason: `Board “${board.title || board.documentId}” could not be restored: ${e instanceof Error ? e.message : String(e)}`,
      })
    }
  }
  return result
}
