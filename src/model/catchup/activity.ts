/**
 * The board's activity feed: every change on the board, newest first, read in pages.
 *
 * Changes are read with the same reader as catch-up and card history (`ObjIndex.readChange`),
 * but walking the history backwards from the current heads (`getDecodedChangeByHash`, newest
 * first by time), so the first page of a board with 50,000 changes decodes a few dozen changes,
 * not all of them. Objects are looked up in the current document (`roleInDocument`); events on
 * objects no longer in the board (a deleted card's fields) are not named, its deletion is.
 */
import * as A from "@automerge/automerge"
import type { Board, Id } from "../types"
import { ObjIndex, roleInDocument } from "./objects"
import type { CardEvent, CardEventKind } from "./objects"
import type { HistoryEntry } from "./history"

/** The kinds a feed can be filtered by. */
export type ActivityKind =
  | "cards"
  | "moves"
  | "text"
  | "deadlines"
  | "comments"
  | "people"
  | "checklists"
  | "flags"
  | "board"

export const ACTIVITY_KINDS: ReadonlyArray<{ kind: ActivityKind; label: string }> = [
  { kind: "cards", label: "Cards added, archived or deleted" },
  { kind: "moves", label: "Moves" },
  { kind: "text", label: "Titles and descriptions" },
  { kind: "deadlines", label: "Deadlines" },
  { kind: "comments", label: "Comments" },
  { kind: "people", label: "Owners and labels" },
  { kind: "checklists", label: "Checklists" },
  { kind: "flags", label: "Done, urgent, important, pinned" },
  { kind: "board", label: "Lists, members and settings" },
]

const KIND_OF: Record<CardEventKind, ActivityKind> = {
  created: "cards",
  deleted: "cards",
  archived: "cards",
  restored: "cards",
  moved: "moves",
  reordered: "moves",
  title: "text",
  description: "text",
  deadline: "deadlines",
  commented: "comments",
  "comment-edited": "comments",
  "comment-deleted": "comments",
  "comment-pinned": "comments",
  "comment-unpinned": "comments",
  "replies-resolved": "comments",
  "owner-added": "people",
  "owner-removed": "people",
  "label-added": "people",
  "label-removed": "people",
  checklist: "checklists",
  completed: "flags",
  reopened: "flags",
  urgent: "flags",
  important: "flags",
  pinned: "flags",
  unpinned: "flags",
}

export function activityKindOf(kind: CardEventKind): ActivityKind {
  return KIND_OF[kind]
}

/**
 * One line of the feed: what one change did to one card (`cardId` set), or a change that
 * touched no card (a list, a member, a setting: `cardId` null, described by its operation).
 */
export interface ActivityEntry extends HistoryEntry {
  cardId: Id | null
  kinds: ActivityKind[]
}

export interface ActivityFilter {
  memberId?: Id | null
  kind?: ActivityKind | null
}

export function matches(entry: ActivityEntry, filter: ActivityFilter): boolean {
  if (filter.memberId != null && entry.by !== filter.memberId) return false
  if (filter.kind != null && !entry.kinds.includes(filter.kind)) return false
  return true
}

/** Max-heap of changes by (time, hash): the newest change not read yet on top. */
class Newest {
  private items: A.DecodedChange[] = []
  get size(): number {
    return this.items.length
  }
  private static above(a: A.DecodedChange, b: A.DecodedChange): boolean {
    return a.time !== b.time ? a.time > b.time : a.hash > b.hash
  }
  push(c: A.DecodedChange): void {
    const h = this.items
    h.push(c)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!Newest.above(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }
  pop(): A.DecodedChange | undefined {
    const h = this.items
    if (h.length === 0) return undefined
    const top = h[0]!
    const last = h.pop()!
    if (h.length > 0) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && Newest.above(h[l]!, h[m]!)) m = l
        if (r < h.length && Newest.above(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}

/** Entries of one change, one per card it touched (or one for a change touching no card). */
export function entriesOf(s: ReturnType<ObjIndex["readChange"]>): ActivityEntry[] {
  const base = { hash: s.hash, deps: s.deps, at: s.at, by: s.by, op: s.op }
  if (s.events.length === 0) return [{ ...base, events: [], cardId: null, kinds: ["board"] }]
  const perCard = new Map<Id, CardEvent[]>()
  for (const ev of s.events) {
    const list = perCard.get(ev.cardId)
    if (list) list.push(ev)
    else perCard.set(ev.cardId, [ev])
  }
  return [...perCard].map(([cardId, events]) => ({
    ...base,
    events,
    cardId,
    kinds: [...new Set(events.map((e) => KIND_OF[e.kind]))],
  }))
}

/**
 * Reads a board's history newest first, a few changes at a time. Keep one per opened feed;
 * the document it reads is fixed (a newer version gets a new reader).
 */
export class ActivityReader {
  private readonly index: ObjIndex
  private readonly queue = new Newest()
  private readonly queued = new Set<string>()
  private readonly backend: ReturnType<typeof A.getBackend>
  private changes = 0

  constructor(doc: A.Doc<Board>) {
    this.backend = A.getBackend(doc)
    this.index = new ObjIndex((id) => roleInDocument(doc, id))
    for (const h of A.getHeads(doc)) this.enqueue(h)
  }

  private enqueue(hash: string): void {
    if (this.queued.has(hash)) return
    this.queued.add(hash)
    const c = this.backend.getDecodedChangeByHash(hash)
    if (c) this.queue.push(c)
  }

  /** Every change has been read. */
  get done(): boolean {
    return this.queue.size === 0
  }

  /** Number of changes read so far. */
  get changesRead(): number {
    return this.changes
  }

  /** The entries of the next (older) change, or `null` when the history is all read. */
  next(): ActivityEntry[] | null {
    const c = this.queue.pop()
    if (!c) return null
    this.changes++
    for (const d of c.deps) this.enqueue(d)
    return entriesOf(this.index.readChange(c))
  }
}

/**
 * A filtered view of a reader, in pages. `more` reads until `size` more entries match, the
 * history ends, or `budgetMs` of `clock` has passed (then call it again: it resumes), so a
 * rare filter over a long history never holds the page for longer than the budget.
 */
export class ActivityFeed {
  readonly entries: ActivityEntry[] = []
  private readonly all: ActivityEntry[]
  private scanned = 0

  constructor(
    private readonly reader: ActivityReader,
    readonly filter: ActivityFilter = {},
    /** Entries already read by the reader (shared between filters of one reader). */
    read: ActivityEntry[] = [],
  ) {
    this.all = read
  }

  /** Everything the reader has read (share it with a feed of another filter). */
  get read(): ActivityEntry[] {
    return this.all
  }

  get done(): boolean {
    return this.reader.done && this.scanned >= this.all.length
  }

  /** Returns how many entries were added to `entries`. */
  more(size: number, budgetMs = Infinity, clock: () => number = () => 0): number {
    const start = clock()
    let added = 0
    for (;;) {
      while (this.scanned < this.all.length && added < size) {
        const e = this.all[this.scanned++]!
        if (matches(e, this.filter)) {
          this.entries.push(e)
          added++
        }
      }
      if (added >= size || this.reader.done) break
      if (clock() - start >= budgetMs) break
      const next = this.reader.next()
      if (next) this.all.push(...next)
    }
    return added
  }
}
