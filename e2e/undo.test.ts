/**
 * Undo and redo in two browsers: Ana's Ctrl+Z and Ctrl+Shift+Z (and Ctrl+Y, and a toast's
 * Undo) take back and bring back each kind of her own change while Ben edits the same board,
 * and Ben's edits are never undone. And titles as one value: two browsers renaming the same
 * card offline end with the same title, and the card offers the other one.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardContents,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  renameCard,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

/** What a tile shows besides its title: its label chips and checklist badge. */
async function tile(page: Page, title: string): Promise<string> {
  const c = card(page, title)
  if ((await c.count()) === 0) return "(none)"
  const labels = await c.locator(".card-labels .label-chip").allTextContents()
  const badge = await c
    .locator('[aria-label^="Checklist "]')
    .getAttribute("aria-label", {
      timeout: 200,
    })
    .catch(() => null)
  return [...labels, badge ?? ""].join("|")
}

async function openCard(page: Page, title: string) {
  await card(page, title).locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: title })
  await dialog.waitFor()
  return dialog
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press("Escape")
  await page.getByRole("dialog").waitFor({ state: "detached" })
}

/** Presses a key with nothing focused (not in a text field). */
async function press(page: Page, keys: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press(keys)
}

const lastToast = (page: Page): Promise<string> =>
  page
    .locator(".toast span")
    .last()
    .textContent()
    .then((t) => t?.trim() ?? "")

describe("undo and redo", () => {
  it("undoes and redoes each kind of my change while a teammate edits, never undoing theirs", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const errors = trackPageErrors(a.page)
    const url = await createBoard(a.page, env.relay.url, "Ana")
    await addList(a.page, "To do")
    await addList(a.page, "Doing")
    await addCards(a.page, "To do", ["One", "Two", "Three"])
    await openBoard(b.page, url, "Ben")
    await waitFor(
      () => boardContents(b.page),
      (c) => c["To do"]?.length === 3,
      15_000,
      "B loads",
    )

    const both = async (what: string, check: (c: Record<string, string[]>) => boolean) => {
      for (const p of [a.page, b.page]) await waitFor(() => boardContents(p), check, 15_000, what)
    }
    let benTitle = "Three"
    /** Ben renames "Three" while Ana works: his edit must survive every undo and redo. */
    const benEdits = async (): Promise<void> => {
      const next = `${benTitle.split(" ")[0]} ${benTitle.length}`
      await renameCard(b.page, benTitle, next)
      benTitle = next
      await both(`Ben's rename to ${next}`, (c) => c["To do"]?.includes(next) === true)
    }
    const benKept = (c: Record<string, string[]>) => c["To do"]?.includes(benTitle) === true

    // A move, with the keyboard.
    await card(a.page, "One").locator(".card-open").focus()
    await a.page.keyboard.press("Alt+ArrowRight")
    await both("the move", (c) => c.Doing?.includes("One") === true)
    await benEdits()
    await press(a.page, "Control+z")
    await both("the move undone", (c) => c["To do"]?.includes("One") === true && benKept(c))
    expect(await lastToast(a.page)).toBe("Undid the move (“One”).")
    await press(a.page, "Control+Shift+z")
    await both("the move redone", (c) => c.Doing?.includes("One") === true && benKept(c))

    // A title edit.
    await renameCard(a.page, "Two", "Two by Ana")
    await benEdits()
    await press(a.page, "Control+z")
    await both("the rename undone", (c) => c["To do"]?.includes("Two") === true && benKept(c))
    await press(a.page, "Control+y")
    await both("the rename redone", (c) => c["To do"]?.includes("Two by Ana") === true)

    // A label and a checklist item, in the card's dialog.
    let dialog = await openCard(a.page, "Two by Ana")
    await dialog.getByLabel("New label").fill("Bug")
    await dialog.getByRole("button", { name: "Add label" }).click()
    await dialog.getByLabel("New checklist item").fill("Test it")
    await dialog.getByLabel("New checklist item").press("Enter")
    await dialog.getByText("Test it").waitFor()
    await closeDialog(a.page)
    for (const p of [a.page, b.page])
      await waitFor(
        () => tile(p, "Two by Ana"),
        (t) => t === "Bug|Checklist 0 of 1",
        15_000,
        "label and item",
      )
    await benEdits()
    await press(a.page, "Control+z")
    for (const p of [a.page, b.page])
      await waitFor(
        () => tile(p, "Two by Ana"),
        (t) => t === "Bug|",
        15_000,
        "item undone",
      )
    await press(a.page, "Control+z")
    for (const p of [a.page, b.page])
      await waitFor(
        () => tile(p, "Two by Ana"),
        (t) => t === "",
        15_000,
        "label undone",
      )
    expect(benKept(await boardContents(a.page))).toBe(true)
    await press(a.page, "Control+Shift+z")
    await press(a.page, "Control+Shift+z")
    for (const p of [a.page, b.page])
      await waitFor(
        () => tile(p, "Two by Ana"),
        (t) => t === "Bug|Checklist 0 of 1",
        15_000,
        "both redone",
      )

    // An archive, from the card's dialog: the toast's Undo and Ctrl+Z are one mechanism.
    dialog = await openCard(a.page, "Two by Ana")
    await dialog.getByRole("button", { name: "Archive", exact: true }).click()
    await both("the archive", (c) => c["To do"]?.includes("Two by Ana") === false)
    await benEdits()
    await a.page
      .locator(".toast", { hasText: "Archived" })
      .getByRole("button", { name: "Undo" })
      .click()
    await both(
      "the archive undone by the toast",
      (c) => c["To do"]?.includes("Two by Ana") === true && benKept(c),
    )
    await press(a.page, "Control+Shift+z")
    await both(
      "the archive redone",
      (c) => c["To do"]?.includes("Two by Ana") === false && benKept(c),
    )
    await press(a.page, "Control+z")
    await both("the archive undone", (c) => c["To do"]?.includes("Two by Ana") === true)

    // A delete for everyone: undone, the card is back as it was, label and checklist too.
    dialog = await openCard(a.page, "Two by Ana")
    await dialog.getByRole("button", { name: "Delete…" }).click()
    await dialog.getByRole("button", { name: "Delete card" }).click()
    await both("the delete", (c) => c["To do"]?.includes("Two by Ana") === false)
    await benEdits()
    await press(a.page, "Control+z")
    await both(
      "the delete undone",
      (c) => c["To do"]?.includes("Two by Ana") === true && benKept(c),
    )
    for (const p of [a.page, b.page])
      await waitFor(
        () => tile(p, "Two by Ana"),
        (t) => t === "Bug|Checklist 0 of 1",
        15_000,
        "restored whole",
      )
    await press(a.page, "Control+Shift+z")
    await both(
      "the delete redone",
      (c) => c["To do"]?.includes("Two by Ana") === false && benKept(c),
    )

    // Inside a text field, Ctrl+Z is the browser's text undo, not the board's.
    const composer = a.page.getByLabel("New card title in To do")
    await a.page.getByRole("button", { name: "+ Add a card" }).first().click()
    await composer.fill("draft")
    await composer.press("Control+z")
    await a.page.waitForTimeout(300)
    expect((await boardContents(a.page))["To do"]?.includes("Two by Ana")).toBe(false)
    await composer.press("Escape")

    // Something Ben built on since: Ana's undo keeps his change and says so.
    await renameCard(a.page, benTitle, "Ana's Three")
    await both("Ana's rename", (c) => c["To do"]?.includes("Ana's Three") === true)
    benTitle = "Ana's Three"
    await benEdits()
    await press(a.page, "Control+z")
    await waitFor(
      () => lastToast(a.page),
      (t) => /Ben changed it since/.test(t),
      10_000,
      "the note",
    )
    expect(benKept(await boardContents(a.page))).toBe(true)

    expect(await boardContents(a.page)).toEqual(await boardContents(b.page))
    expectNoErrors(errors)
    await a.context.close()
    await b.context.close()
  })
})

