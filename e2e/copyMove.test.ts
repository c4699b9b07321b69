/**
 * Copy and move, as a Trello user reaches for them: copy a card with or without its parts, to
 * a chosen list and position; copy a list; move a card to another board on this device, which
 * leaves the card archived on the old board with a note linking to it; template cards offered
 * by every list's "Add a card"; a new board from a template board on the home page.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import { expectPhoneFit, newPhone } from "./phoneFit"
import {
  addCards,
  addList,
  boardContents,
  boardMenuItem,
  card,
  createBoard,
  expectNoErrors,
  join,
  list,
  newPage,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function openCard(page: Page, title: string, inList?: string) {
  const scope = inList === undefined ? page : list(page, inList)
  await scope
    .locator("li.card[data-card-id]")
    .filter({ has: page.locator(".card-title", { hasText: title }) })
    .first()
    .locator(".card-open")
    .click()
  const dialog = page.getByRole("dialog", { name: title })
  await dialog.waitFor()
  return dialog
}

async function closeAll(page: Page): Promise<void> {
  while ((await page.getByRole("dialog").count()) > 0) {
    await page.keyboard.press("Escape")
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Label chips and whether the checklist badge shows, per card of a list, in order. */
async function tiles(page: Page, listTitle: string): Promise<string[]> {
  return list(page, listTitle)
    .locator("li.card[data-card-id]")
    .evaluateAll((els) =>
      els.map((el) =>
        [
          el.querySelector(".card-title")?.textContent?.trim() ?? "",
          ...[...el.querySelectorAll(".card-labels .label-chip")].map((c) => c.textContent),
          el.querySelector('[aria-label^="Checklist "]') !== null ? "checklist" : "",
        ]
          .filter((x) => x !== "")
          .join("|"),
      ),
    )
}

async function renameBoard(page: Page, title: string): Promise<void> {
  await page.getByRole("heading", { level: 1 }).getByRole("button").first().click()
  const input = page.getByRole("textbox", { name: "Board title" })
  await input.fill(title)
  await input.press("Enter")
  await page.getByRole("heading", { level: 1 }).getByText(title).waitFor()
}

