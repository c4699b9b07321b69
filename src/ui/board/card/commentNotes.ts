/**
 * Where a recorded voice or video note meets the attachment upload path: the note is kept on
 * the device at once and added to a new comment with the text typed so far; the upload follows
 * whenever the relay is reachable (see docs/attachments.md). A refusal (the relay's size limit,
 * a full disk, the role) comes back as the reason, and the comment box keeps the note.
 */
import type { BoardSession } from "../../../session"
import { attachToNewComment } from "./attachments/attach"

export type NoteAttachOutcome = { attached: true } | { attached: false; reason: string }

export async function attachNoteToNewComment(
  session: BoardSession,
  cardId: string,
  file: File,
  text: string,
  options: { durationMs: number },
): Promise<NoteAttachOutcome> {
  const done = await attachToNewComment(session, cardId, file, text, {
    durationMs: options.durationMs,
  })
  return done.ok ? { attached: true } : { attached: false, reason: done.message }
}
