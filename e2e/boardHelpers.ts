/**
 * Steps shared by the board browser tests: create a board, join it, add lists and cards,
 * read what a page shows.
 */
import type { Browser, BrowserContext, Page } from "playwright-core"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join as joinPath } from "node:path"
import { expect } from "vitest"

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 360, height: 740 }

/** Polls `read` until it satisfies `check` or `timeout` ms pass (then fails with the last value). */
export async function waitFor<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeout = 10_000,
  what = "condition",
): Promise<T> {
  const start = Date.now()
  let last: T = await read()
  while (!check(last)) {
    if (Date.now() - start > timeout) {
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}`,
      )
    }
    await new Promise((r) => setTimeout(r, 50))
    last = await read()
  }
  if (process.env.BATON_E2E_TIMING) console.log(`waited ${Date.now() - start} ms for ${what}`)
  return last
}

export async function newPage(
  browser: Browser,
  options: {
    viewport?: { width: number; height: number }
    colorScheme?: "light" | "dark"
    hasTouch?: boolean
  } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? "light",
    hasTouch: options.hasTouch ?? false,
  })
  await context.grantPermissions(["clipboard-read", "clipboard-write"])
  const page = await context.newPage()
  return { context, page }
}

/** Answers the "who are you on this board" dialog as a new member. */
export async function join(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: "Who are you on this board?" })
  await dialog.waitFor()
  await dialog.getByLabel("Your name").fill(name)
  await dialog.getByRole("button", { name: "Join board" }).click()
  await dialog.waitFor({ state: "detached" })
}

/**
 * From the home page (at `baseUrl`, or the current page when null): creates a board, joins it
 * as `name`, returns its Can edit link (from the Share dialog, as a person shares it).
 */
export async function createBoard(
  page: Page,
  baseUrl: string | null,
  name: string,
): Promise<string> {
  if (baseUrl !== null) await page.goto(baseUrl)
  await page.getByRole("button", { name: "New board" }).click()
  await join(page, name)
  await page.waitForURL(/#\/b\//)
  return shareLinkOf(page, "Can edit")
}

/** The board's link of a role, copied from the Share dialog. */
export async function shareLinkOf(
  page: Page,
  label: "Can edit" | "Can comment" | "Can view",
): Promise<string> {
  const share = page.getByRole("button", { name: "Share", exact: true })
  if (!(await share.isVisible())) await page.getByRole("button", { name: "Menu" }).click()
  await share.click()
  const dialog = page.getByRole("dialog", { name: "Share this board" })
  const link = await dialog.getByRole("textbox", { name: `${label} link` }).inputValue()
  await page.keyboard.press("Escape")
  await dialog.waitFor({ state: "detached" })
  return link
}

/** A board address without the link secrets it carries (what the address bar shows once kept). */
export function plainBoardUrl(url: string): string {
  return url.replace(/\?(edit|comment|view)=[^#]*$/, "")
}

/** The document id in a board's URL (`…#/b/<id>…`). */
export function boardIdOf(url: string): string {
  return /#\/b\/([^/?]+)/.exec(url)?.[1] ?? ""
}

export async function openBoard(page: Page, url: string, name: string | null): Promise<void> {
  await page.goto(url)
  if (name !== null) await join(page, name)
}

export async function addList(page: Page, title: string): Promise<void> {
  const input = page.getByLabel("New list title")
  if (!(await input.isVisible())) await page.getByRole("button", { name: "+ Add list" }).click()
  await input.fill(title)
  await input.press("Enter")
  await page.locator(".list[data-list-id]", { hasText: title }).first().waitFor()
}

export function list(page: Page, title: string) {
  return page
    .locator(".list[data-list-id]")
    .filter({ has: page.getByRole("heading", { name: title, exact: true }) })
}

/** Adds cards to a list through its inline composer (Enter adds each and keeps it open). */
export async function addCards(page: Page, listTitle: string, titles: string[]): Promise<void> {
  const l = list(page, listTitle)
  const input = l.getByLabel(`New card title in ${listTitle}`)
  if (!(await input.isVisible())) await l.getByRole("button", { name: "+ Add a card" }).click()
  for (const t of titles) {
    await input.fill(t)
    await input.press("Enter")
    await l.locator(".card", { hasText: t }).first().waitFor()
  }
  await input.press("Escape")
}

/** Card titles per list, as shown. */
export async function boardContents(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {}
    for (const l of document.querySelectorAll<HTMLElement>(".list[data-list-id]")) {
      const title = l.querySelector(".list-title")?.textContent?.trim() ?? "?"
      out[title] = [...l.querySelectorAll(".card .card-title")].map(
        (c) => c.textContent?.trim() ?? "",
      )
    }
    return out
  })
}

export async function renameCard(page: Page, from: string, to: string): Promise<void> {
  await page.getByRole("button", { name: `Rename card ${from}`, exact: true }).click()
  const input = page.getByRole("textbox", { name: "Card title" })
  await input.fill(to)
  await input.press("Enter")
  await page.locator(".card", { hasText: to }).first().waitFor()
}

export function expectNoErrors(errors: string[]): void {
  expect(errors, errors.join("\n")).toEqual([])
}

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js")

/**
 * Runs a script file in the page through the debugging protocol: a `<script>` tag (what
 * `page.addScriptTag` adds) is inline script, which the app's Content-Security-Policy refuses.
 */
export async function injectScript(page: Page, path: string): Promise<void> {
  await page.evaluate(`${readFileSync(path, "utf8")}\n;undefined`)
}

/** Runs axe-core on the page; returns serious and critical violations as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await injectScript(page, AXE_PATH)
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }
    ).axe
    return (await axe.run(document, { resultTypes: ["violations"] })) as {
      violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]
    }
  })
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    )
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: joinPath(SCREENSHOT_DIR, `${name}.png`), fullPage: false })
}

export const SCREENSHOT_DIR = joinPath(import.meta.dirname, "screenshots")

/** The card element with this title. */
export function card(page: Page, title: string) {
  return page
    .locator("li.card[data-card-id]")
    .filter({ has: page.locator(".card-title", { hasText: title }) })
}

/** Clicks a tool of the board menu (Archive, Board settings…), opening the menu first. */
export async function boardMenuItem(page: Page, name: string): Promise<void> {
  const item = page.locator("#board-more-menu").getByRole("button", { name, exact: true })
  if (!(await item.isVisible())) await page.getByRole("button", { name: "Board menu" }).click()
  await item.click()
}

/** Makes an "Add a device" code in the Share dialog and returns it as shown. */
export async function makeDeviceCode(page: Page): Promise<string> {
  const share = page.getByRole("button", { name: "Share", exact: true })
  if (!(await share.isVisible())) await page.getByRole("button", { name: "Menu" }).click()
  await share.click()
  const dialog = page.getByRole("dialog", { name: "Share this board" })
  await dialog.getByRole("button", { name: "Make a code" }).click()
  const code = (await dialog.getByTestId("device-code").textContent()) ?? ""
  await page.keyboard.press("Escape")
  await dialog.waitFor({ state: "detached" })
  return code
}

/** In the profile picker, picks the existing member `name` and enters `code`. */
export async function pickMemberWithCode(page: Page, name: string, code: string): Promise<void> {
  const dialog = page.getByRole("dialog", { name: "Who are you on this board?" })
  await dialog.waitFor()
  await dialog.getByRole("button", { name: new RegExp(`^${name}`) }).click()
  await dialog.getByLabel(/Code from one of/).fill(code)
  await dialog.getByRole("button", { name: `Continue as ${name}` }).click()
}
