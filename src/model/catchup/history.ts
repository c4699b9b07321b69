/**
 * Card history: a timeline of one card's changes (who, when, what) read from the document's
 * history, and read-only views of the board as it was at an earlier point.
 *
 * `BoardHistory` reads the history once and then only the changes added since it last read
 * (`A.getChangesSince` with the heads it remembers), so re-rendering a card's timeline after a
 * new edit decodes one change, not 50,000. Keep one instance per open board.
 */
import * as A from "@automerge/automerge"
import type { Board, Id } from "../types"
import { ObjIndex, causalOrder, roleInDocument } from "./objects"
import type { CardEvent } from "./objects"

export interface HistoryEntry {
  hash: string
  /** The heads just before this change. */
  deps: string[]
  at: number
  by: Id | null
  op: string | null
  /** What this change did to the card. */
  events: CardEvent[]
}

/** One kept history entry: hash, deps, time, author, operation, events (kind, key, value). */
type KeptEntry = [
  string,
  string[],
  number,
  Id | null,
  string | null,
  Array<[string, string | null, string | boolean | null]>,
]

/**
 * A kept `BoardHistory` (plain data: JSON or structured-clone safe). Each card's entries are
 * one JSON string (`KeptEntry[]`): reading the index back copies ten thousand strings instead
 * of building a million small arrays, and a card's string is parsed only when that card's
 * history is read or a newer change touches it.
 */
export interface HistorySnapshot {
  v: 3
  heads: string[]
  read: number
  byCard: Record<Id, string>
}

function keptRows(entries: HistoryEntry[]): KeptEntry[] {
  return entries.map((e) => [
    e.hash,
    e.deps,
    e.at,
    e.by,
    e.op,
    e.events.map((ev) => [ev.kind, ev.key ?? null, ev.value ?? null]),
  ])
}

/** A card's kept entries (malformed rows left out), or null when the string is damaged. */
function entriesOf(cardId: Id, kept: string): HistoryEntry[] | null {
  let rows: unknown
  try {
    rows = JSON.parse(kept)
  } catch {
    return null
  }
  if (!Array.isArray(rows)) return null
  const entries: HistoryEntry[] = []
  for (const r of rows as unknown[]) {
    if (!Array.isArray(r) || typeof r[0] !== "string" || !Array.isArray(r[5])) continue
    const [hash, deps, at, by, op, events] = r as KeptEntry
    entries.push({
      hash,
      deps: Array.isArray(deps) ? deps.filter((d) => typeof d === "string") : [],
      at: typeof at === "number" ? at : 0,
      by: typeof by === "string" ? by : null,
      op: typeof op === "string" ? op : null,
      events: events
        .filter((e) => Array.isArray(e) && typeof e[0] === "string")
        .map(([kind, key, value]) => {
          const ev: CardEvent = { cardId, kind: kind as CardEvent["kind"] }
          if (typeof key === "string") ev.key = key
          if (typeof value === "string" || typeof value === "boolean") ev.value = value
          return ev
        }),
    })
  }
  return entries
}

export class BoardHistory {
  private index = new ObjIndex()
  private heads: A.Heads = []
  private byCard = new Map<Id, HistoryEntry[]>()
  /** Cards' entries restored from a kept index and not read since (see `HistorySnapshot`). */
  private kept = new Map<Id, string>()
  /** A kept card's entries could not be read: the whole history is read again. */
  private damaged = false
  private read = 0
  /** The document being read (where a restored reader looks up objects). */
  private doc: A.Doc<Board> | null = null

  /** Number of changes read so far. */
  get changesRead(): number {
    return this.read
  }

  /** Reads the changes of `doc` not read yet. Returns how many were read. */
  update(doc: A.Doc<Board>): number {
    this.doc = doc
    const changes = this.pendingChanges(doc)
    for (const change of changes) this.take(change)
    this.read += changes.length
    this.heads = A.getHeads(doc)
    if (this.damaged) {
      this.reset()
      return this.update(doc)
    }
    return changes.length
  }

  /**
   * Like `update`, but decodes `chunk` changes at a time and awaits `pause()` between chunks
   * (e.g. a zero-delay timeout) so a first read of a long history never freezes the page.
   */
  async updateInChunks(
    doc: A.Doc<Board>,
    pause: () => Promise<void>,
    chunk = 500,
  ): Promise<number> {
    this.doc = doc
    const heads = A.getHeads(doc)
    if (this.heads.length > 0 && !A.hasHeads(doc, this.heads)) this.reset()
    const raw = this.heads.length === 0 ? A.getAllChanges(doc) : A.getChangesSince(doc, this.heads)
    const decoded: A.DecodedChange[] = []
    for (let i = 0; i < raw.length; i += chunk) {
      for (const c of raw.slice(i, i + chunk)) decoded.push(A.decodeChange(c))
      await pause()
    }
    const changes = causalOrder(decoded)
    for (const change of changes) this.take(change)
    this.read += changes.length
    this.heads = heads
    if (this.damaged) {
      this.reset()
      return this.updateInChunks(doc, pause, chunk)
    }
    return changes.length
  }

  private pendingChanges(doc: A.Doc<Board>): A.DecodedChange[] {
    if (this.heads.length > 0 && !A.hasHeads(doc, this.heads)) this.reset()
    const raw = this.heads.length === 0 ? A.getAllChanges(doc) : A.getChangesSince(doc, this.heads)
    return causalOrder(raw.map((c) => A.decodeChange(c)))
  }

