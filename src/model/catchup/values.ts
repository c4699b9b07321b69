/**
 * Old and new values of a card for catch-up and card history: the card as it was at some
 * heads (materialised from the document's history, one card at a time) against the card at
 * other heads, reduced to what a person can read at a glance.
 */
import * as A from "@automerge/automerge"
import { plainText } from "../replies/mentions"
import type { Board, Card, ChecklistItem, Comment, Deadline, Id } from "../types"

/** What changed, by kind, in a form short enough to show. */
export type ChangeValues =
  | { kind: "text"; from: string; to: string }
  | { kind: "textDiff"; removed: string; added: string }
  | { kind: "list"; from: Id | null; to: Id }
  | { kind: "deadline"; from: Deadline | null; to: Deadline | null }
  | { kind: "set"; added: Id[]; removed: Id[] }
  | { kind: "checklist"; added: string[]; removed: string[]; done: string[]; undone: string[] }
  | { kind: "flag"; from: boolean; to: boolean }
  | { kind: "comments"; count: number; replies: number; latest: string }

/** The value kinds a card field change maps to. */
export type ValueField =
  | "title"
  | "description"
  | "moved"
  | "deadline"
  | "owners"
  | "labels"
  | "checklist"
  | "urgent"
  | "important"
  | "pinned"
  | "commented"

const SHORT = 80

/** At most `n` characters, with "…" when cut. */
export function short(s: string, n = SHORT): string {
  const t = s.replace(/\s+/g, " ").trim()
  return t.length <= n ? t : `${t.slice(0, n - 1)}…`
}

type CardLike = Partial<Card> & Record<string, unknown>

/**
 * The card `cardId` of `doc` as it was at `heads`, or `null` when it did not exist then.
 * Reads only that card (the object id is the same in every version of the document).
 */
export function cardAt(doc: A.Doc<Board>, card: Card, heads: A.Heads): CardLike | null {
  const id = A.getObjectId(card)
  if (id === null) return null
  try {
    const v = A.getBackend(doc).materialize(id, heads) as CardLike
    return v && typeof v === "object" && Object.keys(v).length > 0 ? v : null
  } catch {
    return null
  }
}

function str(v: unknown): string {
  return typeof v === "string" ? v : ""
}

function keys(v: unknown): Id[] {
  return v && typeof v === "object" ? Object.keys(v as object).sort() : []
}

/** The removed and added middle of two texts (common start and end cut), shortened. */
export function textDiff(before: string, after: string): { removed: string; added: string } {
  let p = 0
  while (p < before.length && p < after.length && before[p] === after[p]) p++
  let s = 0
  while (
    s < before.length - p &&
    s < after.length - p &&
    before[before.length - 1 - s] === after[after.length - 1 - s]
  )
    s++
  return {
    removed: short(before.slice(p, before.length - s)),
    added: short(after.slice(p, after.length - s)),
  }
}

/** Every item of a card's checklists, by id (item ids are unique per card). */
function checklistOf(v: unknown): Map<Id, ChecklistItem> {
  const out = new Map<Id, ChecklistItem>()
  if (!v || typeof v !== "object") return out
  for (const list of Object.values(v as Record<string, { items?: unknown }>)) {
    const items = list && typeof list === "object" ? list.items : undefined
    if (!items || typeof items !== "object") continue
    for (const [id, item] of Object.entries(items as Record<string, ChecklistItem>))
      if (item && typeof item === "object") out.set(id, item)
  }
  return out
}

function deadlineOf(v: unknown): Deadline | null {
  return v && typeof v === "object" ? (v as Deadline) : null
}

/**
 * What `field` went from in `before` to in `after`; `null` when nothing visible changed
 * (e.g. a title edited and edited back). `newComments` lists the comments to summarise for
 * "commented" (those by others, still present).
 */
export function valuesOf(
  field: ValueField,
  before: CardLike | null,
  after: Card,
  members: Board["members"],
  newComments: readonly Comment[] = [],
): ChangeValues | null {
  switch (field) {
    case "title": {
      const from = str(before?.title)
      const to = str(after.title)
      return from === to ? null : { kind: "text", from: short(from), to: short(to) }
    }
    case "description": {
      const from = str(before?.description)
      const to = str(after.description)
      if (from === to) return null
      return { kind: "textDiff", ...textDiff(from, to) }
    }
    case "moved": {
      const from = typeof before?.listId === "string" ? before.listId : null
      return from === after.listId ? null : { kind: "list", from, to: after.listId }
    }
    case "deadline": {
      const from = deadlineOf(before?.deadline)
      const to = deadlineOf(after.deadline)
      return JSON.stringify(from) === JSON.stringify(to) ? null : { kind: "deadline", from, to }
    }
    case "owners":
    case "labels": {
      const was = new Set(keys(before?.[field]))
      const now = new Set(keys(after[field]))
      const added = [...now].filter((k) => !was.has(k))
      const removed = [...was].filter((k) => !now.has(k))
      return added.length + removed.length === 0 ? null : { kind: "set", added, removed }
    }
    case "checklist": {
      const was = checklistOf(before?.checklists)
      const now = checklistOf(after.checklists)
      const out = { kind: "checklist" as const, added: [] as string[], removed: [] as string[] }
      const done: string[] = []
      const undone: string[] = []
      for (const [id, item] of now) {
        const old = was.get(id)
        if (!old) out.added.push(short(str(item.text), 40))
        else if (old.done !== item.done) (item.done ? done : undone).push(short(str(item.text), 40))
      }
      for (const [id, item] of was) if (!now.has(id)) out.removed.push(short(str(item.text), 40))
      const v = { ...out, done, undone }
      return v.added.length + v.removed.length + done.length + undone.length === 0 ? null : v
    }
    case "urgent":
    case "important": {
      const from = before?.[field] === true
      const to = after[field] === true
      return from === to ? null : { kind: "flag", from, to }
    }
    case "pinned": {
      const from = Boolean(before?.pinnedAt)
      const to = Boolean(after.pinnedAt)
      return from === to ? null : { kind: "flag", from, to }
    }
    case "commented": {
      if (newComments.length === 0) return null
      const sorted = [...newComments].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      const latest = sorted[sorted.length - 1]!
      return {
        kind: "comments",
        count: newComments.length,
        replies: newComments.filter((c) => typeof (c as { replyTo?: unknown }).replyTo === "string")
          .length,
        latest: short(plainText(latest.text, members), 60),
      }
    }
  }
}
