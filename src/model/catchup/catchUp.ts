/**
 * "Since you were last here": what OTHER members changed on a board since this member last
 * looked, from the document's history.
 *
 * The device remembers, per member and board, the heads the member last saw. Every change
 * not in their ancestry (`A.getChangesSince`) is new to the member — including changes made
 * offline days ago on another device and merged in just now. Only those changes are decoded
 * (never the whole history), so the cost follows what happened, not the board's age.
 *
 * Each item is one card and one kind of change (every kind a card has: created, title,
 * description, list, deadline, owners, labels, checklist, urgent, important, pinned, done and
 * reopened, archived and restored, comments and replies), with everyone (but the viewer) who
 * did it and the time of the latest such change. Items are checked against the current board:
 * cards deleted since are left out; "completed", "reopened", "archived", "restored" and
 * "assigned to me" only show when still true now; a comment only counts while it exists;
 * "moved" names the card's list now. What the viewer did themselves is left out.
 *
 * `CatchUpTracker.values(item)` gives the old and new value (the card as the viewer last saw
 * it against now), read only for the items shown. Items can be marked read per card
 * (`markCardRead`): they stay hidden until another change reaches that card.
 */
import * as A from "@automerge/automerge"
import { getCard } from "../queries"
import type { Board, Card, Id } from "../types"
import { ObjIndex, causalOrder, roleInDocument } from "./objects"
import type { CardEvent } from "./objects"
import { cardAt, valuesOf } from "./values"
import type { ChangeValues, ValueField } from "./values"

export type CatchUpKind =
  | "created"
  | "moved"
  | "completed"
  | "reopened"
  | "archived"
  | "restored"
  | "commented"
  | "deadline"
  | "assigned"
  | "owners"
  | "title"
  | "description"
  | "labels"
  | "checklist"
  | "urgent"
  | "important"
  | "pinned"

export interface CatchUpItem {
  cardId: Id
  kind: CatchUpKind
  /** Card title now. */
  title: string
  /** Members who did it (never the viewer), sorted. `null` stands for a change without author. */
  by: Array<Id | null>
  /** Epoch ms of the latest change of this kind on this card. */
  at: number
  /** Number of comments for "commented", else 1. */
  count: number
  /** For "moved": the list the card is in now. */
  listId?: Id
  /** Hashes of the changes behind this item (for marking it read per card). */
  changes: string[]
}

/** The items of one card, newest card first (see `groupByCard`). */
export interface CatchUpCard {
  cardId: Id
  title: string
  at: number
  items: CatchUpItem[]
}

/** Items grouped by card: cards by their latest change, newest first; items keep their order. */
export function groupByCard(items: readonly CatchUpItem[]): CatchUpCard[] {
  const by = new Map<Id, CatchUpCard>()
  for (const item of items) {
    let g = by.get(item.cardId)
    if (!g) {
      g = { cardId: item.cardId, title: item.title, at: item.at, items: [] }
      by.set(item.cardId, g)
    }
    g.items.push(item)
    g.at = Math.max(g.at, item.at)
  }
  return [...by.values()].sort((a, b) => b.at - a.at || a.cardId.localeCompare(b.cardId))
}

export interface CatchUp {
  /** "first-visit": nothing remembered; "unknown-heads": the remembered heads are not in this document. */
  status: "ok" | "first-visit" | "unknown-heads"
  items: CatchUpItem[]
  /** Heads to remember once the member has seen the items ("mark all as read"). */
  heads: A.Heads
  /** Changes read so far (all authors). */
  changesRead: number
}

const HEAD = /^[0-9a-f]{64}$/

/** Accepts remembered heads only if they look like change hashes (storage may be corrupt). */
export function isHeads(v: unknown): v is A.Heads {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.length < 1000 &&
    v.every((h) => typeof h === "string" && HEAD.test(h))
  )
}

const ORDER: CatchUpKind[] = [
  "assigned",
  "created",
  "title",
  "moved",
  "completed",
  "reopened",
  "archived",
  "restored",
  "deadline",
  "urgent",
  "important",
  "pinned",
  "owners",
  "labels",
  "checklist",
  "description",
  "commented",
]

