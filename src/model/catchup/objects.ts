/**
 * Reading who changed what from Automerge change history.
 *
 * Every change Baton makes carries `encodeChangeMeta({ memberId, op })` as its message, so
 * the author of a change is known. What it did is read from its decoded operations: each
 * operation names the object it touches (an Automerge object id) and a key. `ObjIndex` maps
 * object ids to their place in the board (a card bucket, a card, a card's owners, comments…),
 * learning new objects from the `make*` operations that create them, so history can be read
 * incrementally without materialising old versions of the document.
 */
import * as A from "@automerge/automerge"
import { decodeChangeMeta } from "../changeMeta"
import type { Board, Id } from "../types"

export type ObjRole =
  | { role: "root" }
  | { role: "buckets" }
  | { role: "bucket" }
  /** A card (`path` empty) or something inside it, e.g. `["comments", "k1", "text"]`. */
  | { role: "card"; cardId: Id; path: readonly string[] }
  | { role: "other" }

const ROOT: ObjRole = { role: "root" }
const BUCKETS: ObjRole = { role: "buckets" }
const BUCKET: ObjRole = { role: "bucket" }
const OTHER: ObjRole = { role: "other" }

export type CardEventKind =
  | "created"
  | "deleted"
  | "moved"
  | "reordered"
  | "completed"
  | "reopened"
  | "archived"
  | "restored"
  | "deadline"
  | "title"
  | "description"
  | "owner-added"
  | "owner-removed"
  | "label-added"
  | "label-removed"
  | "commented"
  | "comment-edited"
  | "comment-deleted"
  | "comment-pinned"
  | "comment-unpinned"
  | "checklist"
  | "urgent"
  | "important"
  | "pinned"
  | "unpinned"
  | "replies-resolved"

/** Something one change did to one card. */
export interface CardEvent {
  cardId: Id
  kind: CardEventKind
  /** Member id for owner events, comment id for comment events, label id for labels. */
  key?: string
  /** New value where one was written: the list id for "moved", the flag for urgent/important. */
  value?: string | boolean
}

/** One decoded change with its author and what it did to cards. */
export interface ChangeSummary {
  hash: string
  /** The heads just before this change (its dependencies). */
  deps: string[]
  /** Epoch milliseconds (Automerge change times are seconds). */
  at: number
  /** The member named in the change message, `null` when there is none (not made by Baton). */
  by: Id | null
  op: string | null
  events: CardEvent[]
}

function child(parent: ObjRole, key: string): ObjRole {
  switch (parent.role) {
    case "root":
      return key === "cardBuckets" ? BUCKETS : OTHER
    case "buckets":
      return BUCKET
    case "bucket":
      return { role: "card", cardId: key, path: [] }
    case "card":
      return { role: "card", cardId: parent.cardId, path: [...parent.path, key] }
    default:
      return OTHER
  }
}

type CardLike = Record<string, unknown>
/** Object ids of a card's map objects, cached per (immutable) card object. */
const cardObjs = new WeakMap<object, Array<[string, readonly string[]]>>()

/**
 * Registers a card's map and the maps directly inside it (owners, comments, labels, checklist,
 * deadline): what catch-up needs. Deeper objects (one comment, one checklist item) only matter
 * to full card history, which learns every object from the history itself.
 */
function collect(
  value: unknown,
  path: string[],
  out: Array<[string, readonly string[]]>,
  depth: number,
): void {
  if (typeof value !== "object" || value === null || depth > 1) return
  const id = A.getObjectId(value)
  if (id === null) return
  out.push([id, path])
  for (const [k, v] of Object.entries(value as CardLike)) {
    if (typeof v === "object" && v !== null) collect(v, [...path, k], out, depth + 1)
  }
}

/**
 * The place in `doc` of the object `id`, from the path Automerge keeps for it, or `undefined`
 * when the object is not in the document (deleted, or never part of it).
 */
