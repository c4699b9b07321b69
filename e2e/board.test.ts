/**
 * The board as a person uses it: card dialog, filters, archive and restore, undo, shortcuts,
 * accessibility (axe-core) on every screen, and screenshots at desktop and phone sizes.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  makeDeviceCode,
  pickMemberWithCode,
  PHONE,
  addCards,
  addList,
  axeViolations,
  boardContents,
  card,
  createBoard,
  expectNoErrors,
  list,
  newPage,
  screenshot,
  waitFor,
  boardMenuItem,
  plainBoardUrl,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function seedBoard(page: Page): Promise<string> {
  const url = await createBoard(page, env.relay.url, "Ana Lima")
  await addList(page, "To do")
  await addList(page, "Doing")
  await addList(page, "Done")
  await addCards(page, "To do", ["Write the launch post", "Fix login bug", "Plan team offsite"])
  await addCards(page, "Doing", ["Review pricing page"])
  return url
}

/** In an open card dialog: creates and assigns a label, then adds checklist items. */
async function addLabelAndChecklist(
  dialog: ReturnType<Page["getByRole"]>,
  label: string,
  items: string[],
): Promise<void> {
  await dialog.getByLabel("New label").fill(label)
  await dialog.getByRole("button", { name: "Add label" }).click()
  await dialog.getByRole("checkbox", { name: label }).waitFor()
  for (const item of items) {
    await dialog.getByLabel("New checklist item").fill(item)
    await dialog.getByLabel("New checklist item").press("Enter")
  }
}

async function openCard(page: Page, title: string) {
  await card(page, title).locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: title })
  await dialog.waitFor()
  return dialog
}