function kindOf(ev: CardEvent, me: Id): CatchUpKind | null {
  switch (ev.kind) {
    case "created":
    case "moved":
    case "completed":
    case "reopened":
    case "archived":
    case "restored":
    case "commented":
    case "deadline":
    case "title":
    case "description":
    case "checklist":
    case "urgent":
    case "important":
      return ev.kind
    case "pinned":
    case "unpinned":
      return "pinned"
    case "label-added":
    case "label-removed":
      return "labels"
    case "owner-added":
      return ev.key === me ? "assigned" : "owners"
    case "owner-removed":
      return "owners"
    default:
      return null
  }
}

/** Item kinds whose old and new values `valuesOf` reads. */
const VALUE_FIELD: Partial<Record<CatchUpKind, ValueField>> = {
  title: "title",
  description: "description",
  moved: "moved",
  deadline: "deadline",
  owners: "owners",
  assigned: "owners",
  labels: "labels",
  checklist: "checklist",
  urgent: "urgent",
  important: "important",
  pinned: "pinned",
  commented: "commented",
}

interface Pending {
  cardId: Id
  kind: CatchUpKind
  at: number
  comments: Set<string>
  authors: Set<Id | null>
  changes: Set<string>
}

/** Above this many changes to read at once, the tracker indexes the whole board first. */
const BULK_CHANGES = 64

/**
 * Catch-up kept up to date as the document changes: the first `update` reads every change
 * since `lastSeen`; later ones read only the changes added since the previous call. Keep one
 * per open board and viewer.
 */
export class CatchUpTracker {
  private index: ObjIndex | null = null
  /** Whether the whole board has been indexed (see BULK_CHANGES). */
  private indexed = false
  /** The document of the latest `update`, where objects not learnt from history are looked up. */
  private doc: A.Doc<Board> | null = null
  private readHeads: A.Heads | null = null
  private readonly pending = new Map<string, Pending>()
  private readonly createdByOthers = new Set<Id>()
  private read = 0
  private status: CatchUp["status"] = "ok"
  /** The heads the member last saw: old values are read there. */
  private readonly seenHeads: A.Heads | null = null
  /** Cards as the member last saw them, read when first needed. */
  private readonly before = new Map<Id, ReturnType<typeof cardAt>>()
  /** Per card, the changes whose items the member marked read. */
  private readonly readChanges = new Map<Id, Set<string>>()

  constructor(
    private readonly memberId: Id,
    lastSeen: unknown,
    cardsRead: unknown = {},
  ) {
    if (isHeads(lastSeen)) {
      this.readHeads = [...lastSeen]
      this.seenHeads = [...lastSeen]
    } else this.status = "first-visit"
    if (cardsRead && typeof cardsRead === "object")
      for (const [cardId, hashes] of Object.entries(cardsRead as Record<string, unknown>))
        if (Array.isArray(hashes))
          this.readChanges.set(
            cardId,
            new Set(hashes.filter((h): h is string => typeof h === "string")),
          )
  }

  /** Hides the card's items until another change reaches it. Returns what to remember. */
  markCardRead(item: Pick<CatchUpItem, "cardId">, items: readonly CatchUpItem[]): string[] {
    const set = this.readChanges.get(item.cardId) ?? new Set<string>()
    for (const i of items) if (i.cardId === item.cardId) for (const h of i.changes) set.add(h)
    this.readChanges.set(item.cardId, set)
    return [...set]
  }

  /** Cards marked read (card id → change hashes), to keep on the device with the heads. */
  cardsRead(): Record<Id, string[]> {
    const out: Record<Id, string[]> = {}
    for (const [k, v] of this.readChanges) out[k] = [...v]
    return out
  }

  /** The card as the member last saw it (`null`: it did not exist then), read once. */
  private beforeOf(doc: A.Doc<Board>, card: Card): ReturnType<typeof cardAt> {
    let before = this.before.get(card.id)
    if (before === undefined) {
      before =
        this.createdByOthers.has(card.id) || this.seenHeads === null
          ? null
          : cardAt(doc, card, this.seenHeads)
      this.before.set(card.id, before)
    }
    return before
  }

  /**
   * The old and new value behind an item (the card as the member last saw it against now),
   * `null` for kinds without one (created, done, archived…) or when nothing visible changed.
   */
  values(item: CatchUpItem): ChangeValues | null {
    const field = VALUE_FIELD[item.kind]
    const doc = this.doc
    if (!field || doc === null || this.seenHeads === null) return null
    const card = getCard(doc, item.cardId)
    if (!card) return null
    const before = this.beforeOf(doc, card)
    const p = this.pending.get(`${item.cardId}\u0000${item.kind}`)
    const comments = [...(p?.comments ?? [])]
      .map((id) => card.comments?.[id])
      .filter((c): c is NonNullable<typeof c> => c !== undefined)
    return valuesOf(field, before, card, doc.members ?? {}, comments)
  }

