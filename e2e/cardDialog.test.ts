/**
 * The card dialog's sections: each drawn once, the deadline in one section whatever the
 * extensions add to it, and a link to a section (`openCard(cardId, "deadline")`) landing there.
 */
import { describe, expect, it } from "vitest"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import { addCards, addList, card, createBoard, expectNoErrors, newPage } from "./boardHelpers"

const env = useRelayAndBrowser()
/** 7 January 2030 in the browser's locale ("Mon 7 Jan 2030", "Mon, Jan 7, 2030"). */
const STARTS_7_JAN_2030 = /Starts · \D*7\D*2030/

describe("the card dialog", () => {
  it("has one Deadline section, which shows the deadline in my time once it is set", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana Lima")
    await addList(page, "To do")
    await addCards(page, "To do", ["Ship the beta"])
    await card(page, "Ship the beta").locator(".card-open").click()
    const dialog = page.getByRole("dialog", { name: "Ship the beta" })
    await dialog.waitFor()
    const headings = async (): Promise<string[]> =>
      (await dialog.locator("h3").allTextContents()).map((t) => t.trim())
    const deadlineHeadings = async (): Promise<number> =>
      (await headings()).filter((t) => t === "Deadline").length

    expect(await deadlineHeadings()).toBe(1)
    for (const name of ["Description", "Owners", "Labels", "Comments"])
      expect((await headings()).filter((t) => t === name)).toHaveLength(1)

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    await dialog.getByLabel("Date").fill(tomorrow)
    await dialog.getByLabel("Time (optional)").fill("15:00")
    await dialog.getByRole("button", { name: "Save deadline" }).click()
    // The deadline in my time is drawn inside the one Deadline section, not in a second one.
    const section = dialog.getByRole("region", { name: "Deadline" })
    await section.locator(".time-deadline", { hasText: "your time" }).waitFor()
    expect(await deadlineHeadings()).toBe(1)
    await expect(section.getByRole("button", { name: "Save deadline" }).count()).resolves.toBe(1)

    expectNoErrors(errors)
    await context.close()
  })

  it("is a page of its own in the history: Back closes it, Forward opens it again", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana Lima")
    await addList(page, "To do")
    await addCards(page, "To do", ["Write the brief"])
    const boardUrl = page.url()
    await card(page, "Write the brief").locator(".card-open").click()
    const dialog = page.getByRole("dialog", { name: "Write the brief" })
    await dialog.waitFor()
    expect(page.url()).not.toBe(boardUrl)
    // The dialog takes the focus without scrolling the board behind it.
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true)
    await page.goBack()
    await dialog.waitFor({ state: "detached" })
    expect(page.url()).toBe(boardUrl)
    await page.goForward()
    await dialog.waitFor()
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "detached" })
    expectNoErrors(errors)
    await context.close()
  })

  it("sets a start date beside the deadline, shown on the tile, and removes it", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana Lima")
    await addList(page, "To do")
    await addCards(page, "To do", ["Plan the launch"])
    await card(page, "Plan the launch").locator(".card-open").click()
    const dialog = page.getByRole("dialog", { name: "Plan the launch" })
    await dialog.waitFor()
    const start = dialog.getByRole("region", { name: "Start" })
    await start.getByLabel("Starts on").fill("2030-01-07")
    await start.getByRole("button", { name: "Save start" }).click()
    await start.locator(".start-badge", { hasText: STARTS_7_JAN_2030 }).waitFor()
    // the deadline form is separate: saving a start sets no deadline
    await expect(
      dialog.getByRole("region", { name: "Deadline" }).locator(".deadline").count(),
    ).resolves.toBe(0)
    await page.keyboard.press("Escape")
    await card(page, "Plan the launch")
      .locator(".start-badge", { hasText: STARTS_7_JAN_2030 })
      .waitFor()

    await card(page, "Plan the launch").locator(".card-open").click()
    await dialog.waitFor()
    await dialog
      .getByRole("region", { name: "Start" })
      .getByRole("button", { name: "Remove start" })
      .click()
    await page.keyboard.press("Escape")
    await page.waitForFunction(() => document.querySelector(".card .start-badge") === null)
    expectNoErrors(errors)
    await context.close()
  })
})
