/**
 * Members bound to their devices, in Chromium against the real relay: with an edit link, a
 * stranger cannot pick an existing member in the profile picker (no code, a wrong code and a
 * code made for another member are all refused with a clear message) and joins as a new
 * member; the member's own second device gets in with the one-time code from the Share
 * dialog ("Add a device"), once. History credits each change to the member whose device made it.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  makeDeviceCode as makeCode,
  pickMemberWithCode as pickWithCode,
  addCards,
  addList,
  boardMenuItem,
  card,
  createBoard,
  expectNoErrors,
  join,
  newPage,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function alertText(page: Page, text: string): Promise<void> {
  await page
    .getByRole("dialog", { name: "Who are you on this board?" })
    .getByRole("alert")
    .filter({ hasText: text })
    .waitFor({ timeout: 10_000 })
}

describe("joining as an existing member", () => {
  it("needs the one-time code from the member's device, and history credits the right member", async () => {
    const ana = await newPage(env.browser)
    const anaErrors = trackPageErrors(ana.page)
    const link = await createBoard(ana.page, env.relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Budget"])

    // A stranger with the edit link tries to be Ana.
    const eve = await newPage(env.browser)
    const eveErrors = trackPageErrors(eve.page)
    await eve.page.goto(link)
    const picker = eve.page.getByRole("dialog", { name: "Who are you on this board?" })
    await picker.getByRole("button", { name: /^Ana/ }).click()
    await picker.getByRole("button", { name: "Continue as Ana" }).click()
    await alertText(eve.page, "Enter the code from your other device.")
    await pickWithCode(eve.page, "Ana", "ABCD-EFGH")
    await alertText(eve.page, "That code does not work.")
    // Without the code, the stranger joins as a new member instead.
    await picker.getByLabel("Your name").fill("Eve")
    await picker.getByRole("button", { name: "Join board" }).click()
    await picker.waitFor({ state: "detached" })
    await card(eve.page, "Budget").waitFor()
    // Eve's own code is no key to Ana.
    const evesCode = await makeCode(eve.page)

    // Ana's second device: Eve's code is refused, Ana's own code works, once.
    const ana2 = await newPage(env.browser)
    const ana2Errors = trackPageErrors(ana2.page)
    await ana2.page.goto(link)
    await pickWithCode(ana2.page, "Ana", evesCode)
    await alertText(ana2.page, "That code does not work.")
    const code = await makeCode(ana.page)
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    await pickWithCode(ana2.page, "Ana", code)
    await ana2.page
      .getByRole("dialog", { name: "Who are you on this board?" })
      .waitFor({ state: "detached", timeout: 10_000 })
    await addCards(ana2.page, "To do", ["From Ana's phone"])

    // The same code does not let a third device in.
    const mal = await newPage(env.browser)
    const malErrors = trackPageErrors(mal.page)
    await mal.page.goto(link)
    await pickWithCode(mal.page, "Ana", code)
    await alertText(mal.page, "That code does not work.")
    // Nor can the third device take Ana's name as a new member.
    const malPicker = mal.page.getByRole("dialog", { name: "Who are you on this board?" })
    await malPicker.getByLabel("Your name").fill("  ana ")
    await malPicker.getByRole("button", { name: "Join board" }).click()
    await alertText(mal.page, "“ana” is already a member of this board.")
    await join(mal.page, "Mallory")

    // History credits each change to the member whose device made it.
    await addCards(eve.page, "To do", ["From Eve"])
    await card(ana.page, "From Eve").waitFor({ timeout: 15_000 })
    await card(ana.page, "From Ana's phone").waitFor({ timeout: 15_000 })
    await boardMenuItem(ana.page, "Activity")
    const entries = ana.page.getByRole("dialog", { name: "Activity" }).locator("li.activity-entry")
    const texts = await waitFor(
      () => entries.allTextContents(),
      (t) => t.some((x) => x.includes("From Eve")) && t.some((x) => x.includes("From Ana's phone")),
      10_000,
      "both new cards in the activity",
    )
    expect(texts.find((t) => t.includes("“From Eve”"))).toMatch(/^Eve created the card/)
    expect(texts.find((t) => t.includes("“From Ana's phone”"))).toMatch(/^Ana created the card/)

    expectNoErrors([...anaErrors, ...eveErrors, ...ana2Errors, ...malErrors])
    for (const p of [ana, eve, ana2, mal]) await p.context.close()
  })
})
