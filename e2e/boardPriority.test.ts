/**
 * Urgent and important cards: marked in the card dialog, filtered with the board toolbar's
 * "Show only" toggles, and the filter kept in the board's URL.
 */
import { describe, expect, it } from "vitest"
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
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

describe("urgent and important", () => {
  it("shows only urgent cards when asked, keeps the filter in the URL, and shows all again", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addCards(page, "To do", ["Write the launch post", "Fix login bug", "Plan offsite"])

    await card(page, "Fix login bug").locator(".card-open").click()
    const dialog = page.getByRole("dialog", { name: "Fix login bug" })
    await dialog.waitFor()
    await dialog.getByLabel("Urgent", { exact: true }).check()
    await page.keyboard.press("Escape")
    await dialog.waitFor({ state: "detached" })

    const showOnly = page.getByRole("group", { name: "Show only" })
    await showOnly.getByRole("button", { name: "Urgent", exact: true }).click()
    await waitFor(
      () => boardContents(page),
      (c) => JSON.stringify(c["To do"]) === JSON.stringify(["Fix login bug"]),
      10_000,
      "only the urgent card",
    )
    expect(new URL(page.url()).hash).toMatch(/[?&]urgent=1/)

    // The filter survives a reload because it lives in the URL.
    await page.reload()
    await waitFor(
      () => boardContents(page),
      (c) => JSON.stringify(c["To do"]) === JSON.stringify(["Fix login bug"]),
      15_000,
      "only the urgent card after a reload",
    )

    await showOnly.getByRole("button", { name: "Urgent", exact: true }).click()
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.length === 3,
      10_000,
      "every card again",
    )
    expectNoErrors(errors)
    await context.close()
  })
})