describe("copy, move and templates", () => {
  it("copies a card with or without its parts, at a chosen place, and copies a list", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addList(page, "Doing")
    await addCards(page, "To do", ["Spec"])
    await addCards(page, "Doing", ["Review"])
    const dialog = await openCard(page, "Spec")
    await dialog.getByLabel("New label").fill("Bug")
    await dialog.getByRole("button", { name: "Add label" }).click()
    await dialog.getByLabel("New checklist item").fill("Draft")
    await dialog.getByLabel("New checklist item").press("Enter")
    await dialog.getByLabel("Write a comment").fill("Looks good")
    await dialog.getByRole("button", { name: "Comment", exact: true }).click()
    await dialog.getByText("Looks good").waitFor()

    // With everything, at the bottom of Doing.
    await dialog.getByRole("button", { name: "Copy…" }).click()
    let copy = page.getByRole("dialog", { name: "Copy “Spec”" })
    await copy.getByLabel("List", { exact: true }).selectOption({ label: "Doing" })
    await copy.getByLabel("Position").selectOption({ label: "2 (bottom)" })
    await copy.getByRole("button", { name: "Copy card" }).click()
    await copy.waitFor({ state: "detached" })
    await waitFor(
      () => tiles(page, "Doing"),
      (t) => t.join() === "Review,Spec|Bug|checklist",
      5000,
      "full copy at the bottom of Doing",
    )
    // Without checklist, labels and comments, at the top of Doing.
    await dialog.getByRole("button", { name: "Copy…" }).click()
    copy = page.getByRole("dialog", { name: "Copy “Spec”" })
    await copy.getByLabel("List", { exact: true }).selectOption({ label: "Doing" })
    await copy.getByLabel("Position").selectOption({ label: "1 (top)" })
    for (const part of ["Checklists", "Labels", "Comments"])
      await copy.getByRole("checkbox", { name: part }).uncheck()
    await copy.getByRole("button", { name: "Copy card" }).click()
    await copy.waitFor({ state: "detached" })
    await waitFor(
      () => tiles(page, "Doing"),
      (t) => t.join() === "Spec,Review,Spec|Bug|checklist",
      5000,
      "bare copy at the top of Doing",
    )
    await closeAll(page)
    const bare = await openCard(page, "Spec", "Doing")
    expect(await bare.getByText("Looks good").count()).toBe(0)
    await closeAll(page)
    // The original keeps everything.
    expect(await tiles(page, "To do")).toEqual(["Spec|Bug|checklist"])

    // Copy list: right after the original, with its cards.
    await page.getByRole("button", { name: "Actions for list To do" }).click()
    await page.getByRole("button", { name: "Copy list…" }).click()
    await page.getByLabel("Name of the copy").fill("To do again")
    await page.getByRole("button", { name: "Create list" }).click()
    await waitFor(
      () => boardContents(page),
      (c) => Object.keys(c).join() === "To do,To do again,Doing",
      5000,
      "copied list",
    )
    expect(await tiles(page, "To do again")).toEqual(["Spec|Bug|checklist"])
    // A copy is an edit like any other: Ctrl+Z takes it back.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press("Control+z")
    await waitFor(
      () => boardContents(page),
      (c) => Object.keys(c).join() === "To do,Doing",
      5000,
      "list copy undone",
    )
    expectNoErrors(errors)
    await context.close()
  })

  it("moves a card to another board on this device, leaving a note on the old one", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    // The board it goes to.
    await createBoard(page, env.relay.url, "Ana")
    await renameBoard(page, "Ops")
    await addList(page, "Inbox")
    await addCards(page, "Inbox", ["Old task"])
    // The board it comes from.
    await page.goto(env.relay.url)
    const url = await createBoard(page, null, "Ana")
    await renameBoard(page, "Launch")
    await addList(page, "To do")
    await addCards(page, "To do", ["Ship it"])
    const dialog = await openCard(page, "Ship it")
    await dialog.getByLabel("Write a comment").fill("Needs the release notes")
    await dialog.getByRole("button", { name: "Comment", exact: true }).click()
    await dialog.getByText("Needs the release notes").waitFor()
    await dialog.getByRole("button", { name: "Move to another board…" }).click()
    const move = page.getByRole("dialog", { name: "Move “Ship it” to another board" })
    await move.getByLabel("Board", { exact: true }).selectOption({ label: "Ops" })
    await move
      .getByLabel("List", { exact: true })
      .locator("option", { hasText: "Inbox" })
      .waitFor({ state: "attached" })
    await move.getByLabel("Position").selectOption({ label: "1 (top)" })
    await move.getByRole("button", { name: "Move card" }).click()
    await page.getByRole("dialog").first().waitFor({ state: "detached" })
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.length === 0,
      5000,
      "card gone from the old board's list",
    )
    // The old board keeps it archived, with a note linking to the new place.
    await boardMenuItem(page, "Archive")
    await page.getByRole("button", { name: "Open card Ship it" }).click()
    const stub = page.getByRole("dialog", { name: "Ship it" })
    await stub.getByText("archived").waitFor()
    const note = stub.getByRole("link", { name: "Ops" })
    await note.waitFor()
    expect(await note.getAttribute("href")).toMatch(/#\/b\/[^/]+\/c\/[^/]+$/)
    await stub.getByText("Moved to").waitFor()
    const target = (await note.getAttribute("href")) ?? ""
    await closeAll(page)

    // On the other board: at the top of Inbox, with its comment (Ana is Ana there too).
    await page.goto(target)
    const moved = page.getByRole("dialog", { name: "Ship it" })
    await moved.getByText("Needs the release notes").waitFor()
    await closeAll(page)
    await waitFor(
      () => boardContents(page),
      (c) => c.Inbox?.join() === "Ship it,Old task",
      10_000,
      "moved card on the other board",
    )

    // A teammate on the old board sees the note too.
    const b = await newPage(env.browser)
    await b.page.goto(url)
    await join(b.page, "Ben")
    await boardMenuItem(b.page, "Archive")
    await b.page.getByRole("button", { name: "Open card Ship it" }).click()
    await b.page
      .getByRole("dialog", { name: "Ship it" })
      .getByRole("link", { name: "Ops" })
      .waitFor({ timeout: 15_000 })
    expectNoErrors(errors)
    await b.context.close()
    await context.close()
  })

  it("offers template cards in every list, and makes a new board from a template board", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await renameBoard(page, "Sprint template")
    await addList(page, "To do")
    await addList(page, "Doing")
    await addCards(page, "To do", ["Bug report", "Ordinary"])
    const dialog = await openCard(page, "Bug report")
    await dialog.getByRole("button", { name: "Edit description" }).click()
    await dialog.getByRole("textbox", { name: "Description (Markdown)" }).fill("Steps to reproduce")
    await dialog.getByRole("button", { name: "Done", exact: true }).click()
    await dialog.getByLabel("New label").fill("Bug")
    await dialog.getByRole("button", { name: "Add label" }).click()
    await dialog.getByLabel("New checklist item").fill("Reproduce")
    await dialog.getByLabel("New checklist item").press("Enter")
    await dialog.getByRole("checkbox", { name: /^Template/ }).check()
    await closeAll(page)
    await card(page, "Bug report").locator(".template-badge").waitFor()

    // Every list offers it; the new card takes its description, checklist and labels.
    await page.getByRole("button", { name: "Add a card from a template to Doing" }).click()
    await page
      .getByRole("group", { name: "Templates for Doing" })
      .getByRole("button", { name: "Bug report" })
      .click()
    await waitFor(
      () => tiles(page, "Doing"),
      (t) => t.join() === "Bug report|Bug|checklist",
      5000,
      "card from the template",
    )
    const made = await openCard(page, "Bug report", "Doing")
    await made.getByText("Steps to reproduce").waitFor()
    expect(await made.getByRole("checkbox", { name: /^Template/ }).isChecked()).toBe(false)
    await closeAll(page)
    expect(
      await page.getByRole("button", { name: "Add a card from a template to To do" }).count(),
    ).toBe(1)

    // A template board; on Home, a new board from it: lists, labels, template cards only.
    await boardMenuItem(page, "Board settings")
    await page.getByRole("checkbox", { name: "This board is a template" }).check()
    await closeAll(page)
    await page.getByRole("link", { name: "Baton home: your boards" }).click()
    await page
      .locator(".board-entry", { hasText: "Sprint template" })
      .locator(".template-badge")
      .waitFor()
    await page.getByRole("button", { name: "From a template…" }).click()
    const from = page.getByRole("dialog", { name: "New board from a template" })
    expect(await from.getByLabel("From board").locator("option:checked").textContent()).toBe(
      "Sprint template (template)",
    )
    await from.getByLabel("New board's title").fill("Sprint 12")
    expect(await from.getByLabel("Your name").inputValue()).toBe("Ana")
    await from.getByRole("button", { name: "Create board" }).click()
    await page.waitForURL(/#\/b\//)
    await page.getByRole("heading", { level: 1 }).getByText("Sprint 12").waitFor()
    await waitFor(
      () => boardContents(page),
      (c) => JSON.stringify(c) === JSON.stringify({ "To do": ["Bug report"], Doing: [] }),
      10_000,
      "the new board's lists and template card",
    )
    expect(await page.getByRole("dialog", { name: "Who are you on this board?" }).count()).toBe(0)
    expect(await tiles(page, "To do")).toEqual(["Bug report|Bug|checklist"])
    await card(page, "Bug report").locator(".template-badge").waitFor()
    expectNoErrors(errors)
    await context.close()
  })

  it("fits the copy and move dialogs on a phone", async () => {
    const { page, context } = await newPhone(env.browser, { width: 390, height: 844 }, "light")
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addCards(page, "To do", ["Call the printer about the flyers for the opening"])
    const dialog = await openCard(page, "Call the printer")
    await dialog.getByRole("button", { name: "Copy…" }).click()
    const copy = page.getByRole("dialog", { name: /^Copy “Call the printer/ })
    await copy.waitFor()
    await expectPhoneFit(page, "copy dialog")
    await copy.getByRole("button", { name: "Copy card" }).click()
    await copy.waitFor({ state: "detached" })
    await dialog.getByRole("button", { name: "Move to another board…" }).click()
    const move = page.getByRole("dialog", { name: /to another board$/ })
    await move
      .getByText("No other board on this device that you have joined.", { exact: false })
      .waitFor()
    expect(await move.getByRole("button", { name: "Move card" }).isDisabled()).toBe(true)
    await expectPhoneFit(page, "move to another board dialog")
    await closeAll(page)
    expect((await boardContents(page))["To do"]?.length).toBe(2)
    expectNoErrors(errors)
    await context.close()
  })
})
