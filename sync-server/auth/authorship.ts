/**
 * Who a change says did something: the member ids it writes into the fields of the board that
 * mean "who did this" (a comment's `authorId`, a card's or calendar feed's `createdBy`, an
 * attachment's `addedBy`, the board's `createdBy`, a deletion's `by`). Read from the change's
 * operations, with the relay's copy of the board telling where an existing object sits, so
 * checking costs no copy of the board.
 *
 * Baton writes these ids whole (an assignment, so a new text object filled in the same change);
 * a change that edits the characters of an existing one is reported as such, since no honest
 * client does that and its outcome depends on what it merges with.
 */
import { decodeChange, getAllChanges, getHeads } from "@automerge/automerge"
import type { DecodedChange, Doc, Prop } from "@automerge/automerge"

/** The fields that name the member who did something, and the key of the map holding them. */
const AUTHOR_FIELDS = new Set(["authorId", "createdBy", "addedBy", "by"])

export interface AuthorClaim {
  field: string
  /** The key of the object that holds the field: the comment's, card's, attachment's id. */
  holder: string
  value: string
  /**
   * Whether the claim sits inside a card that the same change creates (a copy or a move from
   * another board brings its comments and attachments with their authors).
   */
  inNewCard: boolean
}

export type AuthorClaims =
  | { ok: true; claims: AuthorClaim[] }
  /** `edited`: characters of an existing author field changed; `unknown`: an object the relay lacks. */
  | { ok: false; why: "edited" | "unknown" }

/** Where an existing object sits on the relay's board (undefined: deleted); throws when unknown. */
export type PathOf = (objectId: string) => Prop[] | undefined

/** An operation as `decodeChange` gives it (its type leaves out the sequence fields). */
interface RawOp {
  action: string
  obj: string
  key?: string
  elemId?: string
  insert?: boolean
  value?: unknown
}

interface Fresh {
  parent: string
  key: string
  text: boolean
}

interface Element {
  ref: string
  value: unknown
  deleted: boolean
}

/** Compares two op ids (`counter@actor`) as Automerge orders them. */
function opOrder(a: string, b: string): number {
  const [ca, aa] = a.split("@") as [string, string]
  const [cb, ab] = b.split("@") as [string, string]
  return Number(ca) - Number(cb) || (aa < ab ? -1 : aa > ab ? 1 : 0)
}

/** The string a text object made within the changes holds: its insertions in RGA order. */
function textOf(elements: Map<string, Element>): string {
  const children = new Map<string, string[]>()
  for (const [id, e] of elements) {
    const list = children.get(e.ref) ?? []
    list.push(id)
    children.set(e.ref, list)
  }
  let out = ""
  // Later insertions after the same element come first.
  const stack = [...(children.get("_head") ?? [])].sort(opOrder)
  while (stack.length > 0) {
    const id = stack.pop()!
    const e = elements.get(id)!
    if (!e.deleted && typeof e.value === "string") out += e.value
    for (const c of [...(children.get(id) ?? [])].sort(opOrder)) stack.push(c)
  }
  return out
}

