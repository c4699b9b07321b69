/**
 * The board at 1280 px: the toolbar keeps to one row with the occasional tools in a board
 * menu; a tile's owners sit at its right edge; long member and label names are cut short
 * with the full name in a tooltip and never widen the filter bar; Important shows on tiles.
 */
import { expect, test } from "vitest"
import type { Page } from "playwright-core"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardMenuItem,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  screenshot,
} from "./boardHelpers"
import { trackPageErrors } from "./harness"

const env = useRelayAndBrowser()

const LONG_NAME = "Maria Fernanda Albuquerque de Souza e Vasconcelos Figueiredo"
const LONG_LABEL = "Waiting for the supplier's confirmation"

/** Rows the toolbar's items occupy (items whose tops differ by more than half a row). */
function toolbarRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const items = [
      ...document.querySelectorAll<HTMLElement>(".board-status > *, .board-tools-list > *"),
    ].filter((e) => e.getBoundingClientRect().width > 0)
    const tops: number[] = []
    for (const e of items) {
      const r = e.getBoundingClientRect()
      const mid = r.top + r.height / 2
      if (!tops.some((t) => Math.abs(t - mid) < 16)) tops.push(mid)
    }
    return tops.length
  })
}

test("desktop: one toolbar row, a board menu, owners at the edge, long names cut short, Important on tiles", async () => {
  const { context, page } = await newPage(env.browser)
  const errors = trackPageErrors(page)
  await createBoard(page, env.relay.url, LONG_NAME)
  await addList(page, "To do")
  await addCards(page, "To do", ["Order the banners"])
  await page.locator(".board-status .sync-indicator").waitFor()
  await page.getByRole("button", { name: /^Since you were last here/ }).waitFor()

  expect(await toolbarRows(page)).toBe(1)
  const widths = await page.evaluate(() => ({
    page: document.scrollingElement?.scrollWidth ?? 0,
    inner: innerWidth,
    toolbarRight: document.querySelector(".board-tools-list")?.getBoundingClientRect().right ?? 0,
  }))
  expect(widths.page).toBeLessThanOrEqual(widths.inner)
  // Inside the header's padding, with room to spare for another tool or two.
  expect(widths.toolbarRight).toBeLessThanOrEqual(widths.inner - 16)
  // The occasional tools are in the board menu, not in the row.
  expect(await page.getByRole("button", { name: "Board settings" }).isVisible()).toBe(false)
  await page.getByRole("button", { name: "Board menu" }).click()
  const menu = page.getByRole("group", { name: "More board tools" })
  expect(await menu.getByRole("button").allTextContents()).toEqual([
    "Archive",
    "Board settings",
    "?Keyboard shortcuts",
    "Copy link",
    "Team clock",
    "Calendar",
    "Activity",
    "Export",
    "Delete board…",
  ])
  await page.keyboard.press("Escape")
  expect(await menu.isVisible()).toBe(false)
  await boardMenuItem(page, "Board settings")
  await page.getByRole("dialog", { name: "Board settings" }).waitFor()
  await page.keyboard.press("Escape")
  await boardMenuItem(page, "Keyboard shortcuts")
  await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor()
  await page.keyboard.press("Escape")

  const barBefore = await page.locator("search.board-bar").boundingBox()
  // A long label on the card, me as its owner, Important.
  await card(page, "Order the banners").locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: /Order the banners/ })
  await dialog.getByLabel("New label").fill(LONG_LABEL)
  await dialog.getByRole("button", { name: "Add label" }).click()
  // Created on the card: it is applied at once.
  await card(page, "Order the banners").locator(".label-chip").waitFor()
  await dialog.getByRole("button", { name: "Assign me" }).click()
  await dialog.getByRole("checkbox", { name: "Important" }).check()
  await page.keyboard.press("Escape")
  await dialog.waitFor({ state: "detached" })

  const tile = card(page, "Order the banners")
  await tile.getByText("Important", { exact: true }).waitFor()
  const geometry = await tile.evaluate((el) => {
    const c = el.getBoundingClientRect()
    const avatar = el.querySelector(".owners .avatar")?.getBoundingClientRect()
    const chip = el.querySelector<HTMLElement>(".label-chip")
    return {
      cardRight: c.right,
      cardWidth: c.width,
      avatarRight: avatar?.right ?? 0,
      chipWidth: chip?.getBoundingClientRect().width ?? 0,
      chipCut: chip !== null && chip.scrollWidth > chip.clientWidth,
      chipTitle: chip?.title,
      important: el.classList.contains("important"),
    }
  })
  expect(geometry.cardRight - geometry.avatarRight).toBeLessThan(12)
  expect(geometry.chipCut).toBe(true)
  expect(geometry.chipWidth).toBeLessThan(geometry.cardWidth)
  expect(geometry.chipTitle).toBe(LONG_LABEL)
  expect(geometry.important).toBe(true)

  // The filter bar did not grow with the long names.
  const barAfter = await page.locator("search.board-bar").boundingBox()
  expect(barAfter?.height).toBe(barBefore?.height)
  const owner = await page.locator("#filter-owner").evaluate((el: HTMLSelectElement) => {
    el.value =
      [...el.options].find((o) => o.textContent === el.options[3]?.textContent)?.value ?? ""
    return {
      width: el.getBoundingClientRect().width,
      titles: [...el.options].map((o) => o.title),
    }
  })
  expect(owner.titles).toContain(LONG_NAME)
  expect(owner.width).toBeLessThanOrEqual(14 * 15 + 1)
  expect(await toolbarRows(page)).toBe(1)
  await screenshot(page, "desktop-tidy-1280")
  expectNoErrors(errors)
  await context.close()
})
