/**
 * A checklist item's owner and deadline: set in one browser's card dialog, seen in a
 * teammate's.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
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

async function openCard(page: Page, title: string) {
  await card(page, title).locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: title })
  await dialog.waitFor()
  return dialog
}

describe("checklist items", () => {
  it("get an owner and a deadline that a teammate sees", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const errors = [...trackPageErrors(a.page), ...trackPageErrors(b.page)]
    const url = await createBoard(a.page, env.relay.url, "Ana")
    await addList(a.page, "To do")
    await addCards(a.page, "To do", ["Launch"])
    await openBoard(b.page, url, "Bo")
    await card(b.page, "Launch").waitFor()

    const dialog = await openCard(a.page, "Launch")
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
    expectNoErrors(errors)
    await a.context.close()
    await b.context.close()
  })
})