describe("board flows", () => {
  it("edits a card in its dialog: description, owners, deadline, labels, checklist, comments", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await seedBoard(page)
    const dialog = await openCard(page, "Fix login bug")
    expect(page.url()).toMatch(/#\/b\/[^/]+\/c\/[A-Za-z0-9]+$/)

    await dialog.getByRole("button", { name: "Edit description" }).click()
    await dialog
      .getByLabel("Description (Markdown)")
      .fill("Steps:\n- open **login**\n- <script>alert(1)</script>")
    await dialog.getByRole("button", { name: "Done", exact: true }).click()
    await expect(dialog.locator(".markdown strong").textContent()).resolves.toBe("login")
    await expect(dialog.locator(".markdown script").count()).resolves.toBe(0)
    await expect(dialog.locator(".markdown").textContent()).resolves.toContain(
      "<script>alert(1)</script>",
    )

    await dialog.getByRole("button", { name: "Assign me" }).click()
    await dialog.getByRole("checkbox", { name: /Ana Lima/ }).waitFor()
    await expect(dialog.getByRole("checkbox", { name: /Ana Lima/ }).isChecked()).resolves.toBe(true)

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    await dialog.getByLabel("Date").fill(yesterday)
    await dialog.getByRole("button", { name: "Save deadline" }).click()
    await dialog.locator(".deadline-overdue").waitFor()

    await addLabelAndChecklist(dialog, "Bug", ["Reproduce", "Fix", "Test"])
    await dialog.getByRole("checkbox", { name: "Done: Reproduce" }).check()
    await dialog.getByLabel("Write a comment").fill("I can reproduce it on Safari.")
    await dialog.getByRole("button", { name: "Comment", exact: true }).click()
    await dialog.locator(".comment", { hasText: "I can reproduce it on Safari." }).waitFor()
    await dialog.locator(".comment").getByRole("button", { name: "Edit" }).click()
    await dialog.getByLabel("Edit comment").fill("I can reproduce it on Safari and Firefox.")
    await dialog.getByRole("button", { name: "Save", exact: true }).click()
    await dialog.locator(".comment", { hasText: "(edited)" }).waitFor()

    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, "card-dialog-desktop-light")

    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "detached" })
    // Focus returns to the board, the URL drops the card.
    expect(page.url()).not.toMatch(/\/c\//)
    const tile = card(page, "Fix login bug")
    await expect(tile.locator(".label-chip").textContent()).resolves.toBe("Bug")
    await expect(tile.textContent()).resolves.toMatch(/overdue/i)
    await expect(tile.textContent()).resolves.toContain("1/3")
    // A screen reader hears the badges in the card's name.
    const open = tile.locator(".card-open")
    await open.getByRole("img", { name: "Checklist 1 of 3" }).waitFor()
    await open.getByRole("img", { name: "1 comment" }).waitFor()
    await open.getByRole("img", { name: "Has a description" }).waitFor()
    await open.getByRole("img", { name: "Owners: Ana Lima" }).waitFor()
    await tile
      .getByRole("button", { name: /Fix login bug.*Checklist 1 of 3.*1 comment.*Owners: Ana Lima/ })
      .waitFor()
    await expect(tile.locator(".avatar").textContent()).resolves.toBe("AL")
    expectNoErrors(errors)
    await context.close()
  })

  it("pins a card, reorders its checklist, and manages labels and the reply time in board settings", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await seedBoard(page)
    const dialog = await openCard(page, "Fix login bug")
    await addLabelAndChecklist(dialog, "Bug", ["Reproduce", "Fix", "Test"])
    const items = () => dialog.locator(".checklist-item .inline-edit").allTextContents()
    await waitFor(items, (t) => t.length === 3, 5000, "three items")
    await expect(
      dialog.getByRole("button", { name: "Move up: Reproduce" }).isDisabled(),
    ).resolves.toBe(true)
    await dialog.getByRole("button", { name: "Move down: Reproduce" }).click()
    await waitFor(items, (t) => t.join() === "Fix,Reproduce,Test", 5000, "moved down")
    await dialog.getByRole("button", { name: "Move up: Test" }).click()
    await waitFor(items, (t) => t.join() === "Fix,Test,Reproduce", 5000, "moved up")

    // Pinned cards show in a strip at the top of the board.
    await dialog.getByRole("checkbox", { name: "Pinned to the top of the board" }).check()
    const strip = page.getByRole("region", { name: "Pinned" })
    await strip.getByRole("button", { name: /^Fix login bug/ }).waitFor()
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "detached" })

    await boardMenuItem(page, "Board settings")
    const settings = page.getByRole("dialog", { name: "Board settings" })
    await settings.waitFor()
    expect(await axeViolations(page)).toEqual([])
    await settings.getByRole("button", { name: "Bug", exact: true }).click()
    await settings.getByLabel("Name of label Bug").fill("Defect")
    await settings.getByLabel("Name of label Bug").press("Enter")
    const chip = card(page, "Fix login bug").locator(".label-chip")
    await waitFor(
      () => chip.textContent(),
      (t) => t === "Defect",
      5000,
      "label renamed",
    )
    await settings.getByLabel("Colour of label Defect").selectOption({ label: "Orange" })
    await waitFor(
      () => chip.evaluate((el) => getComputedStyle(el).backgroundColor),
      (c) => c === "rgb(188, 76, 0)",
      5000,
      "label recoloured",
    )
    await settings.getByLabel(/A reply to a mention is expected within/).fill("8")
    await settings.getByRole("button", { name: "Save", exact: true }).click()
    await settings.getByText("Now: 8 working hours.").waitFor()
    await settings.getByRole("button", { name: "Delete label Defect…" }).click()
    await settings.getByRole("button", { name: "Delete label", exact: true }).click()
    await waitFor(
      () => chip.count(),
      (n) => n === 0,
      5000,
      "label gone from the card",
    )
    await settings.getByText(/No labels yet/).waitFor()
    await page.keyboard.press("Escape")

    // Unpinned, the card leaves the strip (and the strip goes, with nothing pinned).
    const again = await openCard(page, "Fix login bug")
    await again.getByRole("checkbox", { name: "Pinned to the top of the board" }).uncheck()
    await strip.waitFor({ state: "detached" })
    expectNoErrors(errors)
    await context.close()
  })

  it("opens a card from its link, and says so when the card does not exist", async () => {
    const { page, context } = await newPage(env.browser)
    const url = await seedBoard(page)
    await openCard(page, "Plan team offsite")
    const cardUrl = page.url()
    await page.goto(env.relay.url)
    await page.goto(cardUrl)
    await page.getByRole("dialog", { name: "Plan team offsite" }).waitFor()
    await page.goto(`${plainBoardUrl(url)}/c/doesNotExist`)
    await page.getByRole("dialog", { name: "Card not found" }).waitFor()

    // Ctrl+click, as on a link, opens the card in a new tab at its own address.
    await page.goto(url)
    await page.getByRole("dialog").waitFor({ state: "detached" })
    const [tab] = await Promise.all([
      context.waitForEvent("page"),
      card(page, "Fix login bug")
        .locator(".card-open")
        .click({ modifiers: ["Control"] }),
    ])
    await tab.getByRole("dialog", { name: "Fix login bug" }).waitFor()
    expect(tab.url()).toMatch(/#\/b\/[^/]+\/c\/[A-Za-z0-9]+$/)
    expect(await page.getByRole("dialog").count()).toBe(0)
    await context.close()
  })

  it("filters by text, my cards, label and due, and keeps filters in the URL", async () => {
    const { page, context } = await newPage(env.browser)
    await seedBoard(page)
    const dialog = await openCard(page, "Fix login bug")
    await dialog.getByRole("button", { name: "Assign me" }).click()
    await dialog.getByLabel("New label").fill("Bug")
    await dialog.getByRole("button", { name: "Add label" }).click()
    await dialog.getByRole("checkbox", { name: "Bug" }).waitFor()
    await page.keyboard.press("Escape")

    const shown = async () =>
      Object.values(await boardContents(page))
        .flat()
        .sort()
    await page.getByLabel("Search cards").fill("PRICING")
    await waitFor(shown, (s) => s.join() === "Review pricing page", 5000, "text filter")
    expect(decodeURIComponent(page.url())).toContain("q=PRICING")
    await page.getByLabel("Search cards").fill("")
    await page.getByRole("button", { name: "My cards" }).click()
    await waitFor(shown, (s) => s.join() === "Fix login bug", 5000, "my cards")
    expect(page.url()).toContain("owner=me")
    await page.getByRole("button", { name: "My cards" }).click()
    await page.getByLabel("Label", { exact: true }).selectOption({ label: "Bug" })
    await waitFor(shown, (s) => s.join() === "Fix login bug", 5000, "label filter")
    await page.getByLabel("Label", { exact: true }).selectOption({ label: "Any label" })
    await page.getByLabel("Due", { exact: true }).selectOption("none")
    await waitFor(shown, (s) => s.length === 4, 5000, "no deadline")
    await page.getByLabel("Due", { exact: true }).selectOption("overdue")
    await waitFor(shown, (s) => s.length === 0, 5000, "overdue")
    // Reload keeps the filter (it is in the URL).
    await page.reload()
    await page.getByLabel("Due", { exact: true }).waitFor()
    await expect(page.getByLabel("Due", { exact: true }).inputValue()).resolves.toBe("overdue")
    await waitFor(shown, (s) => s.length === 0, 5000, "overdue after reload")
    await page.getByRole("button", { name: "Clear filters" }).click()
    await waitFor(shown, (s) => s.length === 4, 5000, "cleared")
    await context.close()
  })

  it("archives and restores cards and lists, deletes with confirmation, and undoes", async () => {
    const { page, context } = await newPage(env.browser)
    await seedBoard(page)
    // Archive a card from its dialog, undo from the toast.
    let dialog = await openCard(page, "Plan team offsite")
    await dialog.getByRole("button", { name: "Archive" }).click()
    await card(page, "Plan team offsite").waitFor({ state: "detached" })
    await page
      .getByRole("status")
      .filter({ hasText: "Archived “Plan team offsite”" })
      .getByRole("button", { name: "Undo" })
      .click()
    await card(page, "Plan team offsite").waitFor()

    // Archive again and restore from the archive view.
    dialog = await openCard(page, "Plan team offsite")
    await dialog.getByRole("button", { name: "Archive" }).click()
    await card(page, "Plan team offsite").waitFor({ state: "detached" })
    await boardMenuItem(page, "Archive")
    const archive = page.getByRole("dialog", { name: "Archive" })
    expect(await axeViolations(page)).toEqual([])
    await archive.getByRole("button", { name: "Restore card Plan team offsite" }).click()
    await card(page, "Plan team offsite").waitFor()
    await page.keyboard.press("Escape")

    // Archive a list from its menu; it is listed in the archive and comes back.
    await page.getByRole("button", { name: "Actions for list Doing" }).click()
    await page.getByRole("button", { name: "Archive list" }).click()
    await list(page, "Doing").waitFor({ state: "detached" })
    await boardMenuItem(page, "Archive")
    await archive.getByRole("button", { name: "Restore list Doing" }).click()
    await list(page, "Doing").waitFor()
    await expect(list(page, "Doing").locator(".card-title").allTextContents()).resolves.toEqual([
      "Review pricing page",
    ])
    await page.keyboard.press("Escape")

    // Delete asks first; Undo brings the card back with its details.
    dialog = await openCard(page, "Write the launch post")
    await dialog.getByLabel("New checklist item").fill("Draft")
    await dialog.getByLabel("New checklist item").press("Enter")
    await dialog.getByRole("checkbox", { name: "Done: Draft" }).waitFor()
    await dialog.getByRole("button", { name: "Delete…" }).click()
    await dialog
      .getByRole("group", { name: "Confirm delete" })
      .getByRole("button", { name: "Delete card" })
      .click()
    await card(page, "Write the launch post").waitFor({ state: "detached" })
    await page
      .getByRole("status")
      .filter({ hasText: "Deleted" })
      .getByRole("button", { name: "Undo" })
      .click()
    await card(page, "Write the launch post").waitFor()
    await expect(card(page, "Write the launch post").textContent()).resolves.toContain("0/1")
    expect((await boardContents(page))["To do"]?.[0]).toBe("Write the launch post")
    await context.close()
  })

  it("has keyboard shortcuts: ? lists them, n adds a card, arrows move focus, a assigns me, m moves", async () => {
    const { page, context } = await newPage(env.browser)
    await seedBoard(page)
    await page.locator("body").click({ position: { x: 5, y: 300 } })
    await page.keyboard.press("?")
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" })
    await help.waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.keyboard.press("Escape")
    await help.waitFor({ state: "detached" })

    await card(page, "Write the launch post").locator(".card-open").focus()
    await page.keyboard.press("ArrowDown")
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain(
      "Fix login bug",
    )
    await page.keyboard.press("ArrowRight")
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain(
      "Review pricing page",
    )
    await page.keyboard.press("ArrowLeft")
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain(
      "Write the launch post",
    )
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("a")
    await card(page, "Fix login bug").locator(".avatar").waitFor()
    await page.keyboard.press("n")
    await page.keyboard.type("Added by keyboard")
    await page.keyboard.press("Enter")
    await card(page, "Added by keyboard").waitFor()
    await page.keyboard.press("Escape")

    await card(page, "Fix login bug").locator(".card-open").focus()
    await page.keyboard.press("m")
    const move = page.getByRole("dialog", { name: "Move “Fix login bug”" })
    await move.getByLabel("List").selectOption({ label: "Done" })
    await move.getByRole("button", { name: "Move", exact: true }).click()
    await list(page, "Done").locator(".card", { hasText: "Fix login bug" }).waitFor()
    await expect(page.getByTestId("announcer").textContent()).resolves.toMatch(
      /Moved Fix login bug to Done/,
    )
    await page.keyboard.press("/")
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("filter-q")
    await context.close()
  })

  it("asks who I am once per board and device, lets me be an existing member with the code from their device, and edit my profile", async () => {
    const a = await newPage(env.browser)
    const url = await seedBoard(a.page)
    // Another device of the same person: picks the existing member instead of joining again.
    const b = await newPage(env.browser)
    await b.page.goto(url)
    const who = b.page.getByRole("dialog", { name: "Who are you on this board?" })
    await who.waitFor()
    expect(await axeViolations(b.page)).toEqual([])
    await expect(who.getByLabel("Your time zone").inputValue()).resolves.toBe(
      await b.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
    )
    // Being an existing member needs the one-time code from one of that member's devices.
    const code = await makeDeviceCode(a.page)
    await pickMemberWithCode(b.page, "Ana Lima", code)
    await who.waitFor({ state: "detached" })
    await b.page.reload()
    await b.page.getByRole("button", { name: "My profile: Ana Lima" }).waitFor()
    await expect(b.page.getByRole("dialog").count()).resolves.toBe(0)
    // Edit the profile: the new name shows on the other device.
    await b.page.getByRole("button", { name: "My profile: Ana Lima" }).click()
    const profile = b.page.getByRole("dialog", { name: "My profile on this board" })
    await profile.getByLabel("Your name").fill("Ana L. Souza")
    await profile.getByLabel("Your time zone").fill("America/Lima")
    await profile.getByRole("button", { name: "Save" }).click()
    await profile.waitFor({ state: "detached" })
    await a.page
      .getByRole("button", { name: "My profile: Ana L. Souza" })
      .waitFor({ timeout: 10_000 })
    await a.context.close()
    await b.context.close()
  })

  it("passes axe and looks right at desktop and phone sizes, light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      for (const size of ["desktop", "phone"] as const) {
        const { page, context } = await newPage(env.browser, {
          colorScheme: scheme,
          ...(size === "phone" ? { viewport: PHONE, hasTouch: true } : {}),
        })
        await page.goto(env.relay.url)
        await page.getByRole("heading", { name: "Your boards" }).waitFor()
        expect(await axeViolations(page), `home ${scheme} ${size}`).toEqual([])
        await screenshot(page, `home-${size}-${scheme}`)
        const url = await createBoard(page, null, "Ana Lima")
        await addList(page, "To do")
        await addList(page, "Doing")
        await addCards(page, "To do", [
          "Write the launch post",
          "Fix login bug",
          "Plan team offsite",
        ])
        const dialog = await openCard(page, "Fix login bug")
        await dialog.getByRole("button", { name: "Assign me" }).click()
        await dialog.getByLabel("New label").fill("Bug")
        await dialog.getByRole("button", { name: "Add label" }).click()
        await dialog.getByRole("checkbox", { name: "Bug" }).waitFor()
        await dialog
          .getByLabel("Date")
          .fill(new Date(Date.now() + 3600_000 * 5).toISOString().slice(0, 10))
        await dialog.getByRole("button", { name: "Save deadline" }).click()
        await screenshot(page, `card-${size}-${scheme}`)
        await page.keyboard.press("Escape")
        await dialog.waitFor({ state: "detached" })
        expect(await axeViolations(page), `board ${scheme} ${size}`).toEqual([])
        await screenshot(page, `board-${size}-${scheme}`)
        if (size === "phone") {
          // Lists snap one by one on a phone; nothing overflows the viewport horizontally.
          const overflow = await page.evaluate(() =>
            [...document.querySelectorAll("body *")]
              .filter((el) => {
                // Content inside a sideways-scrolling row (lists, tools, filters) may extend past the edge.
                for (let p = el.parentElement; p !== null; p = p.parentElement) {
                  const o = getComputedStyle(p).overflowX
                  if (o === "auto" || o === "scroll") return false
                }
                return el.getBoundingClientRect().right > window.innerWidth + 1
              })
              .map((el) => `${el.tagName}.${el.className}`),
          )
          expect(overflow).toEqual([])
          const snap = await page.evaluate(
            () => getComputedStyle(document.querySelector(".lists")!).scrollSnapType,
          )
          expect(snap).toContain("x")
        }
        await page.goto(`${env.relay.url}/#/b/broken`)
        await page.getByRole("alert").waitFor()
        expect(await axeViolations(page), `invalid link ${scheme} ${size}`).toEqual([])
        expect(url).toMatch(/#\/b\//)
        await context.close()
      }
    }
  })
})
