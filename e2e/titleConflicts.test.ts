/**
 * Titles as one value for lists and the board: two browsers renaming the same list and the
 * board offline end with the same titles, and each offers the other title with who set it,
 * one tap to use it.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addList,
  createBoard,
  expectNoErrors,
  list,
  newPage,
  openBoard,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function renameList(page: Page, from: string, to: string): Promise<void> {
  await list(page, from).locator(".list-title").click()
  const input = page.getByRole("textbox", { name: "List title", exact: true })
  await input.fill(to)
  await input.press("Enter")
  await list(page, to).waitFor()
}

async function renameBoard(page: Page, title: string): Promise<void> {
  await page.locator(".board-title").click()
  const input = page.getByRole("textbox", { name: "Board title" })
  await input.fill(title)
  await input.press("Enter")
  await page.getByRole("heading", { level: 1 }).getByText(title).waitFor()
}

const listTitles = (page: Page): Promise<string[]> =>
  page.locator(".list[data-list-id] .list-title").allTextContents()
const boardTitle = async (page: Page): Promise<string> =>
  ((await page.locator(".board-title").textContent()) ?? "").trim()

describe("list and board titles as one value", () => {
  it("two offline renames end equal in both browsers, and each offers the other title", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const errors = [...trackPageErrors(a.page), ...trackPageErrors(b.page)]
    const url = await createBoard(a.page, env.relay.url, "Ana")
    await renameBoard(a.page, "Launch")
    await addList(a.page, "To do")
    await addList(a.page, "Later")
    await openBoard(b.page, url, "Bo")
    await waitFor(
      async () => [await listTitles(b.page), await boardTitle(b.page)] as const,
      ([l, t]) => l.length === 2 && t === "Launch",
      15_000,
      "B loads",
    )

    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await renameList(a.page, "To do", "Ana's to do")
    await renameList(b.page, "To do", "To do for Bo")
    await renameBoard(a.page, "Ana's launch")
    await renameBoard(b.page, "Launch by Bo")
    await a.context.setOffline(false)
    await b.context.setOffline(false)

    const [x, y] = await waitFor(
      async () => [
        [...(await listTitles(a.page)), await boardTitle(a.page)].join("|"),
        [...(await listTitles(b.page)), await boardTitle(b.page)].join("|"),
      ],
      ([p, q]) =>
        p === q && /^(Ana's to do|To do for Bo)\|Later\|(Ana's launch|Launch by Bo)$/.test(p),
      30_000,
      "both browsers to show one of the two titles of each",
    )
    expect(x).toBe(y)
    const [shownList, , shownBoard] = x!.split("|") as [string, string, string]
    const otherList = shownList === "Ana's to do" ? "To do for Bo" : "Ana's to do"
    const listBy = shownList === "Ana's to do" ? "Bo" : "Ana"
    const otherBoard = shownBoard === "Ana's launch" ? "Launch by Bo" : "Ana's launch"
    const boardBy = shownBoard === "Ana's launch" ? "Bo" : "Ana"

    for (const p of [a.page, b.page]) {
      await expect
        .poll(
          async () => (await list(p, shownList).locator(".title-conflict").textContent())?.trim(),
          {
            timeout: 10_000,
          },
        )
        .toBe(`Also renamed to “${otherList}” by ${listBy}. Use this title`)
      await expect
        .poll(
          async () => (await p.locator(".board-header .title-conflict").textContent())?.trim(),
          { timeout: 10_000 },
        )
        .toBe(`Also renamed to “${otherBoard}” by ${boardBy}. Use this title`)
      // The other list, renamed by no one, has no note.
      expect(await list(p, "Later").locator(".title-conflict").count()).toBe(0)
    }

    // One tap uses the other title, in both browsers, and the notes go.
    await b.page
      .getByRole("button", { name: `Use the title “${otherList}” for list ${shownList}` })
      .click()
    await b.page
      .getByRole("button", { name: `Use the title “${otherBoard}” for the board` })
      .click()
    for (const p of [a.page, b.page]) {
      await waitFor(
        async () => [...(await listTitles(p)), await boardTitle(p)].join("|"),
        (t) => t === `${otherList}|Later|${otherBoard}`,
        15_000,
        "the other titles",
      )
      await waitFor(
        () => p.locator(".title-conflict").count(),
        (n) => n === 0,
        10_000,
        "the notes to go",
      )
    }
    expectNoErrors(errors)
    await a.context.close()
    await b.context.close()
  })
})
