import { describe, expect, it } from "vitest"
import * as M from "../../src/model"
import { formatMention } from "../../src/model/replies/mentions"
import { replyStatuses } from "../../src/model/replies/awaiting"
import { getCard } from "../../src/model/queries"
import { edit, fixtureBoard } from "../../src/model/testkit"
import { makeMember, weekHours } from "../../src/model/time/testing"
import { pushEvents } from "./pushEvents"

const kath = makeMember("kath", "Kath", "Asia/Kathmandu", weekHours(540, 1020))
const asked = Date.parse("2026-12-07T05:00:00Z") // Mon 10:45 in Kathmandu

function board() {
  return edit(fixtureBoard(), (d) => {
    M.joinBoard(d, kath)
    M.updateSettings(d, { replyWithinWorkingHours: 2 })
    M.addComment(d, "c1", {
      id: "q",
      authorId: "ann",
      text: `${formatMention(kath)} can you check?`,
      now: new Date(asked).toISOString(),
    })
    M.addComment(d, "c3", {
      id: "self",
      authorId: "kath",
      text: `note to ${formatMention(kath)}`,
      now: new Date(asked).toISOString(),
    })
    M.addOwner(d, "c2", "kath")
    M.setDeadline(d, "c2", {
      kind: "instant",
      at: new Date(asked + 30 * 3600_000).toISOString(),
      zone: "Asia/Kathmandu",
    })
  })
}

const keys = (t: number, topic: Parameters<typeof pushEvents>[2] = "everything") =>
  pushEvents(board(), "kath", topic, t).map((e) => e.key)

describe("what on a board notifies a member", () => {
  it("a reply owed turns into a push exactly when it is due, not before", () => {
    const [s] = replyStatuses(getCard(board(), "c1")!, board(), asked)
    expect(s!.dueAt).toBe(asked + 2 * 3600_000)
    expect(keys(s!.dueAt! - 1, "replies-due")).toEqual([])
    expect(keys(s!.dueAt!, "replies-due")).toEqual(["reply:c1:q"])
  })

  it("a deadline of my card notifies from 24 hours before it; my own mention of myself never", () => {
    expect(keys(asked)).toEqual(["mention:c1:q"])
    expect(keys(asked + 6 * 3600_000, "my-deadlines")).toEqual([
      `deadline:c2:${asked + 30 * 3600_000}`,
    ])
    expect(keys(asked + 6 * 3600_000, "mentions")).toEqual(["mention:c1:q"])
    expect(pushEvents(board(), "nobody", "everything", asked)).toEqual([])
  })
})
