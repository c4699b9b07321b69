import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import {
  addCard,
  archiveCard,
  checkBoard,
  getCard,
  markDone,
  updateMember,
  updateSettings,
} from "../index"
import type { Board } from "../types"
import { ANA, JONAS, MAYA, comment, edit, reply, sampleBoard } from "../time/testing"
import {
  awaitedReplies,
  formatMention,
  insertMention,
  linkMentions,
  mentionQuery,
  parseMentions,
  plainText,
  renderSegments,
  repliesOwedBy,
  replyStatuses,
  resolveReplies,
  suggestMembers,
} from "./index"

const members = { ana: ANA, jonas: JONAS, maya: MAYA }
const t = (iso: string): number => Date.parse(iso)
const card = (doc: Board, id = "c1") => getCard(doc, id)!

describe("mention syntax", () => {
  it("stores the member id and renders the current name, so renames carry over", () => {
    const text = `Can you check, ${formatMention(JONAS)}? cc ${formatMention(MAYA)}`
    expect(text).toBe("Can you check, @[Jonas](jonas)? cc @[Maya](maya)")
    expect(parseMentions(text).map((m) => m.memberId)).toEqual(["jonas", "maya"])
    const renamed = { ...members, jonas: { ...JONAS, name: "Jonas K." } }
    expect(plainText(text, renamed)).toBe("Can you check, @Jonas K.? cc @Maya")
    // An unknown member keeps the label written at the time.
    expect(renderSegments("hi @[Old Friend](gone-1)", members)).toEqual([
      { kind: "text", text: "hi " },
      { kind: "mention", memberId: "gone-1", name: "Old Friend", known: false },
    ])
  })

  it("leaves broken or hostile tokens as plain text", () => {
    expect(parseMentions("@[Jonas](jon as) @[Jonas]jonas) @[](x) @[a\nb](x)")).toEqual([])
    expect(parseMentions(42)).toEqual([])
    expect(formatMention({ id: "ana", name: "A]na[\n" })).toBe("@[A na](ana)")
    expect(() => formatMention({ id: "has space", name: "x" })).toThrow()
  })

  it("links hand-typed @names at write time when exactly one member matches", () => {
    const more = { ...members, al: { ...ANA, id: "al", name: "Ana Lopez" } }
    expect(linkMentions("@ana lopez and @Maya, not mail@maya", more)).toBe(
      "@[Ana Lopez](al) and @[Maya](maya), not mail@maya",
    )
    expect(linkMentions("@Ana please", more)).toBe("@[Ana](ana) please")
    const twins = { ...members, ana2: { ...ANA, id: "ana2" } }
    expect(linkMentions("@Ana please", twins)).toBe("@Ana please")
    expect(linkMentions("kept @[Jonas](jonas) ok", members)).toBe("kept @[Jonas](jonas) ok")
  })

  it("autocompletes the @word at the caret", () => {
    const text = "Thanks @jo"
    const q = mentionQuery(text, text.length)
    expect(q).toEqual({ start: 7, query: "jo" })
    expect(mentionQuery("mail@jo", 7)).toBeNull()
    expect(suggestMembers(members, "jo").map((m) => m.id)).toEqual(["jonas"])
    expect(suggestMembers(members, "").map((m) => m.id)).toEqual(["ana", "jonas", "maya"])
    // "Ana" starts with "a"; Jonas and Maya only contain it.
    expect(suggestMembers(members, "a").map((m) => m.id)).toEqual(["ana", "jonas", "maya"])
    expect(suggestMembers(members, "ay").map((m) => m.id)).toEqual(["maya"])
    const done = insertMention(text, q!.start, text.length, JONAS)
    expect(done).toEqual({
      text: "Thanks @[Jonas](jonas) ",
      caret: "Thanks @[Jonas](jonas) ".length,
    })
  })
})

