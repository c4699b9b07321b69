/**
 * A checklist item's owner and deadline: set in one browser's card dialog, seen in a
 * teammate's. Items dragged or moved to another checklist of the card.
 */
import { describe, expect, it } from "vitest"
import type { Locator, Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

/** The item texts each checklist of an open card dialog shows, by checklist. */
async function shownItems(dialog: Locator): Promise<Record<string, string[]>> {
  return dialog.locator(".checklist-block").evaluateAll((blocks) => {
    const out: Record<string, string[]> = {}
    for (const b of blocks) {
      const name = b.querySelector(".checklist-name")?.textContent?.trim() ?? "?"
      out[name] = [...b.querySelectorAll(".checklist-item")].map(
        (li) => li.querySelector(".inline-edit")?.textContent?.trim() ?? "?",
      )
    }
    return out
  })
}

/** Adds named checklists with their items (names first: a card's only checklist's field is unnamed). */
async function addChecklists(dialog: Locator, lists: Record<string, string[]>): Promise<void> {
  for (const name of Object.keys(lists)) {
    await dialog.getByLabel("New checklist name").fill(name)
    await dialog.getByLabel("New checklist name").press("Enter")
    await dialog.locator(".checklist-name", { hasText: name }).waitFor()
  }
  for (const [name, items] of Object.entries(lists))
    for (const text of items) {
      const field = dialog.getByLabel(`New item in ${name}`)
      await field.fill(text)
      await field.press("Enter")
      await dialog.getByLabel(`Done: ${text}`).waitFor()
    }
}

async function openCard(page: Page, title: string) {
  await card(page, title).locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: title })
  await dialog.waitFor()
  return dialog
}

/** Ana's board with a card "Launch", open in her card dialog; Bo has joined it on his device. */
async function launchCard() {
  const a = await newPage(env.browser)
  const b = await newPage(env.browser)
  const errors = [...trackPageErrors(a.page), ...trackPageErrors(b.page)]
  const url = await createBoard(a.page, env.relay.url, "Ana")
  await addList(a.page, "To do")
  await addCards(a.page, "To do", ["Launch"])
  await openBoard(b.page, url, "Bo")
  await card(b.page, "Launch").waitFor()
  const dialog = await openCard(a.page, "Launch")
  return { a, b, errors, dialog }
}

describe("checklist items", () => {
  it("get an owner and a deadline that a teammate sees", async () => {
    const { a, b, errors, dialog } = await launchCard()
    await dialog.getByLabel("New checklist item").fill("Write notes")
    await dialog.getByLabel("New checklist item").press("Enter")
    await dialog.getByLabel("Owner of Write notes").waitFor()
    await waitFor(
      () => dialog.getByLabel("Owner of Write notes").locator("option").allTextContents(),
      (o) => o.includes("Bo"),
      15_000,
      "Bo among the owners offered",
    )
    await dialog.getByLabel("Owner of Write notes").selectOption({ label: "Bo" })
    await dialog.getByLabel("Deadline of Write notes").fill("2026-12-24")

    const seen = await openCard(b.page, "Launch")
    const owner = seen.getByLabel("Owner of Write notes")
    await owner.waitFor({ timeout: 15_000 })
    await expect
      .poll(async () => owner.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text), {
        timeout: 15_000,
      })
      .toBe("Bo")
    await expect
      .poll(() => seen.getByLabel("Deadline of Write notes").inputValue(), { timeout: 15_000 })
      .toBe("2026-12-24")

    // Bo clears the owner; Ana sees no owner.
    await owner.selectOption({ label: "No owner" })
    await expect
      .poll(() => dialog.getByLabel("Owner of Write notes").inputValue(), { timeout: 15_000 })
      .toBe("")

    // Ana takes it: her home page's My work lists the item with its card, and opens the card.
    await dialog.getByLabel("Owner of Write notes").selectOption({ label: "Ana" })
    await a.page.goto(env.relay.url)
    const row = a.page
      .getByRole("list", { name: "My cards and replies" })
      .locator('li[data-kind="item"]', { hasText: "Write notes" })
    await row.waitFor({ timeout: 15_000 })
    expect(await row.textContent()).toContain("in Launch on")
    await row.getByRole("link", { name: "Write notes" }).click()
    await a.page.getByRole("dialog", { name: "Launch" }).waitFor()
    expectNoErrors(errors)
    await a.context.close()
    await b.context.close()
  })

  it("move between checklists by dragging and by the Move to menu, and a teammate sees both", async () => {
    const { a, b, errors, dialog } = await launchCard()
    await addChecklists(dialog, { Before: ["Draft", "Review"], After: ["Announce"] })
    await dialog.getByLabel("Done: Draft").check()
    expect(await shownItems(dialog)).toEqual({ Before: ["Draft", "Review"], After: ["Announce"] })

    // Ana drags "Draft" by its handle onto the lower half of "Announce".
    const announce = dialog.locator(".checklist-item", { hasText: "Announce" })
    const box = (await announce.boundingBox())!
    await dialog
      .locator(".checklist-item", { hasText: "Draft" })
      .locator(".checklist-item-handle")
      .dragTo(announce, { targetPosition: { x: 20, y: box.height - 3 } })
    await expect
      .poll(() => shownItems(dialog), { timeout: 5_000 })
      .toEqual({ Before: ["Review"], After: ["Announce", "Draft"] })
    // It kept its tick, and each checklist counts its own.
    expect(await dialog.getByLabel("Done: Draft").isChecked()).toBe(true)
    expect(await dialog.getByLabel("Progress of After").getAttribute("value")).toBe("1")

    const seen = await openCard(b.page, "Launch")
    await expect
      .poll(() => shownItems(seen), { timeout: 15_000 })
      .toEqual({ Before: ["Review"], After: ["Announce", "Draft"] })
    // Bo, on a device without a mouse drag, uses the item's menu.
    await seen.getByLabel("Move Review to another checklist").selectOption({ label: "After" })
    await expect
      .poll(() => shownItems(dialog), { timeout: 15_000 })
      .toEqual({ Before: [], After: ["Announce", "Draft", "Review"] })
    expect(await seen.getByLabel("Move Review to another checklist").inputValue()).toBe("")

    // Ana drags "Review" back into the now empty "Before".
    await dialog
      .locator(".checklist-item", { hasText: "Review" })
      .locator(".checklist-item-handle")
      .dragTo(dialog.getByRole("region", { name: "Before" }))
    await expect
      .poll(() => shownItems(seen), { timeout: 15_000 })
      .toEqual({ Before: ["Review"], After: ["Announce", "Draft"] })
    expectNoErrors(errors)
    await a.context.close()
    await b.context.close()
  })
})
