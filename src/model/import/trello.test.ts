import { readFileSync } from "node:fs"
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import * as M from "../index"
import { parseMentions, plainText } from "../replies/mentions"
import { BATON_COLORS, ImportError, planImport, summaryLines } from "./index"
import type { ImportPlan } from "./index"

const FIXTURE = readFileSync(new URL("./fixtures/product-launch.json", import.meta.url), "utf8")
const NOW = "2026-12-07T01:00:00.000Z"

function ids(): () => string {
  let n = 0
  return () => `id${(n++).toString(36)}`
}

function plan(text = FIXTURE, zone?: string): ImportPlan {
  return planImport(text, { memberId: "me", now: NOW, newId: ids(), zone })
}

function fixtureWith(edit: (d: Record<string, unknown>) => void): string {
  const d = JSON.parse(FIXTURE) as Record<string, unknown>
  edit(d)
  return JSON.stringify(d)
}

const cardNamed = (board: M.Board, title: string): M.Card => {
  const c = M.allCards(board).find((x) => x.title === title)
  if (c === undefined) throw new Error(`no card ${title}`)
  return c
}

describe("Trello import: product-launch.json", () => {
  const { board, summary } = plan()

  it("makes a valid board with every invariant holding", () => {
    expect(M.validateBoard(board).ok).toBe(true)
    expect(M.checkBoard(board)).toEqual([])
    expect(board.title).toBe("Product launch")
    expect(board.createdBy).toBe("me")
  })

  it("counts what it imports in the summary", () => {
    expect(summary).toMatchObject({
      source: "trello",
      boardName: "Product launch",
      lists: 5,
      archivedLists: 1,
      cards: 25,
      archivedCards: 2,
      checklists: 12,
      checklistItems: 36,
      comments: 24,
      members: 3,
      labels: 5,
      attachments: 4,
    })
    const text = summaryLines(summary).join("\n")
    expect(text).toMatch(/2 uploaded files: Trello lets only signed-in members download them/)
    expect(text).not.toMatch(/Start dates/)
    expect(text).toMatch(/1 label has no colour in Trello/)
    // 54 actions: far from Trello's cap, so nothing is said about missing comments
    expect(summary.warnings).toEqual([])
  })

  it("keeps lists and cards in Trello's pos order, floats included, archived ones archived", () => {
    expect(M.visibleLists(board).map((l) => l.title)).toEqual([
      "Ideas",
      "To do",
      "Doing",
      "Done ✅",
    ])
    expect(M.archivedLists(board).map((l) => l.title)).toEqual(["Old sprint"])
    const titles = (name: string): string[] => {
      const list = Object.values(board.lists).find((l) => l.title === name)!
      return M.cardsInList(board, list.id).map((c) => c.title)
    }
    expect(titles("To do")).toEqual([
      "Pricing page copy",
      "Fix signup email typo",
      "Load test the API",
      "Set up status page",
      "Refund policy",
      "Newsletter draft",
      "Analytics events",
    ])
    expect(titles("Ideas")[0]).toBe("Write launch announcement")
    expect(
      M.archivedCards(board)
        .map((c) => c.title)
        .sort(),
    ).toEqual(["Changelog for v1.0", "Webinar slides"])
    // 20 open cards in open lists
    const open = M.visibleLists(board).flatMap((l) => M.cardsInList(board, l.id))
    expect(open).toHaveLength(20)
  })

  it("maps label colours, the colour-only label and black_dark to Baton's palette", () => {
    const labels = Object.values(board.labels)
    const colorOf = (name: string): string => labels.find((l) => l.name === name)!.color
    expect(colorOf("Bug")).toBe(BATON_COLORS.red)
    expect(colorOf("Design")).toBe(BATON_COLORS.purple)
    expect(colorOf("Blocked")).toBe(BATON_COLORS.grey) // black_dark
    expect(colorOf("Needs copy ✍️")).toBe(BATON_COLORS.grey) // no colour in Trello
    expect(colorOf("")).toBe(BATON_COLORS.green) // colour-only label
    const first = cardNamed(board, "Write launch announcement")
    expect(
      M.cardLabels(board, first)
        .map((l) => l.name)
        .sort(),
    ).toEqual(["Blocked", "Bug"])
  })

  it("makes members placeholders by full name, and owners from idMembers", () => {
    const members = Object.values(board.members)
    expect(members.map((m) => m.name).sort()).toEqual([
      "Ana Folau",
      "Ben Tuilagi",
      "Chitra Shrestha",
    ])
    expect(members.every((m) => m.importedFrom?.source === "trello")).toBe(true)
    const owners = M.ownersOf(cardNamed(board, "Write launch announcement")).map(
      (id) => board.members[id]!.name,
    )
    expect(owners).toEqual(["Ana Folau"])
  })

  it("keeps due as an instant in the chosen zone", () => {
    expect(cardNamed(board, "Write launch announcement").deadline).toEqual({
      kind: "instant",
      at: "2023-11-17T22:13:20.200Z",
      zone: "UTC",
    })
    expect(cardNamed(board, "Pricing page copy").deadline).toBeNull()
    const inLima = plan(FIXTURE, "America/Lima").board
    expect(cardNamed(inLima, "Write launch announcement").deadline).toMatchObject({
      zone: "America/Lima",
    })
  })

  it("takes dueComplete as done", () => {
    const done = plan(
      fixtureWith((d) => {
        const cards = d.cards as Record<string, unknown>[]
        cards[0]!.dueComplete = true
      }),
    ).board
    const c = cardNamed(done, "Write launch announcement")
    expect(c.done).toBe(true)
    expect(c.doneAt).not.toBeNull()
    expect(cardNamed(done, "Pricing page copy").done).toBe(false)
  })

  it("brings start dates over, in the import's zone, with or without a deadline", () => {
    const withDue = cardNamed(board, "Write launch announcement")
    expect(withDue.start).toEqual({ kind: "instant", at: "2023-11-14T22:13:20.000Z", zone: "UTC" })
    expect(withDue.deadline).toMatchObject({ kind: "instant", at: "2023-11-17T22:13:20.200Z" })
    expect(cardNamed(board, "Press kit").start).toMatchObject({ at: "2023-11-19T22:13:20.000Z" })
    expect(cardNamed(board, "Press kit").deadline).toBeNull()
    expect(cardNamed(board, "Pricing page copy").start).toBeUndefined()
    expect(M.allCards(board).filter((c) => c.start != null)).toHaveLength(5)
  })

  it("brings every checklist with its name, items in pos order and their state", () => {
    const card = cardNamed(board, "Pricing page copy")
    const lists = M.checklistsOf(card)
    expect(lists.map((l) => l.name)).toEqual(["Before launch", "After launch"])
    expect(M.checklistItems(card, lists[0]!).map((i) => [i.text, i.done])).toEqual([
      ["Step 3 of before launch", false],
      ["Step 2 of before launch", false],
      ["Step 1 of before launch", true],
    ])
    expect(M.checklistProgress(card)).toEqual({ done: 3, total: 6 })
  })

  it("brings comments with their author, original time and @mentions as Baton mentions", () => {
    const card = M.allCards(board).find((c) => c.title.startsWith("Launch-day rota"))!
    const comments = M.commentsOf(card)
    expect(comments.length).toBeGreaterThan(0)
    const mention = comments.find((c) => parseMentions(c.text).length > 0)!
    const ben = Object.values(board.members).find((m) => m.name === "Ben Tuilagi")!
    const ana = Object.values(board.members).find((m) => m.name === "Ana Folau")!
    expect(parseMentions(mention.text).map((m) => m.memberId)).toEqual([ben.id])
    expect(plainText(mention.text, board.members)).toBe(
      "@Ben Tuilagi can you check the copy before Friday?",
    )
    expect(mention.authorId).toBe(ana.id)
    const times = M.allCards(board)
      .flatMap((c) => Object.values(c.comments))
      .map((c) => c.createdAt)
    expect(times).toContain("2023-11-16T20:23:20.200Z")
    expect(times).not.toContain(NOW)
  })

  it("lists attachments as links in the description; the cover colour comes over", () => {
    const card = cardNamed(board, "Record demo video")
    expect(card.description).toContain(
      "[brief-4.pdf](https://trello.com/1/cards/e4666a670f042877c67a8447/attachments/21440dba05ffe31f6c6bf299/download/brief-4.pdf) (file kept in Trello",
    )
    expect(card.description).toContain("[Design doc](https://docs.example.com/d/4)")
    expect(card.cover).toBe(BATON_COLORS.teal) // Trello's "sky"
    expect(cardNamed(board, "Pricing page copy").cover).toBeUndefined()
  })

  it("keeps hostile text as inert text", () => {
    const card = M.allCards(board).find((c) => c.title.startsWith("<script>"))!
    expect(card.title).toBe("<script>alert('x')</script> title from a careless paste")
    expect(card.description).toBe("<img src=x onerror=alert(1)> [click](javascript:alert(1))")
  })

  it("loads into Automerge as one valid document", () => {
    const doc = A.from(board as unknown as Record<string, unknown>)
    const again = A.load<M.Board>(A.save(doc))
    expect(M.validateBoard(again).ok).toBe(true)
    expect(M.allCards(again)).toHaveLength(25)
    // and it is editable with the model's operations
    const card = cardNamed(again, "Pricing page copy")
    const edited = A.change(again, (d) =>
      M.toggleChecklistItem(
        d,
        card.id,
        M.checklistItems(card, M.checklistsOf(card)[0]!)[0]!.id,
        true,
      ),
    )
    expect(M.checklistProgress(M.getCard(edited, card.id)!)).toEqual({ done: 4, total: 6 })
  })
})

