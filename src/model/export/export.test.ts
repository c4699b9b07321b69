import { readFileSync } from "node:fs"
import * as A from "@automerge/automerge"
import { parse } from "csv-parse/sync"
import { describe, expect, it } from "vitest"
import * as M from "../index"
import { ImportError, planImport } from "../import"
import { canonicalJson, edit, fixtureBoard } from "../testkit"
import { CSV_COLUMNS, exportCsv } from "./csv"
import { BATON_EXPORT_VERSION, exportBatonJson } from "./batonJson"
import { exportMarkdown } from "./markdown"

const FIXTURE = readFileSync(
  new URL("../import/fixtures/product-launch.json", import.meta.url),
  "utf8",
)
const NOW = "2026-12-07T01:00:00.000Z"
const link = (id: string): string => `https://baton.example/#/b/doc1/c/${id}`

function imported(): A.Doc<M.Board> {
  let n = 0
  const { board } = planImport(FIXTURE, { memberId: "me", now: NOW, newId: () => `i${n++}` })
  return A.from(board as unknown as Record<string, unknown>) as unknown as A.Doc<M.Board>
}

/** A board with text a CSV or Markdown writer must quote or neutralise. */
function trickyBoard(): A.Doc<M.Board> {
  return edit(fixtureBoard(), (d) => {
    M.setCardTitle(d, "c1", 'Ship "v1", then rest\nreally')
    M.setCardTitle(d, "c2", '=HYPERLINK("http://evil")')
    M.addOwner(d, "c1", "ann")
    M.addOwner(d, "c1", "bob")
    M.assignLabel(d, "c1", "red")
    M.assignLabel(d, "c1", "blue")
    M.setDeadline(d, "c1", {
      kind: "instant",
      at: "2026-12-01T20:00:00.000Z",
      zone: "Pacific/Kiritimati",
    })
    M.setDeadline(d, "c2", { kind: "date", date: "2026-12-24" })
    M.setStart(d, "c1", {
      kind: "instant",
      at: "2026-11-30T20:00:00.000Z",
      zone: "Pacific/Kiritimati",
    })
    M.setUrgent(d, "c1", true)
    M.markDone(d, "c2", NOW)
    M.addChecklist(d, "c1", { id: "cl", name: "Steps" })
    M.addChecklistItem(d, "c1", "cl", { id: "s1", text: "one" })
    M.addChecklistItem(d, "c1", "cl", { id: "s2", text: "two" })
    M.toggleChecklistItem(d, "c1", "s1", true)
    M.addComment(d, "c1", { id: "k1", authorId: "bob", text: "<b>hi</b>, all", now: NOW })
    M.archiveCard(d, "c4", NOW)
  })
}

describe("Baton JSON export", () => {
  it("re-imports into an equal board", () => {
    for (const doc of [imported(), trickyBoard()]) {
      const file = JSON.stringify(exportBatonJson(doc, NOW), null, 2)
      const parsed = JSON.parse(file) as { format: string; version: number }
      expect([parsed.format, parsed.version]).toEqual(["baton/board-export", BATON_EXPORT_VERSION])
      const { board, summary } = planImport(file, { memberId: "x", now: NOW, newId: () => "n" })
      expect(canonicalJson(board)).toBe(canonicalJson(A.toJS(doc)))
      expect(summary.source).toBe("baton")
      expect(summary.cards).toBe(M.allCards(doc).length)
      const again = A.from(board as unknown as Record<string, unknown>)
      expect(M.validateBoard(again).ok).toBe(true)
      expect(M.checkBoard(again as unknown as M.Board)).toEqual([])
    }
  })

  it("the export of a board deleted for everyone holds its cards and imports as a live board", () => {
    const doc = edit(trickyBoard(), (d) => M.deleteBoard(d, "ann", NOW))
    const file = JSON.stringify(exportBatonJson(doc, NOW))
    const { board, summary } = planImport(file, { memberId: "x", now: NOW, newId: () => "n" })
    expect(summary.cards).toBe(M.allCards(doc).length)
    expect(M.boardDeletion(board)).toBeNull()
  })

  it("refuses a file from a newer Baton, or a damaged board inside", () => {
    const file = exportBatonJson(trickyBoard(), NOW)
    const newer = JSON.stringify({ ...file, version: BATON_EXPORT_VERSION + 1 })
    expect(() => planImport(newer, { memberId: "x", now: NOW, newId: () => "n" })).toThrow(
      /written by a newer Baton/,
    )
    const damaged = JSON.parse(JSON.stringify(file)) as { board: { lists: unknown } }
    damaged.board.lists = "nope"
    expect(() =>
      planImport(JSON.stringify(damaged), { memberId: "x", now: NOW, newId: () => "n" }),
    ).toThrow(ImportError)
  })
})

