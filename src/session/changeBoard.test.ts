import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { addList, decodeChangeMeta, initBoard } from "../model"
import type { Board } from "../model/types"
import { changeBoard } from "./changeBoard"

describe("changeBoard", () => {
  it("records who made each change and which operation it was", () => {
    const repo = new Repo({ network: [] })
    const handle = repo.create<Board>()
    const now = "2026-11-25T03:00:00.000Z"
    changeBoard(handle, "alice", "initBoard", (d) =>
      initBoard(d, { title: "Trip", memberId: "alice", now }),
    )
    changeBoard(handle, "bob", "addList", (d) => addList(d, { id: "l1", title: "To do", now }))
    const metas = A.getHistory(handle.doc()).map((s) => decodeChangeMeta(s.change.message))
    expect(metas.slice(-2)).toEqual([
      { memberId: "alice", op: "initBoard" },
      { memberId: "bob", op: "addList" },
    ])
    expect(handle.doc().lists.l1?.title).toBe("To do")
  })

  it("commits nothing when the operation refuses its arguments", () => {
    const repo = new Repo({ network: [] })
    const handle = repo.create<Board>()
    const now = "2026-11-25T03:00:00.000Z"
    changeBoard(handle, "alice", "initBoard", (d) =>
      initBoard(d, { title: "Trip", memberId: "alice", now }),
    )
    const before = handle.heads()
    expect(() =>
      changeBoard(handle, "alice", "addList", (d) => {
        addList(d, { id: "l1", title: "Fine", now })
        addList(d, { id: "l2", title: "   ", now })
      }),
    ).toThrow()
    expect(handle.heads()).toEqual(before)
    expect(handle.doc().lists.l1).toBeUndefined()
  })
})
