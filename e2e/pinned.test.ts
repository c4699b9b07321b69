/**
 * The Pinned strip at the top of the board: pinned cards with their title and first lines,
 * pinned comments with their author and first lines, seen by a teammate in a second browser;
 * folded away and remembered on this device; kept on a phone without widening the page. Its
 * icons are inline SVG, so they draw without an emoji font.
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
  screenshot,
} from "./boardHelpers"
import { expectPhoneFit, measureFit, newPhone } from "./phoneFit"

const env = useRelayAndBrowser()

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

async function describeCard(page: Page, title: string, text: string): Promise<void> {
  const dialog = await openCard(page, title)
  await dialog.getByRole("button", { name: "Edit description" }).click()
  await dialog.getByRole("textbox", { name: "Description (Markdown)" }).fill(text)
  await dialog.getByRole("button", { name: "Done", exact: true }).click()
  await dialog.getByRole("checkbox", { name: "Pinned to the top of the board" }).check()
  await closeDialog(page)
}

/** What the strip shows: each pin's text, in order. */
async function pins(page: Page): Promise<string[]> {
  return page
    .getByRole("region", { name: "Pinned" })
    .locator(".pinned-open")
    .evaluateAll((els) =>
      els.map((el) => (el as HTMLElement).innerText.replace(/\s+/g, " ").trim()),
    )
}

describe("the Pinned strip", () => {
  it("shows pinned cards and comments to everyone, opens them, and folds away on this device", async () => {
    const a = await newPage(env.browser)
    const errors = trackPageErrors(a.page)
    const url = await createBoard(a.page, env.relay.url, "Ana")
    await addList(a.page, "To do")
    await addCards(a.page, "To do", ["Rota", "Launch"])
    await describeCard(a.page, "Rota", "# Who\n- Mon: Ana\n- Tue: Ben\n- Wed: Cleo")
    const launch = await openCard(a.page, "Launch")
    await launch
      .getByLabel("Write a comment")
      .fill("Decision: we ship on Friday.\nBen writes the notes.")
    await launch.getByRole("button", { name: "Comment", exact: true }).click()
    await launch.getByRole("button", { name: "Pin to board" }).click()
    await launch.getByRole("button", { name: "Unpin" }).waitFor()
    await closeDialog(a.page)

    const strip = a.page.getByRole("region", { name: "Pinned" })
    await strip.waitFor()
    expect(await pins(a.page)).toEqual([
      "Rota Who · Mon: Ana",
      "Ana on Launch Decision: we ship on Friday. · Ben writes the notes.",
    ])
    // Drawn with SVG, not an emoji that needs a font.
    expect(await strip.locator("svg.icon").count()).toBeGreaterThan(0)
    expect(await a.page.evaluate(() => document.body.innerText.includes("📌"))).toBe(false)
    await screenshot(a.page, "pinned-strip-desktop")

    // A teammate sees the same strip, and a pinned comment opens its card at the comments.
    const b = await newPage(env.browser)
    await openBoard(b.page, url, "Ben")
    await b.page.getByRole("region", { name: "Pinned" }).waitFor({ timeout: 15_000 })
    expect(await pins(b.page)).toEqual(await pins(a.page))
    await b.page.getByRole("button", { name: /^Ana on Launch/ }).click()
    const opened = b.page.getByRole("dialog", { name: "Launch" })
    await opened.getByText("Ben writes the notes.").waitFor()
    // Ben unpins it; Ana's strip follows.
    await opened.getByRole("button", { name: "Unpin" }).click()
    await closeDialog(b.page)
    await a.page
      .getByRole("button", { name: /^Ana on Launch/ })
      .waitFor({ state: "detached", timeout: 15_000 })
    expect(await pins(a.page)).toEqual(["Rota Who · Mon: Ana"])

    // Folded on Ana's device, and still folded after a reload; Ben's stays open.
    const toggle = strip.getByRole("button", { name: /^Pinned/ })
    expect(await toggle.getAttribute("aria-expanded")).toBe("true")
    await toggle.click()
    expect(await toggle.getAttribute("aria-expanded")).toBe("false")
    expect(await strip.locator(".pinned-open").count()).toBe(0)
    await a.page.reload()
    await strip.waitFor()
    expect(await strip.getByRole("button", { name: /^Pinned/ }).getAttribute("aria-expanded")).toBe(
      "false",
    )
    expect(await b.page.locator(".pinned-open").count()).toBe(1)
    await strip.getByRole("button", { name: /^Pinned/ }).click()
    expect(await pins(a.page)).toEqual(["Rota Who · Mon: Ana"])

    expectNoErrors(errors)
    await b.context.close()
    await a.context.close()
  })

  it("stays on a phone without widening the page", async () => {
    const { page, context } = await newPhone(env.browser, { width: 390, height: 844 }, "light")
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addCards(page, "To do", [
      "Rota for the whole of the coming quarter, every site",
      "Launch",
    ])
    await describeCard(
      page,
      "Rota for the whole",
      "Supercalifragilisticexpialidocious-and-then-some-unbroken-text-that-is-long\nTue: Ben",
    )
    await describeCard(page, "Launch", "Friday")
    const strip = page.getByRole("region", { name: "Pinned" })
    await strip.waitFor()
    expect((await pins(page)).length).toBe(2)
    const fit = await measureFit(page, 390)
    expect(fit.scrollWidth, fit.wide.join("\n")).toBeLessThanOrEqual(fit.innerWidth)
    const box = await strip.boundingBox()
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true)
    await expectPhoneFit(page, "board with the Pinned strip")
    await screenshot(page, "pinned-strip-phone-390")
    // Folding works by touch too.
    const toggle = strip.getByRole("button", { name: /^Pinned/ })
    const t = await toggle.boundingBox()
    if (t === null) throw new Error("no toggle")
    await page.touchscreen.tap(t.x + t.width / 2, t.y + t.height / 2)
    expect(await toggle.getAttribute("aria-expanded")).toBe("false")
    expectNoErrors(errors)
    await context.close()
  })
})
