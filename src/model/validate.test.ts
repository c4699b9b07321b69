import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import type { Board } from "./index"
import { T0, edit, fixtureBoard, member } from "./testkit"
import { rng } from "./random"

function garbage(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 10)
  switch (k) {
    case 0:
      return null
    case 1:
      return undefined
    case 2:
      return r() * 1e6 - 5e5
    case 3:
      return "x".repeat(Math.floor(r() * 5))
    case 4:
      return r() < 0.5
    case 5:
      return depth > 3 ? [] : [garbage(r, depth + 1), garbage(r, depth + 1)]
    case 6:
      return NaN
    default: {
      if (depth > 3) return {}
      const o: Record<string, unknown> = {}
      const n = Math.floor(r() * 4)
      for (let i = 0; i < n; i++)
        o[["kind", "id", "title", "00", "c1", "position"][Math.floor(r() * 6)]!] = garbage(
          r,
          depth + 1,
        )
      return o
    }
  }
}

describe("validateBoard", () => {
  it("accepts a healthy board and returns it", () => {
    const doc = fixtureBoard()
    const v = M.validateBoard(doc)
    expect(v.ok).toBe(true)
    if (v.ok) expect(v.board.title).toBe("Launch")
  })

  it("rejects another app's document as not-a-board", () => {
    const other = A.from({ todos: [{ text: "milk" }], kind: "some/other-app" })
    expect(M.validateBoard(other)).toEqual({ ok: false, error: { kind: "not-a-board" } })
    expect(M.validateBoard(A.from({ text: "hello" }))).toEqual({
      ok: false,
      error: { kind: "not-a-board" },
    })
    for (const v of [null, undefined, 42, "board", [], [1, 2]]) {
      expect(M.validateBoard(v)).toEqual({ ok: false, error: { kind: "not-a-board" } })
    }
  })

  it("reports a newer schema with its version and leaves the document untouched", () => {
    const newer = edit(fixtureBoard(), (d) => {
      d.schemaVersion = 7
    })
    const heads = A.getHeads(newer)
    expect(M.validateBoard(newer)).toEqual({
      ok: false,
      error: { kind: "newer-schema", version: 7 },
    })
    expect(A.getHeads(newer)).toEqual(heads)
    expect(M.describeBoardError({ kind: "newer-schema", version: 7 })).toMatch(
      /newer version of Baton/,
    )
  })

  it("reports an older schema so the app can migrate", () => {
    expect(M.validateBoard({ kind: M.BOARD_KIND, cards: {} })).toEqual({
      ok: false,
      error: { kind: "older-schema", version: 0 },
    })
  })

  it("accepts a board deleted for everyone and refuses a damaged deletion record", () => {
    const deleted = edit(fixtureBoard(), (d) => M.deleteBoard(d, "ann", T0))
    expect(M.validateBoard(deleted).ok).toBe(true)
    const damaged = edit(fixtureBoard(), (d) => {
      ;(d as unknown as Record<string, unknown>).deleted = { by: "ann", at: "yesterday" }
    })
    expect(M.validateBoard(damaged)).toMatchObject({
      ok: false,
      error: { kind: "malformed", path: "board.deleted.at" },
    })
  })

  it("gives the path of the first missing or mistyped field", () => {
    const missing = edit(fixtureBoard(), (d) => {
      delete (d.lists.doing as unknown as Record<string, unknown>).archived
    })
    expect(M.validateBoard(missing)).toMatchObject({
      ok: false,
      error: { kind: "malformed", path: "lists.doing.archived" },
    })
    const b = M.bucketOf("c2")
    const mistyped = edit(fixtureBoard(), (d) => {
      ;(M.getCard(d, "c2") as unknown as Record<string, unknown>).done = "yes"
    })
    expect(M.validateBoard(mistyped)).toMatchObject({
      ok: false,
      error: { kind: "malformed", path: `cardBuckets.${b}.c2.done` },
    })
    const badStart = edit(fixtureBoard(), (d) => {
      ;(M.getCard(d, "c2") as unknown as Record<string, unknown>).start = { kind: "date", date: 5 }
    })
    expect(M.validateBoard(badStart)).toMatchObject({
      ok: false,
      error: { kind: "malformed", path: `cardBuckets.${b}.c2.start` },
    })
    const started = edit(fixtureBoard(), (d) => {
      M.setStart(d, "c2", { kind: "date", date: "2026-12-20" })
      M.clearStart(d, "c1")
    })
    expect(M.validateBoard(started).ok).toBe(true)
    const noBuckets = edit(fixtureBoard(), (d) => {
      delete (d as unknown as Record<string, unknown>).cardBuckets
    })
    expect(M.validateBoard(noBuckets)).toMatchObject({
      ok: false,
      error: { kind: "malformed", path: "board.cardBuckets" },
    })
  })

  it("never crashes on garbage, hostile getters or random mutations of a board", () => {
    const r = rng(12345)
    for (let i = 0; i < 2000; i++) {
      const v = M.validateBoard(garbage(r))
      expect(typeof v.ok).toBe("boolean")
    }
    const hostile = { kind: M.BOARD_KIND, schemaVersion: 1 }
    Object.defineProperty(hostile, "title", {
      enumerable: true,
      get() {
        throw new Error("boom")
      },
    })
    expect(M.validateBoard(hostile).ok).toBe(false)
    const plain = JSON.parse(JSON.stringify(A.toJS(fixtureBoard()))) as Record<string, unknown>
    const paths: string[][] = []
    const walk = (o: unknown, p: string[]): void => {
      if (typeof o !== "object" || o === null) return
      for (const [k, v] of Object.entries(o)) {
        paths.push([...p, k])
        walk(v, [...p, k])
      }
    }
    walk(plain, [])
    let rejected = 0
    for (let i = 0; i < 1500; i++) {
      const copy = JSON.parse(JSON.stringify(plain)) as Record<string, unknown>
      const path = paths[Math.floor(r() * paths.length)]!
      let o: Record<string, unknown> = copy
      for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>
      o[path[path.length - 1]!] = garbage(r)
      const v = M.validateBoard(copy)
      if (!v.ok) rejected++
      else expect(M.checkBoard(v.board).filter((x) => x.kind === "schema")).toEqual([])
    }
    expect(rejected).toBeGreaterThan(500)
  })
})

