/**
 * Baton's own board file (`docs/formats.md`): the board's content as readable JSON (not
 * Automerge bytes) inside an envelope with a format name and a version. Importing it makes a
 * new board equal to the exported one (same lists, cards, ids and history-free content).
 */
import { migrate, schemaVersionOf } from "../migrations"
import type { Board, IsoInstant } from "../types"
import { SCHEMA_VERSION } from "../types"
import { validateBoard, describeBoardError } from "../validate"
import { ImportError } from "../import/errors"
import type { ImportSummary } from "../import/summary"

export const BATON_EXPORT_FORMAT = "baton/board-export"
/** The version of the envelope; the board inside carries its own `schemaVersion`. */
export const BATON_EXPORT_VERSION = 1

export interface BatonExport {
  format: typeof BATON_EXPORT_FORMAT
  version: number
  exportedAt: IsoInstant
  board: Board
}

/** A plain deep copy of a board (from an Automerge document, a Solid store or a plain object). */
export function plainBoard(board: Board): Board {
  return JSON.parse(JSON.stringify(board)) as Board
}

/** The board as Baton's JSON file. */
export function exportBatonJson(board: Board, now: IsoInstant): BatonExport {
  return {
    format: BATON_EXPORT_FORMAT,
    version: BATON_EXPORT_VERSION,
    exportedAt: now,
    board: plainBoard(board),
  }
}

/** True when the value is (or claims to be) Baton's JSON file. */
export function looksLikeBatonExport(v: unknown): boolean {
  return (
    typeof v === "object" &&
    v !== null &&
    (v as Record<string, unknown>).format === BATON_EXPORT_FORMAT
  )
}

/** Counts for the summary shown before an import (plain reads: this also runs in a worker). */
export function summarizeBoard(board: Board, source: ImportSummary["source"]): ImportSummary {
  const lists = Object.values(board.lists).filter((l) => !l.deleted)
  let cards = 0
  let archivedCards = 0
  let checklists = 0
  let items = 0
  let comments = 0
  for (const bucket of Object.values(board.cardBuckets))
    for (const c of Object.values(bucket)) {
      cards++
      if (c.archived) archivedCards++
      for (const cl of Object.values(c.checklists)) {
        checklists++
        items += Object.keys(cl.items).length
      }
      comments += Object.keys(c.comments).length
    }
  return {
    source,
    boardName: board.title,
    lists: lists.length,
    archivedLists: lists.filter((l) => l.archived).length,
    cards,
    archivedCards,
    checklists,
    checklistItems: items,
    comments,
    members: Object.keys(board.members).length,
    labels: Object.values(board.labels).filter((l) => !l.deleted).length,
    attachments: 0,
    notImported: [],
    warnings: [],
  }
}

/**
 * Reads Baton's JSON file: checks the envelope, brings an older board up to the current
 * schema, and validates it. Throws `ImportError` with a message for the person otherwise.
 */
export function planBatonImport(input: unknown): { board: Board; summary: ImportSummary } {
  if (!looksLikeBatonExport(input))
    throw new ImportError("not-an-export", "This is not a Baton board file.")
  const o = input as Record<string, unknown>
  if (typeof o.version !== "number" || !Number.isInteger(o.version) || o.version < 1)
    throw new ImportError("malformed", "This Baton board file has no readable version.")
  if (o.version > BATON_EXPORT_VERSION)
    throw new ImportError(
      "too-new",
      `This board file was written by a newer Baton (file version ${o.version}); update Baton to import it.`,
    )
  const raw = o.board
  if (typeof raw !== "object" || raw === null)
    throw new ImportError("malformed", "This Baton board file holds no board.")
  const board = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>
  const v = schemaVersionOf(board)
  if (v > SCHEMA_VERSION)
    throw new ImportError(
      "too-new",
      `This board was saved by a newer Baton (format ${v}); update Baton to import it.`,
    )
  try {
    if (v < SCHEMA_VERSION) migrate(board)
  } catch (e) {
    throw new ImportError("malformed", e instanceof Error ? e.message : String(e))
  }
  // A copy exported from a board deleted for everyone becomes a board to work on again.
  delete board.deleted
  const result = validateBoard(board)
  if (!result.ok)
    throw new ImportError(
      "malformed",
      `This Baton board file is damaged: ${describeBoardError(result.error)}. Nothing was created.`,
    )
  return {
    board: board as unknown as Board,
    summary: summarizeBoard(board as unknown as Board, "baton"),
  }
}
