/**
 * Importing a Trello export from the home page, in Chromium: the summary first, then a new
 * board that opens with every open card in its list and its badges, the same board in a
 * second browser from its link; a damaged file is refused and creates nothing.
 */
import { readFileSync } from "node:fs"
import { join as joinPath } from "node:path"
import { parse } from "csv-parse/sync"
import ICAL from "ical.js"
import { describe, expect, it } from "vitest"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  boardContents,
  boardMenuItem,
  card,
  expectNoErrors,
  join,
  newPage,
  openBoard,
  shareLinkOf,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()
const FIXTURE = joinPath(import.meta.dirname, "..", "src/model/import/fixtures/product-launch.json")

/** The open lists and their open cards, in Trello's order (read from the file with pos). */
function expectedContents(): Record<string, string[]> {
  const t = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
    lists: { id: string; name: string; pos: number; closed: boolean }[]
    cards: { idList: string; name: string; pos: number; closed: boolean }[]
  }
  const out: Record<string, string[]> = {}
  for (const l of [...t.lists].sort((a, b) => a.pos - b.pos)) {
    if (l.closed) continue
    out[l.name] = t.cards
      .filter((c) => c.idList === l.id && !c.closed)
      .sort((a, b) => a.pos - b.pos)
      .map((c) => c.name)
  }
  return out
}

