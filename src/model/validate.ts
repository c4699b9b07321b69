/** Validation of a document before the app treats it as a board. */
import { walkBoard } from "./shape"
import { BOARD_KIND, SCHEMA_VERSION } from "./types"
import type { Board } from "./types"

/** Why a document cannot be opened as a board; the UI turns it into a message. */
export type BoardError =
  /** Another app's document, or not a document at all. */
  | { kind: "not-a-board" }
  /** Written by a newer Baton: update the app. The document is left untouched. */
  | { kind: "newer-schema"; version: number }
  /** Written by an older Baton: run `migrate` in a change, then validate again. */
  | { kind: "older-schema"; version: number }
  /** A Baton board with a missing or mistyped field; `path` is the first bad field. */
  | { kind: "malformed"; path: string; message: string }

export type BoardValidation = { ok: true; board: Board } | { ok: false; error: BoardError }

/** A sentence for people explaining a `BoardError`. */
export function describeBoardError(error: BoardError): string {
  switch (error.kind) {
    case "not-a-board":
      return "This document is not a Baton board."
    case "newer-schema":
      return `This board was saved by a newer version of Baton (format ${error.version}). Update Baton to open it; nothing was changed.`
    case "older-schema":
      return `This board was saved by an older version of Baton (format ${error.version}) and needs to be upgraded.`
    case "malformed":
      return `This board is damaged (${error.path || "document"}: ${error.message}). Nothing was changed.`
  }
}

/**
 * Checks that `doc` is a schema-1 Baton board. Never throws and never modifies `doc`, whatever
 * it is given (including garbage, hostile getters or another app's document).
 */
export function validateBoard(doc: unknown): BoardValidation {
  try {
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
      return { ok: false, error: { kind: "not-a-board" } }
    const o = doc as Record<string, unknown>
    const kind = Object.prototype.hasOwnProperty.call(o, "kind") ? o.kind : undefined
    if (kind !== BOARD_KIND) return { ok: false, error: { kind: "not-a-board" } }
    const v = Object.prototype.hasOwnProperty.call(o, "schemaVersion") ? o.schemaVersion : 0
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      return {
        ok: false,
        error: { kind: "malformed", path: "schemaVersion", message: "expected an integer" },
      }
    if (v > SCHEMA_VERSION) return { ok: false, error: { kind: "newer-schema", version: v } }
    if (v < SCHEMA_VERSION) return { ok: false, error: { kind: "older-schema", version: v } }
    let first: { path: string; message: string } | null = null
    walkBoard(doc, (_kind, path, message) => {
      first = { path, message }
      return false
    })
    if (first !== null) {
      const f = first as { path: string; message: string }
      return { ok: false, error: { kind: "malformed", path: f.path, message: f.message } }
    }
    return { ok: true, board: doc as Board }
  } catch (e) {
    return {
      ok: false,
      error: {
        kind: "malformed",
        path: "",
        message: e instanceof Error ? e.message : "unreadable",
      },
    }
  }
}
