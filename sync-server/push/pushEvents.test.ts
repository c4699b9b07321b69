import { describe, expect, it } from "vitest"
import * as M from "../../src/model"
import { formatMention } from "../../src/model/replies/mentions"
import { replyStatuses } from "../../src/model/replies/awaiting"
import { getCard } from "../../src/model/queries"
import { edit, fixtureBoard } from "../../src/model/testkit"
import { makeMember, weekHours } from "../../src/model/time/testing"
import { nextEventAt, pushEvents } from "./pushEvents"

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

  it("a deadline of my checklist item notifies from 24 hours before it, on someone else's card too", () => {
    const due = asked + 48 * 3600_000
    const withItems = edit(board(), (d) => {
      M.addChecklist(d, "c3", { id: "cl", name: "Launch" })
      for (const [id, text] of [
        ["mine", "Press release"],
        ["done", "Already done"],
        ["theirs", "Ann's"],
      ] as const)
        M.addChecklistItem(d, "c3", "cl", { id, text })
      for (const id of ["mine", "done"]) {
        M.setChecklistItemOwner(d, "c3", id, "kath")
        M.setChecklistItemDeadline(d, "c3", id, {
          kind: "instant",
          at: new Date(due).toISOString(),
          zone: "Asia/Kathmandu",
        })
      }
      M.toggleChecklistItem(d, "c3", "done", true)
      M.setChecklistItemOwner(d, "c3", "theirs", "ann")
      M.setChecklistItemDeadline(d, "c3", "theirs", { kind: "date", date: "2026-12-07" })
    })
    const at = (t: number) => pushEvents(withItems, "kath", "my-deadlines", t)
    expect(at(due - 24 * 3600_000 - 1).map((e) => e.key)).not.toContain(`deadline:c3.mine:${due}`)
    const soon = at(due - 24 * 3600_000).find((e) => e.key === `deadline:c3.mine:${due}`)
    expect(soon?.body).toBe(`"Press release" on "Card c3" is due within 24 hours`)
    expect(at(due).find((e) => e.key === `deadline:c3.mine:${due}`)?.body).toMatch(
      /past its deadline$/,
    )
    expect(at(due).filter((e) => e.key.startsWith("deadline:c3."))).toHaveLength(1)
    // The relay wakes for it: from 6 h after the question, the item's notice (at +24 h) comes
    // before the card's deadline (at +30 h).
    expect(nextEventAt(withItems, "kath", "my-deadlines", asked + 6 * 3600_000)).toBe(
      due - 24 * 3600_000,
    )
  })
})