describe("awaiting reply", () => {
  it("a mention awaits the mentioned member until they comment on the card", () => {
    let doc = sampleBoard()
    doc = comment(
      doc,
      "ana",
      "k1",
      `${formatMention(JONAS)} can you review?`,
      "2026-11-20T13:00:00.000Z",
    )
    expect(awaitedReplies(card(doc), members)).toMatchObject([
      { memberId: "jonas", askedBy: "ana", since: t("2026-11-20T13:00:00Z") },
    ])
    // Maya commenting does not answer for Jonas; Ana mentioning herself asks nobody.
    doc = comment(doc, "maya", "k2", "+1", "2026-11-20T14:00:00.000Z")
    doc = comment(doc, "ana", "k3", `note to ${formatMention(ANA)}`, "2026-11-20T14:30:00.000Z")
    expect(awaitedReplies(card(doc), members).map((a) => a.memberId)).toEqual(["jonas"])
    // A comment by Jonas on another topic does not answer; a reply to the mention does.
    doc = comment(doc, "jonas", "k3b", "Other topic", "2026-11-20T14:40:00.000Z")
    expect(awaitedReplies(card(doc), members).map((a) => a.memberId)).toEqual(["jonas"])
    doc = reply(doc, "jonas", "k4", "k1", "Looks good", "2026-11-20T15:00:00.000Z")
    expect(awaitedReplies(card(doc), members)).toEqual([])
    // A new mention after the reply opens a new wait.
    doc = comment(
      doc,
      "maya",
      "k5",
      `${formatMention(JONAS)} one more thing`,
      "2026-11-20T16:00:00.000Z",
    )
    expect(awaitedReplies(card(doc), members)).toMatchObject([
      { memberId: "jonas", askedBy: "maya", since: t("2026-11-20T16:00:00Z") },
    ])
  })

  it("resolving the conversation, completing or archiving the card clears the wait", () => {
    let doc = sampleBoard()
    doc = comment(doc, "ana", "k1", `${formatMention(JONAS)}?`, "2026-11-20T13:00:00.000Z")
    const resolved = edit(A.clone(doc), "ana", "resolveReplies", "2026-11-20T14:00:00.000Z", (d) =>
      resolveReplies(d, "c1", "2026-11-20T14:00:00.000Z"),
    )
    expect(awaitedReplies(card(resolved), members)).toEqual([])
    const again = comment(
      resolved,
      "ana",
      "k2",
      `${formatMention(JONAS)} again`,
      "2026-11-20T15:00:00.000Z",
    )
    expect(awaitedReplies(card(again), members).map((a) => a.since)).toEqual([
      t("2026-11-20T15:00:00Z"),
    ])
    const done = edit(A.clone(doc), "ana", "markDone", "2026-11-20T14:00:00.000Z", (d) =>
      markDone(d, "c1", "2026-11-20T14:00:00.000Z"),
    )
    expect(awaitedReplies(card(done), members)).toEqual([])
    const archived = edit(A.clone(doc), "ana", "archiveCard", "2026-11-20T14:00:00.000Z", (d) =>
      archiveCard(d, "c1", "2026-11-20T14:00:00.000Z"),
    )
    expect(awaitedReplies(card(archived), members)).toEqual([])
    expect(() =>
      A.change(doc, (d) => resolveReplies(d, "nope", "2026-11-20T14:00:00.000Z")),
    ).toThrow(/no longer exists/)
  })

  it("a reply is overdue after N of the mentioned member's working hours", () => {
    let doc = sampleBoard()
    // Friday 27 Nov 16:00 in Berlin (Jonas works 09:00–17:00, Mon–Fri).
    doc = comment(
      doc,
      "ana",
      "k1",
      `${formatMention(JONAS)} please sign off`,
      "2026-11-27T15:00:00.000Z",
    )
    // Tuesday 15:00 Berlin: 1 + 8 + 6 = 15 working hours.
    let [s] = replyStatuses(card(doc), doc, t("2026-12-01T14:00:00Z"))
    expect(s).toMatchObject({ elapsedHours: 15, overdue: false, dueAt: t("2026-12-02T15:00:00Z") })
    // Wednesday 16:00 Berlin, the due time shown: overdue from that instant on.
    ;[s] = replyStatuses(card(doc), doc, t("2026-12-02T14:59:59Z"))
    expect(s).toMatchObject({ overdue: false })
    ;[s] = replyStatuses(card(doc), doc, t("2026-12-02T15:00:00Z"))
    expect(s).toMatchObject({ elapsedHours: 24, overdue: true })
    // The weekend alone never makes a reply overdue.
    ;[s] = replyStatuses(card(doc), doc, t("2026-11-30T07:59:00Z"))
    expect(s?.elapsedHours).toBe(1)
    // The board's own setting decides.
    doc = edit(doc, "ana", "updateSettings", "2026-11-27T15:00:00.000Z", (d) =>
      updateSettings(d, { replyWithinWorkingHours: 4 }),
    )
    ;[s] = replyStatuses(card(doc), doc, t("2026-12-01T14:00:00Z"))
    expect(s?.overdue).toBe(true)
  })

  it("counts the mentioned member's hours, not the asker's (Kathmandu vs Lima)", () => {
    let doc = sampleBoard()
    doc = comment(doc, "ana", "k1", `${formatMention(MAYA)} numbers?`, "2026-11-24T15:00:00.000Z") // Tue 10:00 Lima, 20:45 Kathmandu
    doc = edit(doc, "ana", "updateSettings", "2026-11-24T15:00:00.000Z", (d) =>
      updateSettings(d, { replyWithinWorkingHours: 8 }),
    )
    // Maya starts Wed 09:00 (03:15Z) and has 8 h at 11:15Z.
    expect(replyStatuses(card(doc), doc, t("2026-11-25T11:14:00Z"))[0]?.overdue).toBe(false)
    expect(replyStatuses(card(doc), doc, t("2026-11-25T11:15:00Z"))[0]).toMatchObject({
      elapsedHours: 8,
      overdue: true,
    })
    expect(replyStatuses(card(doc), doc, t("2026-11-26T03:16:00Z"))[0]?.overdue).toBe(true)
    // Maya moving to Lima changes whose clock counts.
    doc = edit(doc, "maya", "updateMember", "2026-11-24T15:00:00.000Z", (d) =>
      updateMember(d, "maya", { timeZone: "America/Lima" }),
    )
    // Tue 10:00 → 17:00 in Lima: 7 h.
    expect(replyStatuses(card(doc), doc, t("2026-11-24T22:00:00Z"))[0]?.elapsedHours).toBe(7)
  })

  it("stays right when peers comment and resolve concurrently (fork, edit, merge both ways)", () => {
    const base = comment(
      sampleBoard(),
      "ana",
      "k1",
      `${formatMention(JONAS)} review?`,
      "2026-11-20T13:00:00.000Z",
    )
    // Offline: Jonas (on his device) writes a comment stamped before he saw the mention …
    let jonas = A.clone(base)
    let ana = A.clone(base)
    jonas = comment(jonas, "jonas", "j1", "unrelated note", "2026-11-20T12:30:00.000Z")
    // … while Ana resolves, then mentions him again later.
    ana = edit(ana, "ana", "resolveReplies", "2026-11-20T14:00:00.000Z", (d) =>
      resolveReplies(d, "c1", "2026-11-20T14:00:00.000Z"),
    )
    ana = comment(
      ana,
      "ana",
      "k2",
      `${formatMention(JONAS)} and the numbers?`,
      "2026-11-20T15:00:00.000Z",
    )
    const m1 = A.merge(A.clone(jonas), ana)
    const m2 = A.merge(A.clone(ana), jonas)
    expect(A.getHeads(m1).sort()).toEqual(A.getHeads(m2).sort())
    expect(A.toJS(m1)).toEqual(A.toJS(m2))
    for (const m of [m1, m2]) {
      expect(checkBoard(m)).toEqual([])
      expect(awaitedReplies(card(m), members)).toMatchObject([
        { memberId: "jonas", since: t("2026-11-20T15:00:00Z"), commentId: "k2" },
      ])
    }
    // Jonas answers after syncing; both peers agree the wait is over.
    const answered = reply(m1, "jonas", "j2", "k2", "here", "2026-11-20T16:00:00.000Z")
    const other = A.merge(m2, answered)
    expect(awaitedReplies(card(other), members)).toEqual([])
    expect(repliesOwedBy(other, "jonas", t("2026-11-21T00:00:00Z"))).toEqual([])
  })

  it("lists the replies a member owes across the board, overdue first", () => {
    let doc = sampleBoard()
    const now = "2026-11-20T12:00:00.000Z"
    doc = edit(doc, "ana", "addCard", now, (d) =>
      addCard(d, { id: "c2", listId: "todo", title: "Second", memberId: "ana", now }),
    )
    doc = comment(
      doc,
      "ana",
      "k0",
      `${formatMention(JONAS)} later one`,
      "2026-11-27T14:00:00.000Z",
      "c2",
    )
    doc = comment(doc, "ana", "k1", `${formatMention(JONAS)} first`, "2026-11-23T08:00:00.000Z")
    doc = comment(
      doc,
      "maya",
      "k2",
      `${formatMention(ANA)} not for Jonas`,
      "2026-11-23T08:00:00.000Z",
    )
    const owed = repliesOwedBy(doc, "jonas", t("2026-11-27T16:00:00Z"))
    expect(owed.map((o) => [o.cardId, o.overdue])).toEqual([
      ["c1", true],
      ["c2", false],
    ])
    expect(repliesOwedBy(doc, "ana", t("2026-11-23T09:00:00Z")).map((o) => o.askedBy)).toEqual([
      "maya",
    ])
    expect(repliesOwedBy(doc, "stranger", t("2026-11-23T09:00:00Z"))).toEqual([])
  })
})
