import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { allCards } from "../model"
import { planImport } from "../model/import"
import { renderMarkdown } from "./markdown"

const FIXTURE = readFileSync(
  new URL("../model/import/fixtures/product-launch.json", import.meta.url),
  "utf8",
)

describe("hostile text from a Trello export", () => {
  it("renders as text in a description: no element, no script link", () => {
    let n = 0
    const { board } = planImport(FIXTURE, {
      memberId: "me",
      now: "2026-12-07T01:00:00.000Z",
      newId: () => `id${n++}`,
    })
    const card = allCards(board).find((c) => c.title.startsWith("<script>"))!
    const html = renderMarkdown(card.description)
    expect(html).not.toMatch(/<img|<script|href="javascript/i)
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;")
  })
})