describe("titles as one value", () => {
  it("two offline renames of one card end equal in both browsers, and the card offers the other", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const errors = trackPageErrors(a.page)
    const errorsB = trackPageErrors(b.page)
    const url = await createBoard(a.page, env.relay.url, "Ana")
    await addList(a.page, "To do")
    await addCards(a.page, "To do", ["N1"])
    await openBoard(b.page, url, "Bo")
    await waitFor(
      () => boardContents(b.page),
      (c) => c["To do"]?.length === 1,
      15_000,
      "B loads",
    )

    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await renameCard(a.page, "N1", "Ana N1")
    await renameCard(b.page, "N1", "N1 by Bo")
    await a.context.setOffline(false)
    await b.context.setOffline(false)

    const [x, y] = await waitFor(
      async () => [
        (await boardContents(a.page))["To do"]?.join() ?? "",
        (await boardContents(b.page))["To do"]?.join() ?? "",
      ],
      ([p, q]) => p === q && (p === "Ana N1" || p === "N1 by Bo"),
      30_000,
      "both browsers to show one of the two titles",
    )
    expect(x).toBe(y)
    const other = x === "Ana N1" ? "N1 by Bo" : "Ana N1"
    const by = x === "Ana N1" ? "Bo" : "Ana"

    for (const p of [a.page, b.page]) {
      const dialog = await openCard(p, x!)
      await expect
        .poll(async () => (await dialog.locator(".title-conflict").textContent())?.trim(), {
          timeout: 10_000,
        })
        .toBe(`Also renamed to “${other}” by ${by}. Use this title`)
      await closeDialog(p)
    }
    // One tap uses the other title, in both browsers.
    const dialog = await openCard(b.page, x!)
    await dialog.getByRole("button", { name: "Use this title" }).click()
    await dialog.locator(".title-conflict").waitFor({ state: "detached" })
    await closeDialog(b.page)
    for (const p of [a.page, b.page])
      await waitFor(
        () => boardContents(p),
        (c) => c["To do"]?.join() === other,
        15_000,
        "the other title",
      )
    expectNoErrors([...errors, ...errorsB])
    await a.context.close()
    await b.context.close()
  })
})