describe("checkBoard", () => {
  it("is empty on a healthy board", () => {
    expect(M.checkBoard(fixtureBoard())).toEqual([])
  })

  it("reports dangling references and bad positions", () => {
    const plain = JSON.parse(JSON.stringify(A.toJS(fixtureBoard()))) as Board
    const c1 = M.getCard(plain, "c1")!
    c1.listId = "nowhere"
    c1.owners.ghost = true
    c1.labels.gone = true
    c1.comments.k = { id: "k", authorId: "ghost", text: "boo", createdAt: T0, editedAt: null }
    M.getCard(plain, "c2")!.position = "!!"
    const b1 = M.bucketOf("c1")
    expect(M.checkBoard(plain)).toEqual([
      {
        kind: "position",
        path: `cardBuckets.${M.bucketOf("c2")}.c2.position`,
        message: "invalid position key",
      },
      {
        kind: "dangling-reference",
        path: `cardBuckets.${b1}.c1.listId`,
        target: "list",
        id: "nowhere",
      },
      {
        kind: "dangling-reference",
        path: `cardBuckets.${b1}.c1.owners`,
        target: "member",
        id: "ghost",
      },
      {
        kind: "dangling-reference",
        path: `cardBuckets.${b1}.c1.labels`,
        target: "label",
        id: "gone",
      },
      {
        kind: "dangling-reference",
        path: `cardBuckets.${b1}.c1.comments.k.authorId`,
        target: "member",
        id: "ghost",
      },
    ])
    // a card in an unknown list is still reachable: it is listed as orphaned
    expect(M.orphanedCards(plain).map((c) => c.id)).toEqual(["c1"])
  })

  it("reports a card stored in a bucket it does not belong to (a possible duplicate)", () => {
    const plain = JSON.parse(JSON.stringify(A.toJS(fixtureBoard()))) as Board
    const other = M.bucketKeys().find((k) => k !== M.bucketOf("c3"))!
    plain.cardBuckets[other]!.c3 = { ...M.getCard(plain, "c3")! }
    expect(M.checkBoard(plain)).toEqual([
      {
        kind: "schema",
        path: `cardBuckets.${other}.c3`,
        message: `card is in bucket ${other}, belongs in ${M.bucketOf("c3")}`,
      },
    ])
  })

  it("a card in a list both archived and deleted (concurrent archive + delete) stays reachable", () => {
    const plain = JSON.parse(JSON.stringify(A.toJS(fixtureBoard()))) as Board
    plain.lists.doing!.archived = true
    plain.lists.doing!.deleted = true
    expect(M.checkBoard(plain)).toEqual([])
    expect(M.orphanedCards(plain).map((c) => c.id)).toEqual(["c5"])
  })

  it("invalid positions are re-spaced by the next insert, restoring a valid order", () => {
    let doc = fixtureBoard()
    doc = edit(doc, (d) => {
      M.getCard(d, "c2")!.position = "!!"
    })
    expect(M.checkBoard(doc).map((v) => v.kind)).toEqual(["position"])
    doc = edit(doc, (d) => M.moveCard(d, "c4", "todo", 0))
    expect(M.checkBoard(doc)).toEqual([])
    expect(M.cardsInList(doc, "todo")[0]!.id).toBe("c4")
  })
})

