/**
 * Card filters, kept in the URL query of the board route (`?q=…&owner=me&label=…&due=…`):
 * free text over titles and descriptions, owner ("me" or a member id, "none"), label id, and
 * due ("overdue", "week", "none"). Filters combine with AND.
 */
import type { Board, Card } from "../../model/types"
import { resolveDeadline } from "../../model/time"
import { matchesPriority } from "../../model/time/work"

export type DueFilter = "overdue" | "week" | "none" | ""

export interface Filters {
  q: string
  owner: string
  label: string
  due: DueFilter
  /** `urgent=1`: only urgent cards. */
  urgent: boolean
  /** `important=1`: only important cards. */
  important: boolean
}

export const NO_FILTERS: Filters = {
  q: "",
  owner: "",
  label: "",
  due: "",
  urgent: false,
  important: false,
}

export function filtersFromQuery(query: URLSearchParams): Filters {
  const due = query.get("due") ?? ""
  return {
    q: (query.get("q") ?? "").slice(0, 200),
    owner: query.get("owner") ?? "",
    label: query.get("label") ?? "",
    due: due === "overdue" || due === "week" || due === "none" ? due : "",
    urgent: query.get("urgent") === "1",
    important: query.get("important") === "1",
  }
}

export function filtersToQuery(f: Filters): string {
  const q = new URLSearchParams()
  if (f.q !== "") q.set("q", f.q)
  if (f.owner !== "") q.set("owner", f.owner)
  if (f.label !== "") q.set("label", f.label)
  if (f.due !== "") q.set("due", f.due)
  if (f.urgent) q.set("urgent", "1")
  if (f.important) q.set("important", "1")
  const s = q.toString()
  return s === "" ? "" : `?${s}`
}

export function isFiltering(f: Filters): boolean {
  return (
    f.q.trim() !== "" || f.owner !== "" || f.label !== "" || f.due !== "" || f.urgent || f.important
  )
}

const WEEK = 7 * 24 * 3600 * 1000

/** Whether a card passes every active filter. `me` is the viewer's member id. */
export function cardMatches(
  card: Card,
  f: Filters,
  board: Board,
  me: string,
  now: number,
): boolean {
  if (f.owner !== "") {
    const owners = Object.keys(card.owners)
    if (
      f.owner === "none" ? owners.length > 0 : card.owners[f.owner === "me" ? me : f.owner] !== true
    )
      return false
  }
  if (f.label !== "" && card.labels[f.label] !== true) return false
  if (!matchesPriority(card, { urgent: f.urgent, important: f.important })) return false
  if (f.due !== "") {
    if (f.due === "none") {
      if (card.deadline !== null) return false
    } else {
      const r = resolveDeadline(card, board.members)
      if (r === null || card.done) return false
      if (f.due === "overdue" && !(r.at < now)) return false
      if (f.due === "week" && !(r.at >= now && r.at <= now + WEEK)) return false
    }
  }
  const q = f.q.trim().toLocaleLowerCase()
  if (q !== "") {
    const words = q.split(/\s+/)
    const text = `${card.title}\n${card.description}`.toLocaleLowerCase()
    if (!words.every((w) => text.includes(w))) return false
  }
  return true
}