  update(doc: A.Doc<Board>): CatchUp {
    this.doc = doc
    const heads = A.getHeads(doc)
    if (this.status !== "ok" || this.readHeads === null)
      return { status: this.status, items: [], heads, changesRead: 0 }
    if (!A.hasHeads(doc, this.readHeads)) {
      if (this.read === 0) {
        this.status = "unknown-heads"
        return { status: this.status, items: [], heads, changesRead: 0 }
      }
      // A different document than before: start again from its current state.
      this.readHeads = heads
    }
    const changes = causalOrder(
      A.getChangesSince(doc, this.readHeads).map((c) => A.decodeChange(c)),
    )
    if (changes.length > 0) {
      // Many changes at once (a first visit after days away): indexing the whole board first
      // is cheaper than looking objects up one by one. A few (someone typing): look them up.
      // (Once indexed, later objects are learnt from the changes that make them.)
      if (changes.length > BULK_CHANGES && !this.indexed) {
        this.index = new ObjIndex()
        this.index.addDocument(doc)
        this.indexed = true
      } else if (this.index === null) {
        this.index = new ObjIndex((id) =>
          this.doc === null ? undefined : roleInDocument(this.doc, id),
        )
      }
      for (const change of changes) this.take(this.index.readChange(change))
      this.read += changes.length
    }
    this.readHeads = heads
    return { status: "ok", items: this.items(doc), heads, changesRead: this.read }
  }

  private take(summary: ReturnType<ObjIndex["readChange"]>): void {
    if (summary.by === this.memberId) return
    for (const ev of summary.events) {
      const kind = kindOf(ev, this.memberId)
      if (kind === null) continue
      if (kind === "created") this.createdByOthers.add(ev.cardId)
      const k = `${ev.cardId}\u0000${kind}`
      let item = this.pending.get(k)
      if (!item) {
        item = {
          cardId: ev.cardId,
          kind,
          at: 0,
          comments: new Set(),
          authors: new Set(),
          changes: new Set(),
        }
        this.pending.set(k, item)
      }
      item.authors.add(summary.by)
      item.changes.add(summary.hash)
      item.at = Math.max(item.at, summary.at)
      if (kind === "commented" && ev.key !== undefined) item.comments.add(ev.key)
    }
  }

  private items(doc: A.Doc<Board>): CatchUpItem[] {
    const me = this.memberId
    const out: CatchUpItem[] = []
    for (const item of this.pending.values()) {
      const card = getCard(doc, item.cardId)
      if (!card) continue
      if (item.kind === "completed" && !card.done) continue
      if (item.kind === "reopened" && (card.done || this.beforeOf(doc, card)?.done !== true))
        continue
      if (item.kind === "archived" && !card.archived) continue
      if (
        item.kind === "restored" &&
        (card.archived || this.beforeOf(doc, card)?.archived !== true)
      )
        continue
      if (item.kind === "assigned" && !card.owners?.[me]) continue
      // A card new to the viewer is simply new: its first title, list, deadline… are part of it.
      if (item.kind !== "created" && item.kind !== "commented" && item.kind !== "assigned")
        if (this.createdByOthers.has(item.cardId)) continue
      const read = this.readChanges.get(item.cardId)
      if (read && [...item.changes].every((h) => read.has(h))) continue
      let count = 1
      if (item.kind === "commented") {
        count = [...item.comments].filter((c) =>
          Object.prototype.hasOwnProperty.call(card.comments ?? {}, c),
        ).length
        if (count === 0) continue
      }
      const by = [...item.authors].sort((a, b) => (a ?? "").localeCompare(b ?? ""))
      const result: CatchUpItem = {
        cardId: item.cardId,
        kind: item.kind,
        title: String(card.title ?? ""),
        by,
        at: item.at,
        count,
        changes: [...item.changes],
      }
      if (item.kind === "moved") result.listId = card.listId
      out.push(result)
    }
    return out.sort(
      (a, b) =>
        b.at - a.at ||
        ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
        a.cardId.localeCompare(b.cardId),
    )
  }
}

/** What others changed since `lastSeen` (see the rules at the top of this file). */
export function catchUp(doc: A.Doc<Board>, lastSeen: unknown, memberId: Id): CatchUp {
  return new CatchUpTracker(memberId, lastSeen).update(doc)
}
