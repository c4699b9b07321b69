/**
 * The causal order and threads of a card's comments, recorded in the comments themselves so
 * every peer (and the UI's plain copy of the board) can read them without the history.
 *
 * Each comment Baton writes stores (additive optional fields, schema 1):
 * - `follows`: the ids of the card's comments its author had on screen that no other of them
 *   already follows (the frontier, like a document's heads). Comment B causally follows A when
 *   A is reachable from B through `follows`: B's author had A when writing B, whatever either
 *   device's clock said.
 * - `replyTo`: the comment it answers (the Reply button). A comment without it starts a thread;
 *   a reply belongs to the thread of the comment it answers.
 *
 * Comments written before these fields existed have neither: among themselves they are
 * ordered by `createdAt`, as before. A deleted comment leaves a gap in `follows`: what was
 * reached only through it is no longer known to follow (an explicit reply to a comment still
 * counts, since replying to it means having seen it).
 */
import type { Card, Comment, Id } from "../types"

/** A comment with the causal fields this module reads. */
export type ThreadedComment = Comment & { follows?: Id[]; replyTo?: Id }

function commentsOf(card: Pick<Card, "comments">): Map<Id, ThreadedComment> {
  const out = new Map<Id, ThreadedComment>()
  for (const [id, c] of Object.entries(card.comments ?? {}))
    if (c && typeof c === "object") out.set(id, c as ThreadedComment)
  return out
}

function followsOf(c: ThreadedComment): Id[] | null {
  const f = c.follows as unknown
  if (!Array.isArray(f)) return null
  return f.filter((x): x is Id => typeof x === "string")
}

/**
 * The frontier of the card's comments: the `follows` a comment written now gets (ids sorted,
 * so two peers with the same comments write the same value).
 */
export function commentFrontier(card: Pick<Card, "comments">): Id[] {
  const all = commentsOf(card)
  const covered = new Set<Id>()
  for (const c of all.values()) for (const id of followsOf(c) ?? []) covered.add(id)
  return [...all.keys()].filter((id) => !covered.has(id)).sort()
}

function stamp(c: Comment): number {
  const t = Date.parse(c.createdAt)
  return Number.isFinite(t) ? t : 0
}

/** Answers "does comment `b` causally follow comment `a`?" for one card, with memoised walks. */
export class CommentOrder {
  private readonly all: Map<Id, ThreadedComment>
  private readonly past = new Map<Id, Set<Id>>()

  constructor(card: Pick<Card, "comments">) {
    this.all = commentsOf(card)
  }

  get(id: Id): ThreadedComment | undefined {
    return this.all.get(id)
  }

  /** Every comment `id` causally follows (its causal past among the card's comments). */
  pastOf(id: Id): Set<Id> {
    const known = this.past.get(id)
    if (known) return known
    const out = new Set<Id>()
    const stack = [...(followsOf(this.all.get(id)!) ?? [])]
    while (stack.length > 0) {
      const x = stack.pop()!
      if (out.has(x)) continue
      out.add(x)
      const c = this.all.get(x)
      const cached = this.past.get(x)
      if (cached) for (const y of cached) out.add(y)
      else if (c) stack.push(...(followsOf(c) ?? []))
    }
    this.past.set(id, out)
    return out
  }

  /** True when comment `b` was written by someone who had comment `a` (see the top of the file). */
  follows(b: Id, a: Id): boolean {
    const cb = this.all.get(b)
    const ca = this.all.get(a)
    if (!cb || !ca || a === b) return false
    if (cb.replyTo === a) return true
    if (followsOf(cb) === null) {
      // Both written before causal fields: the old order by the authors' clocks.
      return followsOf(ca) === null && (stamp(ca) < stamp(cb) || (stamp(ca) === stamp(cb) && a < b))
    }
    return this.pastOf(b).has(a)
  }

  /** The first comment of the thread `id` belongs to (itself when it is not a reply). */
  threadOf(id: Id): Id {
    let cur = id
    const seen = new Set<Id>()
    for (;;) {
      const c = this.all.get(cur)
      const parent = c?.replyTo
      if (typeof parent !== "string" || !this.all.has(parent) || seen.has(parent)) return cur
      seen.add(cur)
      cur = parent
    }
  }

  /** Whether the comment carries causal fields (written by this version of Baton or later). */
  isThreaded(id: Id): boolean {
    const c = this.all.get(id)
    return c !== undefined && followsOf(c) !== null
  }
}
