/** Comment operations on one card. */
import { bucketOf } from "./buckets"
import { requireMember } from "./board"
import { ModelError } from "./errors"
import { requireCard } from "./queries"
import { causalFieldsFor } from "./replies/post"
import { setText } from "./text"
import { commentAttachments } from "./attachments"
import type { Attachment, Board, Card, Comment, Id, IsoInstant } from "./types"
import { argId, argNow, argText } from "./values"

function argComment(text: unknown): string {
  const t = argText(text, "comment")
  if (t.trim().length === 0)
    throw new ModelError("invalid-argument", "The comment cannot be empty.")
  return t
}

function requireComment(card: Card, commentId: Id): Comment {
  const c = Object.prototype.hasOwnProperty.call(card.comments, commentId)
    ? card.comments[commentId]
    : undefined
  if (c === undefined)
    throw new ModelError("not-found", `This comment no longer exists (${commentId}).`)
  return c
}

/**
 * Adds a comment by a member who joined the board, optionally as a reply to another comment
 * (`replyTo`). It records the comments its author had (`causalFieldsFor`), which orders
 * replies without trusting device clocks. Concurrent comments all survive and do not follow
 * each other.
 */
export function addComment(
  doc: Board,
  cardId: Id,
  args: {
    id: Id
    authorId: Id
    text: string
    now: IsoInstant
    replyTo?: Id
    /** Files posted with the comment (a voice note, a screenshot). */
    attachments?: Attachment[]
  },
): void {
  const id = argId(args.id, "comment")
  const files = commentAttachments(doc, args.attachments)
  // A comment that carries a file (a voice note) may have no text.
  const text = files === undefined ? argComment(args.text) : argText(args.text, "comment")
  const now = argNow(args.now)
  const card = requireCard(doc, cardId)
  requireMember(doc, args.authorId)
  if (Object.prototype.hasOwnProperty.call(card.comments, id))
    throw new ModelError("already-exists", `A comment with id ${id} already exists.`)
  const causal = causalFieldsFor(doc, cardId, args.replyTo)
  card.comments[id] = {
    id,
    authorId: args.authorId,
    text,
    createdAt: now,
    editedAt: null,
    ...causal,
    ...(files === undefined ? {} : { attachments: files }),
  }
}

/**
 * Edits a comment's text and stamps `editedAt`. Collaborative text: concurrent edits by two
 * peers are merged character by character. Against a concurrent delete, the delete wins.
 */
export function editComment(
  doc: Board,
  cardId: Id,
  commentId: Id,
  text: string,
  now: IsoInstant,
): void {
  const t = argComment(text)
  const at = argNow(now)
  const card = requireCard(doc, cardId)
  const comment = requireComment(card, commentId)
  if (comment.text === t) return
  setText(
    doc,
    ["cardBuckets", bucketOf(cardId), cardId, "comments", commentId, "text"],
    comment as unknown as Record<string, unknown>,
    "text",
    t,
  )
  comment.editedAt = at
}

/** Deletes a comment. Delete wins over concurrent edits of it. */
export function deleteComment(doc: Board, cardId: Id, commentId: Id): void {
  const card = requireCard(doc, cardId)
  requireComment(card, commentId)
  delete card.comments[commentId]
}

/**
 * Pins a comment at `now`: it shows in the board's Pinned strip (a decision, a link, a rota
 * everyone needs). Last-writer-wins against a concurrent unpin; a pin of a comment deleted
 * concurrently goes with the comment.
 */
export function pinComment(doc: Board, cardId: Id, commentId: Id, now: IsoInstant): void {
  const t = argNow(now)
  const comment = requireComment(requireCard(doc, cardId), commentId)
  if (comment.pinnedAt === undefined || comment.pinnedAt === null) comment.pinnedAt = t
}

/** Unpins a comment. Last-writer-wins against a concurrent `pinComment`. */
export function unpinComment(doc: Board, cardId: Id, commentId: Id): void {
  const comment = requireComment(requireCard(doc, cardId), commentId)
  if (comment.pinnedAt !== undefined && comment.pinnedAt !== null) comment.pinnedAt = null
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const commentOperations = {
  addComment,
  editComment,
  deleteComment,
  pinComment,
  unpinComment,
} as const