describe("Trello import: exports that differ", () => {
  it("tolerates nulls, missing fields and ids that are not hex", () => {
    const text = JSON.stringify({
      name: "Odd",
      id: "b",
      prefs: null,
      lists: [{ id: "L-1", name: "Only", pos: 1.5 }],
      cards: [
        { id: "card one", idList: "L-1", name: "First", pos: 2, idLabels: null, idMembers: null },
        { id: "c2", idList: "L-1", name: "", desc: null, due: "not a date" },
        { id: "c3", idList: "nowhere", name: "Lost" },
      ],
      labels: null,
      members: null,
      checklists: [{ id: "x", idCard: "card one", name: "", checkItems: null }],
      actions: null,
    })
    const { board, summary } = plan(text)
    expect(M.checkBoard(board)).toEqual([])
    const cards = M.cardsInList(board, Object.keys(board.lists)[0]!)
    expect(cards.map((c) => c.title)).toEqual(["First", "Untitled card"])
    expect(cards[1]!.deadline).toBeNull()
    expect(M.checklistsOf(cards[0]!).map((c) => c.name)).toEqual(["Checklist"])
    expect(summary.notImported.join(" ")).toMatch(/1 card name no list/)
  })

  it("says so when the file is at Trello's action cap", () => {
    const text = fixtureWith((d) => {
      const actions = d.actions as unknown[]
      const filler = Array.from({ length: 1000 - actions.length }, (_, i) => ({
        id: `f${i}`,
        type: "updateCard",
        date: "2023-11-14T00:00:00.000Z",
        data: {},
      }))
      d.actions = [...actions, ...filler]
    })
    const { summary } = plan(text)
    expect(summary.warnings.join(" ")).toMatch(
      /holds 1,000 activity entries, Trello's limit is about 1,000: comments older than 2023-11-14 may be missing/,
    )
  })
})

