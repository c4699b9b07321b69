/**
 * Baton on a phone, in Chromium's mobile emulation (`isMobile`, `hasTouch`) at 360 × 740 and
 * 390 × 844, light and dark: every page fits the screen (also with 200 % text and the keyboard
 * up), a board is joined, filled and opened by tapping, a card is dragged across lists by
 * touch, and every toolbar action is reached through the menu. Screenshots in e2e/screenshots/.
 */
import { describe, expect, test } from "vitest"
import type { Page } from "playwright-core"
import { useRelayAndBrowser } from "./fixture"
import { boardContents, card, expectNoErrors, list, screenshot, waitFor } from "./boardHelpers"
import { trackPageErrors } from "./harness"
import { PHONES, SCHEMES, expectPhoneFit, newPhone, settle } from "./phoneFit"

const env = useRelayAndBrowser()

/** Taps the element's centre (a touch, not a click). */
async function tap(page: Page, locator: ReturnType<Page["locator"]>): Promise<void> {
  await locator.scrollIntoViewIfNeeded()
  const box = await locator.boundingBox()
  if (box === null) throw new Error("nothing to tap")
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
}

async function joinByTapping(page: Page, name: string, shot: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: "Who are you on this board?" })
  await dialog.waitFor()
  await expectPhoneFit(page, "join dialog")
  await screenshot(page, shot)
  await tap(page, dialog.getByLabel("Your name"))
  await page.keyboard.type(name)
  await tap(page, dialog.getByRole("button", { name: "Join board" }))
  await dialog.waitFor({ state: "detached" })
}

async function addListByTapping(page: Page, title: string): Promise<void> {
  const input = page.getByLabel("New list title")
  if (!(await input.isVisible())) await tap(page, page.getByRole("button", { name: "+ Add list" }))
  await input.fill(title)
  await tap(page, page.getByRole("button", { name: "Add list", exact: true }))
  await list(page, title).waitFor()
}

/** Brings a list into view through the list switcher. */
async function showList(page: Page, title: string): Promise<void> {
  await tap(
    page,
    page
      .getByRole("navigation", { name: "Switch list" })
      .getByRole("button", { name: new RegExp(`^${title} `) }),
  )
  await waitFor(
    () => list(page, title).evaluate((el) => Math.round(el.getBoundingClientRect().left)),
    (left) => left >= 0 && left <= 16,
    5000,
    `list ${title} in view`,
  )
}

async function openMenu(page: Page) {
  await tap(page, page.getByRole("button", { name: "Menu" }))
  const sheet = page.getByRole("region", { name: "Board menu" })
  await sheet.waitFor()
  return sheet
}