/** The author claims of `changes` (one sync message's, in order). */
export function authorClaims(
  changes: readonly DecodedChange[],
  pathOf: PathOf,
  /** Reading a board's own history: objects deleted since still name their holder. */
  history = false,
): AuthorClaims {
  const fresh = new Map<string, Fresh>()
  const texts = new Map<string, Map<string, Element>>()
  const paths = new Map<string, Prop[] | undefined>()
  const existingPath = (obj: string): Prop[] | undefined => {
    if (!paths.has(obj)) paths.set(obj, pathOf(obj))
    return paths.get(obj)
  }
  const pending: { field: string; obj: string; value: string | { text: string } }[] = []
  try {
    for (const change of changes) {
      ;(change.ops as RawOp[]).forEach((op, i) => {
        const id = `${change.startOp + i}@${change.actor}`
        const key = typeof op.key === "string" ? op.key : undefined
        if (op.action.startsWith("make") && key !== undefined)
          fresh.set(id, { parent: op.obj, key, text: op.action === "makeText" })
        if (op.action === "makeText") texts.set(id, new Map())
        if (key !== undefined && AUTHOR_FIELDS.has(key)) {
          if (op.action === "makeText")
            pending.push({ field: key, obj: op.obj, value: { text: id } })
          else if (op.action === "set" && typeof op.value === "string")
            pending.push({ field: key, obj: op.obj, value: op.value })
          return
        }
        if (op.elemId === undefined) return
        const text = texts.get(op.obj)
        if (text === undefined) {
          // An element of an existing sequence: fine unless it is an author field's text.
          if (fresh.has(op.obj)) return
          const path = existingPath(op.obj)
          const last = path?.[path.length - 1]
          if (typeof last === "string" && AUTHOR_FIELDS.has(last)) throw new Edited()
          return
        }
        if (op.insert === true) text.set(id, { ref: op.elemId, value: op.value, deleted: false })
        else {
          const e = text.get(op.elemId)
          if (e === undefined) throw new Edited()
          if (op.action === "del") e.deleted = true
          else e.value = op.value
        }
      })
    }
    const claims: AuthorClaim[] = []
    for (const p of pending) {
      const value = typeof p.value === "string" ? p.value : textOf(texts.get(p.value.text)!)
      // The holder and whether a card made by these changes encloses it.
      let obj = p.obj
      let chain: string[] = []
      while (fresh.has(obj)) {
        const f = fresh.get(obj)!
        chain = [f.key, ...chain]
        obj = f.parent
      }
      const base = obj === "_root" ? [] : existingPath(obj)
      let holder: string
      if (base !== undefined) {
        const full = [...base, ...chain]
        holder = String(full[full.length - 1] ?? "")
      } else if (history && chain.length > 0) holder = chain[chain.length - 1]!
      else continue // inside a deleted object: nobody sees it
      if (p.field === "by" && holder !== "deleted") continue
      const inNewCard =
        base !== undefined && base[0] === "cardBuckets" && base.length <= 2 && chain.length >= 1
      claims.push({ field: p.field, holder, value, inNewCard })
    }
    return { ok: true, claims }
  } catch (e) {
    if (e instanceof Edited) return { ok: false, why: "edited" }
    return { ok: false, why: "unknown" }
  }
}

class Edited extends Error {}

const creditKey = (c: AuthorClaim): string => `${c.field}\u0000${c.holder}\u0000${c.value}`

/**
 * What a board's history credits: every (field, holder, member) any of its changes wrote. Read
 * only when a change names another member (restoring a deleted card, undoing a deletion), and
 * kept per board until its heads move.
 */
export class HistoryCredits {
  readonly #boards = new Map<string, { heads: string; credits: Set<string> }>()

  /** Whether `doc`'s history already credits every one of `claims`. */
  all(documentId: string, doc: Doc<unknown>, claims: readonly AuthorClaim[]): boolean {
    const heads = getHeads(doc).join(",")
    let entry = this.#boards.get(documentId)
    if (entry?.heads !== heads) {
      const read = authorClaims(
        getAllChanges(doc).map((c) => decodeChange(c)),
        () => undefined,
        true,
      )
      entry = { heads, credits: new Set(read.ok ? read.claims.map(creditKey) : []) }
      this.#boards.delete(documentId)
      this.#boards.set(documentId, entry)
      // A few boards at a time: this serves rare changes, not every one.
      for (const id of this.#boards.keys()) {
        if (this.#boards.size <= 8) break
        this.#boards.delete(id)
      }
    }
    const credits = entry.credits
    return claims.every((c) => credits.has(creditKey(c)))
  }

  forget(documentId: string): void {
    this.#boards.delete(documentId)
  }
}
