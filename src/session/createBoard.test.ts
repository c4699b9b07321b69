import { describe, expect, it } from "vitest"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import * as M from "../model"
import type { Board } from "../model/types"
import { member } from "../model/testkit"
import { changeBoard } from "./changeBoard"
import { createBoardFromTemplate } from "./createBoard"

const now = "2026-11-25T03:00:00.000Z"

describe("createBoardFromTemplate", () => {
  it("makes a new board of the source's lists, labels and template cards, leaving the source alone", async () => {
    const repo = new Repo({ network: [] })
    const source = repo.create<Board>()
    changeBoard(source, "ann", "initBoard", (d) => {
      M.initBoard(d, { title: "Sprint template", memberId: "ann", now, member: member("ann") })
      M.setBoardTemplate(d, true)
      M.addList(d, { id: "todo", title: "To do", now })
      M.createLabel(d, { id: "red", name: "Bug", color: "#ff0000" })
      M.addCard(d, { id: "t", listId: "todo", title: "Bug report", memberId: "ann", now })
      M.setCardTemplate(d, "t", true)
      M.addCard(d, { id: "o", listId: "todo", title: "Ordinary", memberId: "ann", now })
    })
    const before = JSON.stringify(source.doc())
    const id = await createBoardFromTemplate(repo, source.documentId, {
      title: "Sprint 12",
      member: member("zed"),
      now,
    })
    expect(id).not.toBe(source.documentId)
    const made = (await repo.find<Board>(id)).doc()
    expect(M.checkBoard(made)).toEqual([])
    expect(made.title).toBe("Sprint 12")
    expect(M.allCards(made).map((c) => c.title)).toEqual(["Bug report"])
    expect(M.liveLabels(made).map((l) => l.name)).toEqual(["Bug"])
    expect(Object.keys(made.members)).toEqual(["zed"])
    expect(JSON.stringify(source.doc())).toBe(before)
  })

  it("says so when the source is not a board", async () => {
    const repo = new Repo({ network: [] })
    const other = repo.create<{ x: number }>()
    other.change((d) => {
      d.x = 1
    })
    await expect(
      createBoardFromTemplate(repo, other.documentId as DocumentId, {
        title: "X",
        member: member("zed"),
        now,
      }),
    ).rejects.toThrow(/cannot be used/)
  })
})
