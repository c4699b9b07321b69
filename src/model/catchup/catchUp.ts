/**
 * "Since you were last here": what OTHER members changed on a board since this member last
 * looked, from the document's history.
 *
 * The device remembers, per member and board, the heads the member last saw. Every change
 * not in their ancestry (`A.getChangesSince`) is new to the member — including changes made
 * offline days ago on another device and merged in just now. Only those changes are decoded
 * (never the whole history), so the cost follows what happened, not the board's age.
 *
 * Each item is one card and one kind of change, with everyone (but the viewer) who did it and
 * the time of the latest such change. Items are checked against the current board: cards
 * deleted since are left out; "completed", "archived" and "assigned to me" only show when
 * still true now; a comment only counts while it exists; "moved" names the card's list now.
 */
import * as A from "@automerge/automerge"
import { getCard } from "../queries"
import type { Board, Id } from "../types"
import { ObjIndex, causalOrder, roleInDocument } from "./objects"
import type { CardEvent } from "./objects"

export type CatchUpKind =
  "created" | "moved" | "completed" | "archived" | "commented" | "deadline" | "assigned"

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
  "moved",
  "completed",
  "archived",
  "deadline",
  "commented",
]

function kindOf(ev: CardEvent, me: Id): CatchUpKind | null {
  switch (ev.kind) {
    case "created":
    case "moved":
    case "completed":
    case "archived":
    case "commented":
    case "deadline":
      return ev.kind
    case "owner-added":
      return ev.key === me ? "assigned" : null
    default:
      return null
  }
}

interface Pending {
  cardId: Id
  kind: CatchUpKind
  at: number
  comments: Set<string>
  authors: Set<Id | null>
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

  constructor(
    private readonly memberId: Id,
    lastSeen: unknown,
  ) {
    if (isHeads(lastSeen)) this.readHeads = [...lastSeen]
    else this.status = "first-visit"
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
        item = { cardId: ev.cardId, kind, at: 0, comments: new Set(), authors: new Set() }
        this.pending.set(k, item)
      }
      item.authors.add(summary.by)
      item.at = Math.max(item.at, summary.at)
      if (kind === "commented" && ev.key !== undefined) item.comments.add(ev.key)
    }
  }

  private items(doc: Board): CatchUpItem[] {
    const me = this.memberId
    const out: CatchUpItem[] = []
    for (const item of this.pending.values()) {
      const card = getCard(doc, item.cardId)
      if (!card) continue
      if (item.kind === "completed" && !card.done) continue
      if (item.kind === "archived" && !card.archived) continue
      if (item.kind === "assigned" && !card.owners?.[me]) continue
      // A card new to the viewer was not "moved" or given a deadline: it is simply new.
      if (
        (item.kind === "moved" || item.kind === "deadline") &&
        this.createdByOthers.has(item.cardId)
      )
        continue
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
