/** Why a file cannot be imported: the message is written for the person who chose the file. */
export type ImportErrorKind = "not-json" | "truncated" | "not-an-export" | "malformed" | "too-new"

export class ImportError extends Error {
  readonly kind: ImportErrorKind
  constructor(kind: ImportErrorKind, message: string) {
    super(message)
    this.name = "ImportError"
    this.kind = kind
  }
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError
}

/**
 * Parses the text of a file as JSON, telling a damaged or cut-off file from one that is not
 * JSON at all. A parse error at the very end of the text means the file stops early (an
 * interrupted download); `JSON.parse` says so in different words across engines.
 */
export function parseJsonFile(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed.length === 0) throw new ImportError("not-json", "This file is empty.")
  if (trimmed[0] !== "{" && trimmed[0] !== "[")
    throw new ImportError(
      "not-json",
      "This file is not a JSON export (it does not start like one). Choose the .json file the export gave you.",
    )
  try {
    return JSON.parse(trimmed) as unknown
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const pos = /position (\d+)/.exec(msg)
    const atEnd =
      /end of (JSON|data)|Unterminated|unexpected end/i.test(msg) ||
      (pos !== null && Number(pos[1]) >= trimmed.length - 1)
    if (atEnd)
      throw new ImportError(
        "truncated",
        "This file stops in the middle: it looks cut off (an interrupted download?). Export it again and retry. Nothing was created.",
      )
    throw new ImportError(
      "malformed",
      `This file is damaged: it is not valid JSON (${msg}). Export it again and retry. Nothing was created.`,
    )
  }
}
