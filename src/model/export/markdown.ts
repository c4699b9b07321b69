/**
 * A board as a Markdown document to read: lists as sections, each card with its details,
 * description, checklists as task lists and comments. Text from the board is data: `&`, `<`
 * and `>` are written as entities so no Markdown viewer renders it as HTML.
 */
import { checklistItems, checklistsOf, commentsOf } from "../queries"
import type { Board, Id } from "../types"
import { cardRows, commentText, deadlineText, labelNames, ownerNames } from "./rows"

function inert(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
}
/** One line of text: line breaks become spaces; leading Markdown markers are escaped. */
function line(text: string): string {
  return inert(text.replace(/\s*[\r\n]+\s*/g, " ")).replace(/^([#>*+\-=|`]|\d+\.)/, "\\$1")
}

export function exportMarkdown(board: Board, opts: { cardLink: (cardId: Id) => string }): string {
  const out: string[] = [`# ${line(board.title)}`, ""]
  let current: string | null = null
  for (const { card, list, state } of cardRows(board)) {
    const listId = list?.id ?? ""
    if (listId !== current) {
      current = listId
      out.push(`## ${line(list?.title ?? "")}${list?.archived ? " (archived list)" : ""}`, "")
    }
    out.push(`### ${line(card.title)}${state === "archived" ? " (archived)" : ""}`, "")
    const facts: string[] = []
    const owners = ownerNames(board, card)
    if (owners.length > 0) facts.push(`Owners: ${line(owners.join(", "))}`)
    const labels = labelNames(board, card)
    if (labels.length > 0) facts.push(`Labels: ${line(labels.join(", "))}`)
    if (card.start !== undefined && card.start !== null)
      facts.push(`Start: ${deadlineText(card.start)}`)
    if (card.deadline !== null) facts.push(`Deadline: ${deadlineText(card.deadline)}`)
    if (card.done) facts.push("Done")
    if (card.urgent) facts.push("Urgent")
    if (card.important) facts.push("Important")
    facts.push(`[Open in Baton](${opts.cardLink(card.id)})`)
    out.push(...facts.map((f) => `- ${f}`), "")
    if (card.description.trim() !== "") out.push(inert(card.description.trim()), "")
    for (const cl of checklistsOf(card)) {
      out.push(`**${line(cl.name)}**`, "")
      for (const it of checklistItems(card, cl))
        out.push(`- [${it.done ? "x" : " "}] ${line(it.text)}`)
      out.push("")
    }
    const comments = commentsOf(card)
    if (comments.length > 0) {
      out.push("**Comments**", "")
      for (const c of comments) {
        const who = board.members[c.authorId]?.name ?? "Someone"
        out.push(`> ${line(who)}, ${c.createdAt}:`)
        for (const l of commentText(board, c.text).split(/\r?\n/)) out.push(`> ${inert(l)}`)
        out.push("")
      }
    }
  }
  return `${out.join("\n").trimEnd()}\n`
}