describe("CSV export", () => {
  it("one row per card with the columns, read back by a CSV parser, quoting included", () => {
    const doc = trickyBoard()
    const csv = exportCsv(doc, { cardLink: link })
    expect(csv.startsWith("\uFEFF")).toBe(true)
    const rows = parse(csv, { bom: true, columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[]
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS])
    expect(rows).toHaveLength(5)
    const c1 = rows.find((r) => r.Link === link("c1"))!
    expect(c1).toEqual({
      List: "To do",
      Title: 'Ship "v1", then rest\nreally',
      Owners: "Member ann, Member bob",
      Labels: "Bug, Feature",
      Start: "2026-12-01T10:00:00+14:00[Pacific/Kiritimati]",
      Deadline: "2026-12-02T10:00:00+14:00[Pacific/Kiritimati]",
      Done: "no",
      Urgent: "yes",
      Important: "no",
      Checklist: "1/2",
      Comments: "1",
      Archived: "no",
      Link: link("c1"),
    })
    const c2 = rows.find((r) => r.Link === link("c2"))!
    expect([c2.Title, c2.Start, c2.Deadline, c2.Done]).toEqual([
      '\'=HYPERLINK("http://evil")',
      "",
      "2026-12-24",
      "yes",
    ])
    expect(rows.find((r) => r.Link === link("c4"))!.Archived).toBe("yes")
    // board order: To do (c1, c2, c3, then archived c4), Doing (c5)
    expect(rows.map((r) => (r.Link ?? "").slice(-2))).toEqual(["c1", "c2", "c3", "c4", "c5"])
  })

  it("exports the imported Trello board: 25 rows", () => {
    const rows = parse(exportCsv(imported(), { cardLink: link }), { bom: true, columns: true })
    expect(rows).toHaveLength(25)
  })
})

describe("Markdown export", () => {
  it("reads as a document: lists, cards, details, checklists, comments; HTML stays text", () => {
    const md = exportMarkdown(trickyBoard(), { cardLink: link })
    expect(md).toMatch(/^# Launch\n/)
    expect(md).toContain("## To do\n")
    expect(md).toContain('### Ship "v1", then rest really\n')
    expect(md).toContain("- Owners: Member ann, Member bob\n")
    expect(md).toContain("- Start: 2026-12-01T10:00:00+14:00[Pacific/Kiritimati]\n")
    expect(md).toContain("- Deadline: 2026-12-02T10:00:00+14:00[Pacific/Kiritimati]\n")
    expect(md).toContain("**Steps**\n\n- [x] one\n- [ ] two\n")
    expect(md).toContain("> &lt;b&gt;hi&lt;/b&gt;, all")
    expect(md).toContain("### Card c4 (archived)")
    expect(md).toContain(`[Open in Baton](${link("c1")})`)
    const hostile = exportMarkdown(imported(), { cardLink: link })
    expect(hostile).not.toMatch(/<script|<img/)
    expect(hostile).toContain("&lt;script&gt;alert('x')&lt;/script&gt; title from a careless paste")
  })
})