describe("operations refuse bad arguments with a ModelError and change nothing", () => {
  const cases: [string, (d: Board) => void, M.ModelErrorCode][] = [
    ["unknown card", (d) => M.setCardTitle(d, "nope", "x"), "not-found"],
    ["empty title", (d) => M.setCardTitle(d, "c1", "   "), "invalid-argument"],
    [
      "unknown list",
      (d) => M.addCard(d, { id: "n", listId: "nope", title: "x", memberId: "ann", now: T0 }),
      "not-found",
    ],
    [
      "duplicate card id",
      (d) => M.addCard(d, { id: "c1", listId: "todo", title: "x", memberId: "ann", now: T0 }),
      "already-exists",
    ],
    ["member not joined", (d) => M.addOwner(d, "c1", "zed"), "not-found"],
    ["bad time", (d) => M.markDone(d, "c1", "yesterday"), "invalid-argument"],
    [
      "bad deadline",
      (d) => M.setDeadline(d, "c1", { kind: "date", date: "2026-02-30" }),
      "invalid-argument",
    ],
    [
      "bad start date",
      (d) => M.setStart(d, "c1", { kind: "date", date: "2026-02-30" }),
      "invalid-argument",
    ],
    [
      "bad zone",
      (d) => M.setDeadline(d, "c1", { kind: "instant", at: T0, zone: "Mars/Base" }),
      "invalid-argument",
    ],
    [
      "into archived list",
      (d) => {
        M.archiveList(d, "done", T0)
        M.moveCard(d, "c1", "done", 0)
      },
      "not-allowed",
    ],
    [
      "bad member colour",
      (d) => M.joinBoard(d, { ...member("z"), color: "red" }),
      "invalid-argument",
    ],
    [
      "empty comment",
      (d) => M.addComment(d, "c1", { id: "k", authorId: "ann", text: " ", now: T0 }),
      "invalid-argument",
    ],
  ]
  for (const [name, fn, code] of cases) {
    it(name, () => {
      const doc = fixtureBoard()
      let err: unknown
      let after = doc
      try {
        after = edit(doc, fn)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(M.ModelError)
      expect((err as M.ModelError).code).toBe(code)
      expect((err as M.ModelError).message.length).toBeGreaterThan(5)
      expect(A.getHeads(after)).toEqual(A.getHeads(doc))
      expect(JSON.stringify(doc)).toBe(JSON.stringify(fixtureBoard()))
    })
  }
})
