/** Catch-up items and their values as short English phrases (dates in the viewer's locale). */
import { formatDate, formatDateTime } from "../time/format"
import type { FormatOptions } from "../time/format"
import { parseDate } from "../time/zone"
import type { Deadline, Id, TimeZone } from "../types"
import type { CatchUpItem } from "./catchUp"
import type { ChangeValues } from "./values"

export interface Names {
  member(id: Id): string
  list(id: Id): string
  label(id: Id): string
}

/** A deadline as the viewer reads it: "Fri 11 Dec" or "Fri 11 Dec, 17:00"; "none". */
export function deadlineText(
  d: Deadline | null,
  zone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string {
  if (!d) return "none"
  if (d.kind === "date") {
    const w = parseDate(d.date)
    return w === null ? d.date : formatDate(w, "UTC", now, opts)
  }
  const at = Date.parse(d.at)
  return Number.isFinite(at) ? formatDateTime(at, zone, now, opts) : d.at
}

const q = (s: string): string => `“${s}”`

const PLAIN: Partial<Record<CatchUpItem["kind"], string>> = {
  created: "created the card",
  completed: "marked it done",
  reopened: "reopened it",
  archived: "archived it",
  restored: "restored it",
  assigned: "assigned you",
  title: "edited the title",
  description: "edited the description",
  moved: "moved it",
  deadline: "changed the deadline",
  owners: "changed the owners",
  labels: "changed the labels",
  checklist: "changed the checklist",
  urgent: "changed urgent",
  important: "changed important",
  pinned: "changed the pin",
  commented: "commented",
}

/** What an item did, with its values when known, e.g. "renamed it: “a” → “b”". */
export function describeItem(
  item: Pick<CatchUpItem, "kind" | "count" | "listId">,
  v: ChangeValues | null,
  names: Names,
  zone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string {
  if (v === null) {
    if (item.kind === "moved" && item.listId) return `moved it to ${names.list(item.listId)}`
    if (item.kind === "commented")
      return item.count > 1 ? `wrote ${item.count} comments` : "commented"
    return PLAIN[item.kind] ?? item.kind
  }
  switch (v.kind) {
    case "text":
      return `renamed it: ${q(v.from)} → ${q(v.to)}`
    case "textDiff": {
      const parts: string[] = []
      if (v.removed) parts.push(`removed ${q(v.removed)}`)
      if (v.added) parts.push(`added ${q(v.added)}`)
      return `edited the description: ${parts.join(", ")}`
    }
    case "list":
      return v.from === null
        ? `moved it to ${names.list(v.to)}`
        : `moved it from ${names.list(v.from)} to ${names.list(v.to)}`
    case "deadline":
      return `changed the deadline: ${deadlineText(v.from, zone, now, opts)} → ${deadlineText(v.to, zone, now, opts)}`
    case "set": {
      const name = item.kind === "labels" ? names.label : names.member
      const what = item.kind === "labels" ? "label" : "owner"
      if (item.kind === "assigned" && v.added.length === 1 && v.removed.length === 0)
        return "assigned you"
      const parts: string[] = []
      if (v.added.length) parts.push(`added ${what} ${v.added.map(name).join(", ")}`)
      if (v.removed.length) parts.push(`removed ${what} ${v.removed.map(name).join(", ")}`)
      return parts.join("; ")
    }
    case "checklist": {
      const parts: string[] = []
      if (v.added.length) parts.push(`added ${v.added.map(q).join(", ")}`)
      if (v.done.length) parts.push(`checked ${v.done.map(q).join(", ")}`)
      if (v.undone.length) parts.push(`unchecked ${v.undone.map(q).join(", ")}`)
      if (v.removed.length) parts.push(`removed ${v.removed.map(q).join(", ")}`)
      return `checklist: ${parts.join("; ")}`
    }
    case "flag": {
      const what = item.kind === "pinned" ? "pinned" : item.kind
      if (item.kind === "pinned") return v.to ? "pinned it" : "unpinned it"
      return v.to ? `marked it ${what}` : `unmarked ${what}`
    }
    case "comments": {
      const n =
        v.count === 1
          ? v.replies === 1
            ? "replied"
            : "commented"
          : `wrote ${v.count} comments${v.replies ? ` (${v.replies} ${v.replies === 1 ? "reply" : "replies"})` : ""}`
      return `${n}: ${q(v.latest)}`
    }
  }
}