export function roleInDocument(doc: A.Doc<unknown>, id: string): ObjRole | undefined {
  if (id === "_root") return ROOT
  let path: A.Prop[] | undefined
  try {
    path = A.getBackend(doc).objInfo(id).path
  } catch {
    return undefined
  }
  if (path === undefined) return undefined
  let role = ROOT
  for (const key of path) role = child(role, String(key))
  return role
}

/**
 * Maps Automerge object ids to their place in a board. Objects are learnt from the `make*`
 * operations of the changes read; given a `lookup`, an object not learnt that way is looked up
 * when an operation first names it (in the current document: see `roleInDocument`), so reading
 * a few new changes of a large board does not need an index of all of it first.
 */
export class ObjIndex {
  private readonly roles = new Map<string, ObjRole>([["_root", ROOT]])

  constructor(private readonly lookup?: (id: string) => ObjRole | undefined) {}

  /** Objects looked up and not found (deleted ones stay deleted). */
  private readonly absent = new Set<string>()

  get(id: string): ObjRole | undefined {
    const known = this.roles.get(id)
    if (known !== undefined || this.lookup === undefined || this.absent.has(id)) return known
    const found = this.lookup(id)
    if (found === undefined) this.absent.add(id)
    else this.roles.set(id, found)
    return found
  }

  set(id: string, role: ObjRole): void {
    this.roles.set(id, role)
  }

  get size(): number {
    return this.roles.size
  }

  /**
   * Registers the map objects of the current document (buckets, cards and the maps directly
   * inside cards). Text objects are not needed for catch-up and are not registered.
   */
  addDocument(doc: Board): void {
    const buckets = doc.cardBuckets as unknown
    const bid = A.getObjectId(buckets)
    if (bid === null || typeof buckets !== "object" || buckets === null) return
    this.roles.set(bid, BUCKETS)
    for (const bucket of Object.values(buckets as Record<string, unknown>)) {
      if (typeof bucket !== "object" || bucket === null) continue
      const id = A.getObjectId(bucket)
      if (id === null) continue
      this.roles.set(id, BUCKET)
      for (const [cardId, card] of Object.entries(bucket as Record<string, unknown>)) {
        if (typeof card !== "object" || card === null) continue
        let objs = cardObjs.get(card)
        if (objs === undefined) {
          objs = []
          collect(card, [], objs, 0)
          cardObjs.set(card, objs)
        }
        for (const [oid, path] of objs) this.roles.set(oid, { role: "card", cardId, path })
      }
    }
  }

  /**
   * Reads one change: registers the objects it creates and returns what it did to cards.
   * Operations inside an object created by the same change are part of that creation, not
   * separate events. Changes must be given in causal order (see `causalOrder`).
   */
  readChange(change: A.DecodedChange): ChangeSummary {
    const meta = decodeChangeMeta(change.message)
    const created = new Set<string>()
    const texts = new Map<string, string>()
    const pending: Array<{ ev: CardEvent; textObj?: string }> = []
    const ops = change.ops
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!
      const role = this.get(op.obj)
      if (op.action.startsWith("make") && op.key !== undefined && role !== undefined) {
        const newId = `${change.startOp + i}@${change.actor}`
        this.roles.set(newId, child(role, op.key))
        created.add(newId)
        if (op.action === "makeText") texts.set(newId, "")
      }
      if (created.has(op.obj)) {
        // Owners given while creating a card still count as assignments.
        if (
          role?.role === "card" &&
          role.path.length === 1 &&
          role.path[0] === "owners" &&
          op.action === "set" &&
          op.key
        )
          pending.push({ ev: { cardId: role.cardId, kind: "owner-added", key: op.key } })
        const buf = texts.get(op.obj)
        if (buf !== undefined && op.action === "set" && typeof op.value === "string")
          texts.set(op.obj, buf + op.value)
        continue
      }
      if (role === undefined) continue
      const ev = eventOf(role, op)
      if (ev) {
        const textObj =
          op.action === "makeText" ? `${change.startOp + i}@${change.actor}` : undefined
        pending.push(textObj === undefined ? { ev } : { ev, textObj })
      }
    }
    const seen = new Set<string>()
    const events: CardEvent[] = []
    // A move also sets the position: it is one move, not a move and a reorder.
    const movedCards = new Set(pending.filter((p) => p.ev.kind === "moved").map((p) => p.ev.cardId))
    for (const { ev, textObj } of pending) {
      if (ev.kind === "reordered" && movedCards.has(ev.cardId)) continue
      if (textObj !== undefined && ev.kind === "moved") ev.value = texts.get(textObj) ?? ""
      const k = `${ev.cardId}\u0000${ev.kind}\u0000${ev.key ?? ""}`
      if (seen.has(k)) continue
      seen.add(k)
      events.push(ev)
    }
    return {
      hash: change.hash,
      deps: change.deps,
      at: change.time * 1000,
      by: meta?.memberId ?? null,
      op: meta?.op ?? null,
      events,
    }
  }
}

