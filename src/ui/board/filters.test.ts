import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import {
  addCard,
  addList,
  addOwner,
  assignLabel,
  createLabel,
  initBoard,
  joinBoard,
  markDone,
  setDeadline,
  setCardDescription,
  setImportant,
  setUrgent,
  getCard,
} from "../../model"
import type { Board, Member } from "../../model/types"
import { cardMatches, filtersFromQuery, filtersToQuery, NO_FILTERS } from "./filters"

const now = "2026-11-25T12:00:00.000Z"
const NOW = Date.parse(now)
const member = (id: string, name: string): Member => ({
  id,
  name,
  color: "#1f6feb",
  timeZone: "UTC",
  workingHours: { "1": null, "2": null, "3": null, "4": null, "5": null, "6": null, "7": null },
  status: { kind: "available" },
  joinedAt: now,
})

function board(): Board {
  let doc = A.init<Board>()
  doc = A.change(doc, (d) => {
    initBoard(d, { title: "B", memberId: "ana", now })
    joinBoard(d, member("ana", "Ana"))
    joinBoard(d, member("ben", "Ben"))
    addList(d, { id: "l", title: "L", now })
    createLabel(d, { id: "bug", name: "Bug", color: "#cf222e" })
    addCard(d, { id: "c1", listId: "l", title: "Fix login bug", memberId: "ana", now })
    addOwner(d, "c1", "ana")
    assignLabel(d, "c1", "bug")
    setDeadline(d, "c1", { kind: "date", date: "2026-11-20" })
    addCard(d, { id: "c2", listId: "l", title: "Write docs", memberId: "ana", now })
    addOwner(d, "c2", "ben")
    setCardDescription(d, "c2", "Explain the SYNC relay")
    setDeadline(d, "c2", { kind: "instant", at: "2026-11-28T09:00:00.000Z", zone: "UTC" })
    addCard(d, { id: "c3", listId: "l", title: "Plan trip", memberId: "ana", now })
    setDeadline(d, "c3", { kind: "date", date: "2026-11-01" })
    markDone(d, "c3", now)
    setUrgent(d, "c1", true)
    setImportant(d, "c1", true)
    setImportant(d, "c2", true)
  })
  return A.toJS(doc)
}

describe("card filters", () => {
  const b = board()
  const match = (query: string, me = "ana") =>
    ["c1", "c2", "c3"].filter((id) =>
      cardMatches(getCard(b, id)!, filtersFromQuery(new URLSearchParams(query)), b, me, NOW),
    )

  it("shows everything without filters", () => expect(match("")).toEqual(["c1", "c2", "c3"]))
  it("filters by owner, including my cards and no owner", () => {
    expect(match("owner=me")).toEqual(["c1"])
    expect(match("owner=me", "ben")).toEqual(["c2"])
    expect(match("owner=ben")).toEqual(["c2"])
    expect(match("owner=none")).toEqual(["c3"])
  })
  it("filters by label", () => expect(match("label=bug")).toEqual(["c1"]))
  it("filters by due: overdue (not done), this week, none", () => {
    expect(match("due=overdue")).toEqual(["c1"])
    expect(match("due=week")).toEqual(["c2"])
    expect(match("due=none")).toEqual([])
  })
  it("searches titles and descriptions, case-insensitively, all words", () => {
    expect(match("q=sync")).toEqual(["c2"])
    expect(match("q=fix%20BUG")).toEqual(["c1"])
    expect(match("q=fix%20docs")).toEqual([])
  })
  it("filters by urgent and important (the toolbar's toggles)", () => {
    expect(match("urgent=1")).toEqual(["c1"])
    expect(match("important=1")).toEqual(["c1", "c2"])
    expect(match("urgent=1&important=1&owner=ben")).toEqual([])
  })
  it("combines filters with AND", () => {
    expect(match("owner=me&label=bug&due=overdue&q=login")).toEqual(["c1"])
    expect(match("owner=ben&label=bug")).toEqual([])
  })
  it("round-trips through the URL query and ignores unknown values", () => {
    const f = {
      q: "a b",
      owner: "me",
      label: "bug",
      due: "week" as const,
      urgent: true,
      important: false,
    }
    expect(filtersFromQuery(new URLSearchParams(filtersToQuery(f).slice(1)))).toEqual(f)
    expect(filtersToQuery(NO_FILTERS)).toBe("")
    expect(filtersFromQuery(new URLSearchParams("due=yesterday")).due).toBe("")
  })
})
