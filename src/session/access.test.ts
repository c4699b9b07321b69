/**
 * The session refuses what the device's role may not do (the relay refuses it anyway; the
 * screen says so instead of showing an edit that would never reach anyone).
 */
import { describe, expect, it } from "vitest"
import { createRoot, createSignal } from "solid-js"
import { addComment } from "../model/comments"
import { edit, fixtureBoard } from "../model/testkit"
import type { BoardAccessState, Role } from "./access"
import { mayRun } from "./access"
import { openBoard } from "./openBoard"
import { testOptions, testSource } from "./testSource"

const ID = "board-1"
const T = "2026-11-25T04:00:00.000Z"

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await new Promise((r) => setTimeout(r, 0))
}

async function session(role: Role, member = "bob") {
  const [access, setAccess] = createSignal<BoardAccessState>({
    role,
    claimed: true,
    refused: null,
    secrets: {},
  })
  const source = testSource({ [ID]: fixtureBoard() })
  const options = { ...testOptions(member), access }
  const s = createRoot(() => openBoard(source, ID, options))
  await settle()
  const doc = source.opened(ID)!
  return { s, doc, told: options.told, setAccess }
}

describe("what a role may do on a board", () => {
  it("lets a viewer change nothing, and says why", async () => {
    const { s, doc, told } = await session("view")
    expect(s.may("addList")).toBe(false)
    const before = doc.doc()
    expect(s.act("addList", { id: "l", title: "Later", now: T })).toBe(false)
    expect(s.act("setCardTitle", "c1", "Renamed")).toBe(false)
    expect(s.act("addComment", "c1", { id: "k1", authorId: "bob", text: "Hi", now: T })).toBe(false)
    expect(doc.doc()).toBe(before)
    expect(told).toEqual([
      "You can view this board",
      "You can view this board",
      "You can view this board",
    ])
  })

  it("lets a commenter comment, reply and change only their own comments", async () => {
    const { s, doc, told } = await session("comment", "bob")
    expect(s.act("addComment", "c1", { id: "k1", authorId: "bob", text: "Hi @ann", now: T })).toBe(
      true,
    )
    expect(
      s.act("addComment", "c1", {
        id: "k2",
        authorId: "bob",
        text: "Me too",
        now: T,
        replyTo: "k1",
      }),
    ).toBe(true)
    expect(s.act("editComment", "c1", "k1", "Hello @ann", T)).toBe(true)
    expect(s.act("deleteComment", "c1", "k2")).toBe(true)
    expect(Object.keys(doc.doc().cardBuckets).length).toBeGreaterThan(0)
    expect(s.act("setCardTitle", "c1", "Renamed")).toBe(false)
    expect(s.act("archiveCard", "c1", T)).toBe(false)
    expect(told.at(-1)).toMatch(/You can comment on this board/)
    expect(s.state.title).toBe("Launch")
  })

  it("keeps a commenter off someone else's comment", async () => {
    const board = edit(fixtureBoard(), (d) =>
      addComment(d, "c1", { id: "k9", authorId: "ann", text: "Mine", now: T }),
    )
    const source = testSource({ [ID]: board })
    const options = {
      ...testOptions("bob"),
      access: () => ({ role: "comment" as const, claimed: true, refused: null, secrets: {} }),
    }
    const s = createRoot(() => openBoard(source, ID, options))
    await settle()
    expect(s.act("editComment", "c1", "k9", "Not mine", T)).toBe(false)
    expect(s.act("deleteComment", "c1", "k9")).toBe(false)
    expect(options.told).toEqual([
      "You can change only your own comments",
      "You can change only your own comments",
    ])
    expect(source.opened(ID)!.doc().cardBuckets).toEqual(board.cardBuckets)
  })

  it("follows a change of role while open", async () => {
    const { s, setAccess, told } = await session("edit")
    expect(s.act("addList", { id: "l1", title: "A", now: T })).toBe(true)
    setAccess({ role: "view", claimed: true, refused: "link-stopped", secrets: {} })
    expect(s.act("addList", { id: "l2", title: "B", now: T })).toBe(false)
    expect(told).toEqual(["You can view this board"])
  })

  it("gives editors every operation and commenters only comments and their own profile", () => {
    expect(mayRun("edit", "deleteList")).toBe(true)
    expect(mayRun("comment", "addComment")).toBe(true)
    expect(mayRun("comment", "updateMember")).toBe(true)
    expect(mayRun("comment", "renameBoard")).toBe(false)
    expect(mayRun("view", "joinBoard")).toBe(false)
  })
})
