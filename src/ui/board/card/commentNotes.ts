/**
 * The one place where a recorded voice or video note meets the attachment upload path.
 *
 * `attachToNewComment(session, cardId, file, text, { durationMs })` (the comment-with-a-file
 * upload, stored on the device at once and uploaded when the relay is reachable) is not in
 * this version yet. Until it is, a recorded note cannot be attached: `attachNoteToNewComment`
 * says so, and the comment box keeps the note as a pending, playable item marked "Can't
 * attach yet". It never claims the note was uploaded.
 *
 * To connect it: import `attachToNewComment`, call it below with the same arguments, and
 * return `{ attached: true }`; the comment box then clears its text as for any comment.
 */
import type { BoardSession } from "../../../session"

export type NoteAttachOutcome = { attached: true } | { attached: false; reason: string }

/** What the comment box shows on a note it could not attach. */
export const CANNOT_ATTACH_YET =
  "Can't attach yet: this version of Baton cannot upload files. The note stays here, on this page only, until you remove it or close the card."

export async function attachNoteToNewComment(
  session: BoardSession,
  cardId: string,
  file: File,
  text: string,
  options: { durationMs: number },
): Promise<NoteAttachOutcome> {
  void session
  void cardId
  void file
  void text
  void options
  return { attached: false, reason: CANNOT_ATTACH_YET }
}