  private take(change: A.DecodedChange): void {
    {
      const s = this.index.readChange(change)
      const perCard = new Map<Id, CardEvent[]>()
      for (const ev of s.events) {
        const list = perCard.get(ev.cardId)
        if (list) list.push(ev)
        else perCard.set(ev.cardId, [ev])
      }
      for (const [cardId, events] of perCard) {
        const entry: HistoryEntry = {
          hash: s.hash,
          deps: s.deps,
          at: s.at,
          by: s.by,
          op: s.op,
          events,
        }
        const list = this.entries(cardId)
        if (list) list.push(entry)
        else this.byCard.set(cardId, [entry])
      }
    }
  }

  /** The card's timeline, oldest first (causal order; concurrent changes by time). */
  cardHistory(cardId: Id): HistoryEntry[] {
    const list = this.entries(cardId)
    if (this.damaged && this.doc !== null) {
      this.reset()
      this.update(this.doc)
      return [...(this.byCard.get(cardId) ?? [])]
    }
    return [...(list ?? [])]
  }

  /** The card's entries, parsing its kept ones on first use. */
  private entries(cardId: Id): HistoryEntry[] | undefined {
    const kept = this.kept.get(cardId)
    if (kept !== undefined) {
      this.kept.delete(cardId)
      const entries = entriesOf(cardId, kept)
      if (entries === null) this.damaged = true
      else this.byCard.set(cardId, entries)
    }
    return this.byCard.get(cardId)
  }

  /**
   * What this reader knows, to keep on the device (e.g. IndexedDB) and restore with
   * `BoardHistory.restore`, so a later first read decodes only the changes made since.
   */
  snapshot(): HistorySnapshot {
    const byCard: Record<Id, string> = Object.fromEntries(this.kept)
    for (const [k, v] of this.byCard) byCard[k] = JSON.stringify(keptRows(v))
    return { v: 3, heads: [...this.heads], read: this.read, byCard }
  }

  /**
   * A reader from a kept snapshot; anything malformed gives an empty reader (which then reads
   * the whole history), and a malformed card's kept entries are read as none. Heads the
   * document does not have are handled by `update` (it starts again from the whole history).
   */
  static restore(snapshot: unknown): BoardHistory {
    const h = new BoardHistory()
    if (typeof snapshot !== "object" || snapshot === null) return h
    const s = snapshot as Partial<HistorySnapshot>
    if (s.v !== 3 || !Array.isArray(s.heads) || typeof s.byCard !== "object" || s.byCard === null)
      return h
    if (!s.heads.every((x) => typeof x === "string")) return h
    for (const [cardId, rows] of Object.entries(s.byCard))
      if (typeof rows === "string") h.kept.set(cardId, rows)
    // Objects made before the kept heads are looked up in the document being read (their
    // place there), so the kept index need not list them.
    h.index = new ObjIndex((id) => (h.doc === null ? undefined : roleInDocument(h.doc, id)))
    h.heads = [...s.heads]
    h.read = typeof s.read === "number" ? s.read : 0
    return h
  }

  /** The heads read so far. */
  get readHeads(): A.Heads {
    return [...this.heads]
  }

  private reset(): void {
    this.index = new ObjIndex()
    this.heads = []
    this.byCard = new Map()
    this.kept = new Map()
    this.damaged = false
    this.read = 0
  }
}

/** One-off timeline of a card (reads the whole history; prefer a kept `BoardHistory`). */
export function cardHistory(doc: A.Doc<Board>, cardId: Id): HistoryEntry[] {
  const h = new BoardHistory()
  h.update(doc)
  return h.cardHistory(cardId)
}

/**
 * The board as it was at `heads` (read-only; `A.view` shares memory with `doc`), or `null`
 * when those heads are not in this document. To see the board right after a history entry,
 * pass `[entry.hash]`.
 */
export function boardAt(doc: A.Doc<Board>, heads: A.Heads): A.Doc<Board> | null {
  if (!Array.isArray(heads) || heads.length === 0 || !A.hasHeads(doc, heads)) return null
  return A.view(doc, heads)
}

/** A short English phrase for an event, e.g. "moved it to Done". */
export function describeEvent(
  ev: CardEvent,
  names: { member(id: Id): string; list(id: Id): string },
): string {
  switch (ev.kind) {
    case "created":
      return "created the card"
    case "deleted":
      return "deleted the card"
    case "moved":
      return typeof ev.value === "string" && ev.value !== ""
        ? `moved it to ${names.list(ev.value)}`
        : "moved it"
    case "reordered":
      return "reordered it"
    case "completed":
      return "marked it done"
    case "reopened":
      return "reopened it"
    case "archived":
      return "archived it"
    case "restored":
      return "restored it"
    case "deadline":
      return "changed the deadline"
    case "title":
      return "edited the title"
    case "description":
      return "edited the description"
    case "owner-added":
      return `added ${names.member(ev.key ?? "")} as owner`
    case "owner-removed":
      return `removed ${names.member(ev.key ?? "")} as owner`
    case "label-added":
      return "added a label"
    case "label-removed":
      return "removed a label"
    case "commented":
      return "commented"
    case "comment-edited":
      return "edited a comment"
    case "comment-deleted":
      return "deleted a comment"
    case "comment-pinned":
      return "pinned a comment"
    case "comment-unpinned":
      return "unpinned a comment"
    case "checklist":
      return "changed the checklist"
    case "urgent":
      return ev.value ? "marked it urgent" : "unmarked urgent"
    case "important":
      return ev.value ? "marked it important" : "unmarked important"
    case "pinned":
      return "pinned it"
    case "unpinned":
      return "unpinned it"
    case "replies-resolved":
      return "resolved the conversation"
  }
}