describe("import from Trello", () => {
  it("shows a summary, creates the board, opens it with its cards and badges; a second browser sees the same", async () => {
    const a = await newPage(env.browser)
    const errors = trackPageErrors(a.page)
    await a.page.goto(env.relay.url)
    await a.page.getByRole("button", { name: "Import from Trello" }).waitFor()
    await a.page.getByLabel("Board export file").setInputFiles(FIXTURE)
    const summary = a.page.getByRole("region", { name: "Import summary" })
    await summary.waitFor()
    const text = (await summary.textContent()) ?? ""
    expect(text).toContain("Board: Product launch")
    expect(text).toContain("5 lists (1 archived), 25 cards (2 archived)")
    expect(text).toContain("12 checklists with 36 items, 24 comments")
    // Start dates come over now, so they are not among what is left behind.
    expect(text).not.toMatch(/start date/i)
    await summary.getByRole("button", { name: "Create board" }).click()
    await a.page.waitForURL(/#\/b\//, { timeout: 20_000 })
    await join(a.page, "Importer")
    const expected = expectedContents()
    expect(Object.values(expected).flat()).toHaveLength(20)
    await waitFor(
      () => boardContents(a.page),
      (c) => JSON.stringify(c) === JSON.stringify(expected),
      15_000,
      "every open card in its list",
    )
    // Badges: both checklists counted, comments, owners, deadline
    await card(a.page, "Pricing page copy").getByRole("img", { name: "Checklist 3 of 6" }).waitFor()
    const launch = card(a.page, "Write launch announcement")
    await launch.getByRole("img", { name: /Owners: Ana Folau/ }).waitFor()
    await launch.locator(".deadline, .time-deadline").first().waitFor()
    const rota = card(a.page, "Launch-day rota across time zones")
    expect(await rota.count()).toBe(0) // its list is archived
    const commented = await a.page.locator("li.card .badge", { hasText: /^\s*\d+\s*$/ }).count()
    expect(commented).toBeGreaterThan(0)
    // The hostile title is text, and no script ran
    expect(await a.page.evaluate(() => document.querySelectorAll("li.card script").length)).toBe(0)

    const url = await shareLinkOf(a.page, "Can edit")
    const b = await newPage(env.browser)
    const errorsB = trackPageErrors(b.page)
    await openBoard(b.page, url, "Ben")
    await waitFor(
      () => boardContents(b.page),
      (c) => JSON.stringify(c) === JSON.stringify(expected),
      20_000,
      "the second browser to see the same board",
    )
    await card(b.page, "Pricing page copy").getByRole("img", { name: "Checklist 3 of 6" }).waitFor()
    expectNoErrors(errors)
    expectNoErrors(errorsB)
    await a.context.close()
    await b.context.close()
  })

  it("exports the board as Baton JSON, CSV and Markdown; the JSON imports into an equal board", async () => {
    const { page, context } = await newPage(env.browser)
    await page.goto(env.relay.url)
    await page.getByLabel("Board export file").setInputFiles(FIXTURE)
    await page.getByRole("button", { name: "Create board" }).click()
    await page.waitForURL(/#\/b\//, { timeout: 20_000 })
    await join(page, "Importer")
    const expected = expectedContents()
    await waitFor(
      () => boardContents(page),
      (c) => JSON.stringify(c) === JSON.stringify(expected),
      15_000,
      "the imported board",
    )
    await boardMenuItem(page, "Export")
    const dialog = page.getByRole("dialog", { name: "Export board" })
    const save = async (name: string): Promise<string> => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        dialog.getByRole("button", { name }).click(),
      ])
      const path = await download.path()
      return readFileSync(path, "utf8")
    }
    const csv = await save("CSV")
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(25)
    expect(rows.find((r) => r.Title === "Pricing page copy")?.Checklist).toBe("3/6")
    expect(await save("Markdown")).toMatch(/^# Product launch\n/)
    const json = await save("Baton JSON")
    expect((JSON.parse(json) as { format: string }).format).toBe("baton/board-export")
    await page.keyboard.press("Escape")

    await page.goto(env.relay.url)
    await page.getByLabel("Board export file").setInputFiles({
      name: "board.baton.json",
      mimeType: "application/json",
      buffer: Buffer.from(json),
    })
    await page.getByRole("region", { name: "Import summary" }).getByText("25 cards").waitFor()
    await page.getByRole("button", { name: "Create board" }).click()
    await page.waitForURL(/#\/b\//, { timeout: 20_000 })
    await page.getByRole("dialog", { name: "Who are you on this board?" }).waitFor()
    await page.keyboard.press("Escape")
    await waitFor(
      () => boardContents(page),
      (c) => JSON.stringify(c) === JSON.stringify(expected),
      15_000,
      "the re-imported board",
    )
    await context.close()
  })

  it("board settings give a calendar link the relay serves, until it is stopped", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await page.goto(env.relay.url)
    await page.getByLabel("Board export file").setInputFiles(FIXTURE)
    await page.getByRole("button", { name: "Create board" }).click()
    await page.waitForURL(/#\/b\//, { timeout: 20_000 })
    await join(page, "Importer")
    await boardMenuItem(page, "Board settings")
    const settings = page.getByRole("dialog", { name: "Board settings" })
    await settings.getByRole("button", { name: "Link for all deadlines" }).click()
    const input = settings.getByRole("textbox", { name: "Calendar link: All deadlines" })
    await input.waitFor()
    const url = await input.inputValue()
    expect(url).toMatch(new RegExp(`^${env.relay.url}/calendar/[^/]+/[A-Za-z0-9_-]{43}\\.ics$`))
    const t = JSON.parse(readFileSync(FIXTURE, "utf8")) as {
      lists: { id: string; closed: boolean }[]
      cards: { idList: string; closed: boolean; due: string | null }[]
    }
    const open = new Set(t.lists.filter((l) => !l.closed).map((l) => l.id))
    const due = t.cards.filter((c) => !c.closed && open.has(c.idList) && c.due !== null).length
    expect(due).toBeGreaterThan(0)
    const fetchIcs = async (): Promise<{ status: number; text: string }> => {
      const r = await fetch(url)
      return { status: r.status, text: await r.text() }
    }
    const served = await waitFor(fetchIcs, (r) => r.status === 200, 10_000, "the feed")
    const events = new ICAL.Component(ICAL.parse(served.text)).getAllSubcomponents("vevent")
    expect(events).toHaveLength(due)
    await settings.getByRole("button", { name: "Stop calendar link: All deadlines" }).click()
    await input.waitFor({ state: "detached" })
    await waitFor(fetchIcs, (r) => r.status === 404, 10_000, "the stopped feed to be refused")
    expectNoErrors(errors)
    await context.close()
  })

  it("refuses a cut-off file with a clear message and creates nothing", async () => {
    const { page, context } = await newPage(env.browser)
    await page.goto(env.relay.url)
    const text = readFileSync(FIXTURE, "utf8")
    await page.getByLabel("Board export file").setInputFiles({
      name: "product-launch.json",
      mimeType: "application/json",
      buffer: Buffer.from(text.slice(0, 20_000)),
    })
    await page.getByRole("alert").filter({ hasText: "This file stops in the middle" }).waitFor()
    expect(page.url()).not.toMatch(/#\/b\//)
    expect(await page.locator(".board-entry").count()).toBe(0)
    await context.close()
  })
})
