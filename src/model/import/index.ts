/**
 * Importing a board from a file: Trello's JSON export or Baton's own JSON file. `planImport`
 * reads the file's text and returns the new board (a plain object) and the summary to show
 * before anything is created; it throws `ImportError` with a message for the person when
 * the file is not an export, is damaged or cut off.
 */
import { looksLikeBatonExport, planBatonImport } from "../export/batonJson"
import { ImportError, parseJsonFile } from "./errors"
import { looksLikeTrello, planTrelloImport } from "./trello"
import type { ImportOptions, ImportPlan } from "./trello"

export { ImportError, isImportError, parseJsonFile } from "./errors"
export type { ImportErrorKind } from "./errors"
export { planTrelloImport, looksLikeTrello, TRELLO_ACTION_CAP } from "./trello"
export type { ImportOptions, ImportPlan } from "./trello"
export { summaryLines } from "./summary"
export type { ImportSummary } from "./summary"
export { batonColorOfTrello, nearestBatonColor, BATON_COLORS } from "./colors"

/** Reads a file's text: a Trello export or a Baton board file. */
export function planImport(text: string, opts: ImportOptions): ImportPlan {
  const value = parseJsonFile(text)
  if (looksLikeBatonExport(value)) return planBatonImport(value)
  if (looksLikeTrello(value)) return planTrelloImport(value, opts)
  throw new ImportError(
    "not-an-export",
    "This file is neither a Trello board export nor a Baton board file. In Trello: board menu → Print, export and share → Export as JSON.",
  )
}