describe.each(PHONES)("phone $width × $height", (size) => {
  test.each(SCHEMES)(
    "%s: every page fits; join, add and open a card by tapping",
    async (scheme) => {
      const tag = `phone-${size.width}-${scheme}`
      const { context, page } = await newPhone(env.browser, size, scheme)
      const errors = trackPageErrors(page)
      await page.goto(env.relay.url)
      await page.getByRole("button", { name: "New board" }).waitFor()
      await expectPhoneFit(page, "home")
      await screenshot(page, `${tag}-home`)

      await tap(page, page.getByRole("button", { name: "New board" }))
      await joinByTapping(page, "Ana Lima", `${tag}-join`)
      await page.waitForURL(/#\/b\//)

      await addListByTapping(page, "To do")
      await addListByTapping(page, "Doing")
      await showList(page, "To do")
      const todo = list(page, "To do")
      await tap(page, todo.getByRole("button", { name: "+ Add a card" }))
      await page.keyboard.type("Call the printer about the new flyers for the opening")
      await tap(page, todo.getByRole("button", { name: "Add card", exact: true }))
      await card(page, "Call the printer").waitFor()
      await tap(page, todo.getByRole("button", { name: "Done" }))
      // One list at a time, full width.
      const width = await todo.evaluate((el) => el.getBoundingClientRect().width)
      expect(width).toBeGreaterThan(size.width - 30)
      const switcher = page.getByRole("navigation", { name: "Switch list" })
      expect(await switcher.getByRole("button").allTextContents()).toEqual([
        "To do1 cards",
        "Doing0 cards",
      ])
      await expectPhoneFit(page, "board")
      await screenshot(page, `${tag}-board`)

      await tap(page, card(page, "Call the printer").locator(".card-open"))
      const dialog = page.getByRole("dialog", { name: /Call the printer/ })
      await dialog.waitFor()
      await expectPhoneFit(page, "card dialog")
      await screenshot(page, `${tag}-card`)
      // The close button is under the thumb: in the bottom quarter of the screen.
      const close = await dialog.getByRole("button", { name: "Close" }).boundingBox()
      expect(close?.y ?? 0).toBeGreaterThan(size.height * 0.75)
      await page.evaluate(() => (document.documentElement.style.fontSize = "30px"))
      await settle(page)
      await screenshot(page, `${tag}-card-200`)
      await page.evaluate(() => (document.documentElement.style.fontSize = ""))
      await settle(page)
      await tap(page, dialog.getByRole("button", { name: "Close" }))
      await dialog.waitFor({ state: "detached" })

      const sheet = await openMenu(page)
      await expectPhoneFit(page, "board menu")
      await screenshot(page, `${tag}-menu`)
      const closeMenu = await sheet
        .getByRole("button", { name: "Close the board menu" })
        .boundingBox()
      expect(closeMenu?.y ?? 0).toBeGreaterThan(size.height * 0.75)
      await tap(page, sheet.getByRole("button", { name: "Board settings" }))
      await page.getByRole("dialog", { name: "Board settings" }).waitFor()
      await expectPhoneFit(page, "board settings")
      await tap(
        page,
        page.getByRole("dialog", { name: "Board settings" }).getByRole("button", { name: "Close" }),
      )

      await openMenu(page)
      await tap(
        page,
        page.getByRole("region", { name: "Board menu" }).getByRole("link", { name: "Settings" }),
      )
      await page.waitForURL(/#\/settings/)
      await page.getByRole("heading", { level: 1 }).first().waitFor()
      await expectPhoneFit(page, "settings")
      await screenshot(page, `${tag}-settings`)
      expectNoErrors(errors)
      await context.close()
    },
  )
})

test("every toolbar action is reached through the phone's menu, and its panel fits", async () => {
  const { context, page } = await newPhone(env.browser, { width: 390, height: 844 }, "light")
  const errors = trackPageErrors(page)
  await page.goto(env.relay.url)
  await tap(page, page.getByRole("button", { name: "New board" }))
  await joinByTapping(page, "Ana Lima", "phone-menu-join")
  await addListByTapping(page, "To do")
  // The compact bar: the sync status is in sight; the toolbar's other tools are not.
  await page.locator(".board-status .sync-indicator").waitFor()
  const toolbar = page.getByRole("toolbar", { name: "Board tools" })
  expect(await toolbar.isVisible()).toBe(false)

  const panels: [RegExp, RegExp][] = [
    [/^Since you were last here/, /^Since you were last here$/],
    [/^Notifications/, /^Notifications$/],
    [/^Team clock$/, /^Team clock$/],
    [/^Calendar$/, /^Calendar$/],
    [/^My profile/, /^My profile on this board$/],
    [/^Archive$/, /^Archive$/],
    [/^Board settings$/, /^Board settings$/],
    [/^Keyboard shortcuts$/, /^Keyboard shortcuts$/],
  ]
  for (const [button, dialogName] of panels) {
    const sheet = await openMenu(page)
    await tap(page, sheet.getByRole("button", { name: button }))
    const dialog = page.getByRole("dialog", { name: dialogName })
    await dialog.waitFor()
    // The menu got out of the way; the panel is a full-screen sheet.
    expect(await page.locator(".board-tools.open").count()).toBe(0)
    await expectPhoneFit(page, `${String(dialogName)} panel`)
    await tap(page, dialog.getByRole("button", { name: "Close" }).last())
    await dialog.waitFor({ state: "detached" })
  }
  // The toggles and Copy link act from the menu too.
  let sheet = await openMenu(page)
  await tap(page, sheet.getByRole("button", { name: "Urgent" }))
  await waitFor(
    () => page.evaluate(() => location.hash),
    (h) => /urgent/.test(h),
    5000,
    "urgent filter",
  )
  sheet = await openMenu(page)
  await tap(page, sheet.getByRole("button", { name: "Copy link" }))
  await page.getByText("Link copied").waitFor()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/#\/b\//)
  // Escape closes the menu too.
  await openMenu(page)
  await page.keyboard.press("Escape")
  await page.locator(".board-tools.open").waitFor({ state: "detached" })
  expectNoErrors(errors)
  await context.close()
})

test("a card is dragged by touch to a list off screen, the board scrolling at the edge; Move to… is one tap", async () => {
  const { context, page } = await newPhone(env.browser, { width: 390, height: 844 }, "light")
  const errors = trackPageErrors(page)
  await page.goto(env.relay.url)
  await tap(page, page.getByRole("button", { name: "New board" }))
  await joinByTapping(page, "Ana Lima", "phone-drag-join")
  await addListByTapping(page, "To do")
  await addListByTapping(page, "Doing")
  await showList(page, "To do")
  const todo = list(page, "To do")
  await tap(page, todo.getByRole("button", { name: "+ Add a card" }))
  for (const t of ["Alpha", "Beta"]) {
    await page.keyboard.type(t)
    await page.keyboard.press("Enter")
    await card(page, t).waitFor()
  }
  await tap(page, todo.getByRole("button", { name: "Done" }))
  await settle(page)

  const cdp = await context.newCDPSession(page)
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", x: number, y: number) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }],
    })
  const box = await card(page, "Alpha").boundingBox()
  if (box === null) throw new Error("no card")
  const y = box.y + box.height / 2
  await touch("touchStart", box.x + 60, y)
  await page.waitForTimeout(450) // press and hold
  for (let x = box.x + 60; x <= 384; x += 20) await touch("touchMove", Math.min(x, 384), y + 4)
  // Held at the right edge, the board scrolls until "Doing" comes into view.
  await waitFor(
    () => list(page, "Doing").evaluate((el) => el.getBoundingClientRect().left),
    (left) => left < 150,
    8000,
    "the board scrolled to Doing",
  )
  await touch("touchMove", 195, y + 8)
  await touch("touchMove", 195, y + 10)
  await settle(page)
  await touch("touchEnd", 195, y + 10)
  await waitFor(
    () => boardContents(page),
    (b) => b["Doing"]?.includes("Alpha") === true,
    5000,
    "Alpha in Doing",
  )
  expect((await boardContents(page))["To do"]).toEqual(["Beta"])
  await screenshot(page, "phone-drag-after")

  // Move to… is one tap away on every card.
  await showList(page, "To do")
  await tap(page, page.getByRole("button", { name: "Move card Beta…" }))
  const move = page.getByRole("dialog", { name: "Move “Beta”" })
  await move.waitFor()
  await expectPhoneFit(page, "move dialog")
  await move.getByLabel("List").selectOption({ label: "Doing" })
  await tap(page, move.getByRole("button", { name: "Move", exact: true }))
  await waitFor(
    () => boardContents(page),
    (b) => b["Doing"]?.includes("Beta") === true,
    5000,
    "Beta in Doing",
  )
  expectNoErrors(errors)
  await context.close()
})
