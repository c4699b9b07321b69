/**
 * A board as CSV, one row per card, for spreadsheets (LibreOffice, Excel, Numbers): quoting
 * by papaparse (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes
 * doubled), CRLF line ends, and a byte-order mark so spreadsheet apps read it as UTF-8.
 */
import Papa from "papaparse"
import { checklistProgress } from "../queries"
import type { Board, Id } from "../types"
import { cardRows, deadlineText, labelNames, ownerNames } from "./rows"

export const CSV_COLUMNS = [
  "List",
  "Title",
  "Owners",
  "Labels",
  "Start",
  "Deadline",
  "Done",
  "Urgent",
  "Important",
  "Checklist",
  "Comments",
  "Archived",
  "Link",
] as const

/**
 * Formula-looking text (`=`, `+`, `-`, `@` first) is prefixed with `'` so a spreadsheet shows
 * it instead of running it (CSV injection); the rest is as on the board.
 */
function cell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function exportCsv(board: Board, opts: { cardLink: (cardId: Id) => string }): string {
  const rows = cardRows(board).map(({ card, list, state }) => {
    const p = checklistProgress(card)
    return [
      cell(list?.title ?? ""),
      cell(card.title),
      cell(ownerNames(board, card).join(", ")),
      cell(labelNames(board, card).join(", ")),
      deadlineText(card.start ?? null),
      deadlineText(card.deadline),
      card.done ? "yes" : "no",
      card.urgent ? "yes" : "no",
      card.important ? "yes" : "no",
      p.total === 0 ? "" : `${p.done}/${p.total}`,
      String(Object.keys(card.comments).length),
      state === "open" ? "no" : "yes",
      opts.cardLink(card.id),
    ]
  })
  return `\uFEFF${Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: "\r\n", quotes: false })}\r\n`
}