const CARD_FIELDS: Record<string, CardEventKind> = {
  listId: "moved",
  position: "reordered",
  deadline: "deadline",
  title: "title",
  description: "description",
  repliesResolvedAt: "replies-resolved",
}

function eventOf(role: ObjRole, op: A.DecodedChange["ops"][number]): CardEvent | null {
  const key = op.key
  if (role.role === "bucket") {
    if (key === undefined) return null
    if (op.action === "makeMap") return { cardId: key, kind: "created" }
    if (op.action === "del") return { cardId: key, kind: "deleted" }
    return null
  }
  if (role.role !== "card") return null
  const { cardId, path } = role
  const head = path[0]
  if (path.length === 0) {
    if (key === undefined) return null
    const kind = CARD_FIELDS[key]
    if (kind) return { cardId, kind }
    if (key === "done" && op.action === "set")
      return { cardId, kind: op.value === true ? "completed" : "reopened" }
    if (key === "archived" && op.action === "set")
      return { cardId, kind: op.value === true ? "archived" : "restored" }
    if ((key === "urgent" || key === "important") && op.action === "set")
      return { cardId, kind: key, value: op.value === true }
    if (key === "pinnedAt")
      return { cardId, kind: op.action === "set" && op.value === null ? "unpinned" : "pinned" }
    return null
  }
  if (path.length === 1 && key !== undefined) {
    if (head === "owners")
      return { cardId, kind: op.action === "del" ? "owner-removed" : "owner-added", key }
    if (head === "labels")
      return { cardId, kind: op.action === "del" ? "label-removed" : "label-added", key }
    if (head === "comments") {
      if (op.action === "makeMap") return { cardId, kind: "commented", key }
      if (op.action === "del") return { cardId, kind: "comment-deleted", key }
    }
  }
  if (head === "comments" && path.length === 2 && key === "pinnedAt")
    return {
      cardId,
      kind: op.action === "set" && op.value === null ? "comment-unpinned" : "comment-pinned",
      key: path[1]!,
    }
  if (head === "comments" && path.length >= 2)
    return { cardId, kind: "comment-edited", key: path[1]! }
  if (head === "checklist" || head === "checklists") return { cardId, kind: "checklist" }
  if (head === "title" || head === "description" || head === "deadline")
    return { cardId, kind: head }
  return null
}

/** Decodes changes and orders them so that every change comes after its dependencies. */
export function causalOrder(changes: A.DecodedChange[]): A.DecodedChange[] {
  const byHash = new Map(changes.map((c) => [c.hash, c]))
  const out: A.DecodedChange[] = []
  const state = new Map<string, 1 | 2>()
  for (const start of changes) {
    if (state.has(start.hash)) continue
    // Iterative depth-first post-order over dependencies inside the set.
    const stack: Array<[A.DecodedChange, number]> = [[start, 0]]
    state.set(start.hash, 1)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const [c, i] = top
      if (i < c.deps.length) {
        top[1] = i + 1
        const dep = byHash.get(c.deps[i]!)
        if (dep && !state.has(dep.hash)) {
          state.set(dep.hash, 1)
          stack.push([dep, 0])
        }
      } else {
        stack.pop()
        state.set(c.hash, 2)
        out.push(c)
      }
    }
  }
  return out
}
