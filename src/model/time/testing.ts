/**
 * Test fixtures for the time, replies and catch-up modules: a small board with members in
 * far-apart zones, built with the real model operations and change messages saying who did
 * each change (as the app does).
 */
import * as A from "@automerge/automerge"
import { encodeChangeMeta } from "../changeMeta"
import { addCard, addComment, addList, initBoard, joinBoard } from "../index"
import type { Board, Member, WeekHours } from "../types"

export function weekHours(start: number, end: number, days = ["1", "2", "3", "4", "5"]): WeekHours {
  const w: Record<string, { start: number; end: number } | null> = {}
  for (const d of ["1", "2", "3", "4", "5", "6", "7"])
    w[d] = days.includes(d) ? { start, end } : null
  return w as WeekHours
}

export function makeMember(
  id: string,
  name: string,
  timeZone: string,
  hours = weekHours(540, 1020),
): Member {
  return {
    id,
    name,
    color: "#336699",
    timeZone,
    workingHours: hours,
    status: { kind: "available" },
    joinedAt: "2026-01-01T00:00:00.000Z",
  }
}

export const ANA = makeMember("ana", "Ana", "America/Lima")
export const JONAS = makeMember("jonas", "Jonas", "Europe/Berlin")
export const MAYA = makeMember("maya", "Maya", "Asia/Kathmandu")

/** Applies `fn` as one change by `memberId` at `now` (ISO), like the app's `changeBoard`. */
export function edit(
  doc: A.Doc<Board>,
  memberId: string,
  op: string,
  now: string,
  fn: (d: Board) => void,
): A.Doc<Board> {
  return A.change(
    doc,
    { message: encodeChangeMeta({ memberId, op }), time: Math.floor(Date.parse(now) / 1000) },
    fn,
  )
}

/** A board with Ana, Jonas and Maya, lists "todo" and "done", and card "c1" in "todo". */
export function sampleBoard(now = "2026-11-20T12:00:00.000Z"): A.Doc<Board> {
  let doc = A.init<Board>()
  doc = edit(doc, "ana", "initBoard", now, (d) =>
    initBoard(d, { title: "Launch", memberId: "ana", now, member: ANA }),
  )
  doc = edit(doc, "jonas", "joinBoard", now, (d) => joinBoard(d, JONAS))
  doc = edit(doc, "maya", "joinBoard", now, (d) => joinBoard(d, MAYA))
  doc = edit(doc, "ana", "addList", now, (d) => {
    addList(d, { id: "todo", title: "To do", now })
    addList(d, { id: "done", title: "Done", now })
  })
  doc = edit(doc, "ana", "addCard", now, (d) =>
    addCard(d, { id: "c1", listId: "todo", title: "Write the launch post", memberId: "ana", now }),
  )
  return doc
}

export function comment(
  doc: A.Doc<Board>,
  authorId: string,
  id: string,
  text: string,
  now: string,
  cardId = "c1",
  replyTo?: string,
): A.Doc<Board> {
  return edit(doc, authorId, "addComment", now, (d) =>
    addComment(d, cardId, { id, authorId, text, now, ...(replyTo ? { replyTo } : {}) }),
  )
}

/** A reply (the Reply button) to comment `replyTo` on `cardId`. */
export function reply(
  doc: A.Doc<Board>,
  authorId: string,
  id: string,
  replyTo: string,
  text: string,
  now: string,
  cardId = "c1",
): A.Doc<Board> {
  return comment(doc, authorId, id, text, now, cardId, replyTo)
}
