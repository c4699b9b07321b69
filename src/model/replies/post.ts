/** Writing a comment with its causal fields (see `thread.ts`). */
import { ModelError } from "../errors"
import { requireCard } from "../queries"
import type { Board, Id } from "../types"
import { commentFrontier } from "./thread"
import type { ThreadedComment } from "./thread"

/**
 * The causal fields a new comment on `cardId` gets: what its author has on screen, and the
 * comment it answers. Call inside the change that adds the comment, before adding it.
 * Throws `ModelError("not-found")` when `replyTo` names a comment that no longer exists.
 */
export function causalFieldsFor(
  doc: Board,
  cardId: Id,
  replyTo?: Id,
): Pick<ThreadedComment, "follows" | "replyTo"> {
  const card = requireCard(doc, cardId)
  const follows = commentFrontier(card)
  if (replyTo === undefined) return { follows }
  if (typeof replyTo !== "string" || !Object.prototype.hasOwnProperty.call(card.comments, replyTo))
    throw new ModelError("not-found", "The comment you are replying to no longer exists.")
  return { follows, replyTo }
}
