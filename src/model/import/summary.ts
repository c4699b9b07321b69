/** What an import will create, shown before anything is created. */
export interface ImportSummary {
  source: "trello" | "baton"
  boardName: string
  lists: number
  archivedLists: number
  cards: number
  archivedCards: number
  checklists: number
  checklistItems: number
  comments: number
  members: number
  labels: number
  attachments: number
  /** What does not come over, each with why. */
  notImported: string[]
  /** What comes over differently or may be missing from the file. */
  warnings: string[]
}

function n(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`
}

/** The summary as lines of plain text (the command line prints these; the page shows them). */
export function summaryLines(s: ImportSummary): string[] {
  const lines = [
    `Board: ${s.boardName}`,
    `${n(s.lists, "list")}${s.archivedLists > 0 ? ` (${s.archivedLists} archived)` : ""}, ${n(s.cards, "card")}${s.archivedCards > 0 ? ` (${s.archivedCards} archived)` : ""}`,
    `${n(s.checklists, "checklist")} with ${n(s.checklistItems, "item")}, ${n(s.comments, "comment")}, ${n(s.attachments, "attachment")} as links`,
    `${n(s.members, "member")}, ${n(s.labels, "label")}`,
  ]
  for (const w of s.warnings) lines.push(`Note: ${w}`)
  if (s.notImported.length > 0) {
    lines.push("Not imported:")
    for (const x of s.notImported) lines.push(`- ${x}`)
  }
  return lines
}
