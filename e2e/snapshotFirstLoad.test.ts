/**
 * Snapshot first load in Chromium: a fresh profile opens a board's link, gets the board from
 * the relay's snapshot (not change by change), shows its cards, keeps what is typed into the
 * search box while the board arrives, and its edits reach the board's maker.
 */
import { describe, expect, it } from "vitest"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardContents,
  createBoard,
  expectNoErrors,
  join,
  list,
  newPage,
  renameCard,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function snapshotsSent(): Promise<number> {
  const text = await (await fetch(`${env.relay.url}/metrics`)).text()
  return Number(/^baton_relay_snapshots_sent_total (\d+)/m.exec(text)?.[1] ?? "0")
}

describe("a new device opens a board from the relay's snapshot", () => {
  it("shows the cards, keeps search typed while loading, and its edits go through", async () => {
    const maker = await newPage(env.browser)
    const url = await createBoard(maker.page, env.relay.url, "Ana")
    await addList(maker.page, "To do")
    const titles = Array.from({ length: 12 }, (_, i) => `Task ${i + 1}`)
    await addCards(maker.page, "To do", titles)
    await waitFor(
      () => maker.page.locator(".sync-indicator").getAttribute("data-sync"),
      (s) => s === "saved",
      15_000,
      "the board on the relay",
    )
    const before = await snapshotsSent()

    const fresh = await newPage(env.browser)
    const errors = trackPageErrors(fresh.page)
    await fresh.page.goto(url)
    // Typed as soon as the search box is there, whether or not the document has loaded.
    const search = fresh.page.getByRole("searchbox", { name: "Search cards" })
    const dialog = fresh.page.getByRole("dialog", { name: "Who are you on this board?" })
    await Promise.race([search.waitFor(), dialog.waitFor()])
    if (await dialog.isVisible()) await join(fresh.page, "Ben")
    await search.pressSequentially("Task 1")
    await fresh.page.locator('[data-document="loaded"]').waitFor()
    expect(await search.inputValue()).toBe("Task 1")
    await search.fill("")
    await list(fresh.page, "To do").locator(".card", { hasText: "Task 12" }).waitFor()
    expect((await boardContents(fresh.page))["To do"]).toEqual(titles)
    expect(await snapshotsSent()).toBe(before + 1)

    await renameCard(fresh.page, "Task 3", "Task 3 from Ben")
    await list(maker.page, "To do").locator(".card", { hasText: "Task 3 from Ben" }).waitFor()
    await addCards(maker.page, "To do", ["Added by Ana"])
    await list(fresh.page, "To do").locator(".card", { hasText: "Added by Ana" }).waitFor()
    expect(await boardContents(fresh.page)).toEqual(await boardContents(maker.page))
    expectNoErrors(errors)
  })
})