describe("Trello import: files that are not an export", () => {
  const kindOf = (text: string): string => {
    try {
      plan(text)
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError)
      return `${(e as ImportError).kind}: ${(e as ImportError).message}`
    }
    return "imported"
  }
  it("a truncated export", () => {
    expect(kindOf(FIXTURE.slice(0, 30_000))).toMatch(/^truncated: This file stops in the middle/)
    expect(kindOf(FIXTURE.trimEnd().slice(0, -1))).toMatch(/^truncated/)
  })
  it("damaged JSON", () => {
    expect(kindOf(FIXTURE.replace('"lists":', '"lists" '))).toMatch(
      /^malformed: This file is damaged/,
    )
  })
  it("not JSON, empty, or JSON of something else", () => {
    expect(kindOf("PK\u0003\u0004 zip bytes")).toMatch(/^not-json/)
    expect(kindOf("")).toMatch(/^not-json: This file is empty/)
    expect(kindOf('{"hello":"world"}')).toMatch(/^not-an-export: This file is neither a Trello/)
    expect(kindOf("[1,2,3]")).toMatch(/^not-an-export/)
  })
  it("a Trello export whose structure is broken", () => {
    expect(kindOf(fixtureWith((d) => (d.cards = { a: 1 })))).toMatch(
      /^malformed: This Trello export is damaged: its “cards” is not a list/,
    )
  })
})
