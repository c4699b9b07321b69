/** Member names are unique on a board: trimmed, case-insensitive. */
import { describe, expect, it } from "vitest"
import * as M from "./index"
import { edit, fixtureBoard, fork, member, mergeBoth, sameState } from "./testkit"

describe("unique member names", () => {
  it("refuses a new member whose name is taken, whatever the case and spaces, and keeps the board", () => {
    const doc = fixtureBoard() // ann is "Member ann"
    for (const name of ["Member ann", "  member ANN ", "member   ann"])
      expect(() => edit(doc, (d) => M.joinBoard(d, { ...member("cy"), name }))).toThrow(
        /already a member of this board/,
      )
    expect(Object.keys(doc.members).sort()).toEqual(["ann", "bob"])
    const ok = edit(doc, (d) => M.joinBoard(d, { ...member("cy"), name: " Cy " }))
    expect(ok.members.cy?.name).toBe("Cy")
    expect(M.memberNamed(ok, "cy")?.id).toBe("cy")
  })

  it("refuses renaming a member to another member's name, but not to their own in another case", () => {
    const doc = fixtureBoard()
    expect(() => edit(doc, (d) => M.updateMember(d, "bob", { name: "MEMBER ANN" }))).toThrow(
      /already the name of another member/,
    )
    expect(doc.members.bob?.name).toBe("Member bob")
    const renamed = edit(doc, (d) => M.updateMember(d, "ann", { name: "member Ann" }))
    expect(renamed.members.ann?.name).toBe("member Ann")
  })

  it("two offline joins with one name merge into two members, each kept, the same both ways", () => {
    const [a, b] = fork(fixtureBoard())
    const a1 = edit(a, (d) => M.joinBoard(d, { ...member("cy"), name: "Cy" }))
    const b1 = edit(b, (d) => M.joinBoard(d, { ...member("dee"), name: "cy" }))
    const [ab, ba] = mergeBoth(a1, b1)
    expect(sameState(ab, ba)).toBe(true)
    expect(ab.members.cy?.name).toBe("Cy")
    expect(ab.members.dee?.name).toBe("cy")
    // Either can then rename, and nobody else may take the name.
    expect(() => edit(ab, (d) => M.joinBoard(d, { ...member("eve"), name: "CY" }))).toThrow()
  })
})
