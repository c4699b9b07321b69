/**
 * The walking skeleton end to end: two isolated browsers share one board through the real
 * relay, live and after one of them was offline.
 */
import { describe, expect, it } from "vitest"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardContents,
  createBoard,
  expectNoErrors,
  list,
  newPage,
  openBoard,
  renameCard,
  waitFor,
  plainBoardUrl,
} from "./boardHelpers"

const env = useRelayAndBrowser()

describe("two browsers on one board", () => {
  it("sync live, and converge after one of them edited offline", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const errorsA = trackPageErrors(a.page)
    const errorsB = trackPageErrors(b.page)

    const url = await createBoard(a.page, env.relay.url, "Ana")
    await addList(a.page, "To do")
    await addCards(a.page, "To do", ["Buy milk", "Call the venue"])

    await openBoard(b.page, url, "Ben")
    await waitFor(
      () => boardContents(b.page),
      (c) => c["To do"]?.length === 2,
      10_000,
      "B to load the board",
    )

    // Live: a card added in A shows in B within 2 s.
    const started = Date.now()
    await addCards(a.page, "To do", ["Book flights"])
    await list(b.page, "To do")
      .locator(".card", { hasText: "Book flights" })
      .waitFor({ timeout: 2000 })
    expect(Date.now() - started).toBeLessThan(2000 + 500) // includes A's own typing

    // B goes offline; both edit.
    await b.context.setOffline(true)
    await addCards(a.page, "To do", ["Pack bags"])
    await renameCard(a.page, "Buy milk", "Buy oat milk")
    await addCards(b.page, "To do", ["Water the plants"])
    await renameCard(b.page, "Call the venue", "Call the venue on Monday")
    // While offline, B really does not see A's new card (give the relay a fair second).
    await list(a.page, "To do").locator(".card", { hasText: "Pack bags" }).waitFor()
    await b.page.waitForTimeout(1000)
    expect((await boardContents(b.page))["To do"]).not.toContain("Pack bags")

    await b.context.setOffline(false)
    const expected = [
      "Buy oat milk",
      "Call the venue on Monday",
      "Book flights",
      "Pack bags",
      "Water the plants",
    ]
    const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort()
    for (const page of [a.page, b.page]) {
      await waitFor(
        () => boardContents(page),
        (c) => JSON.stringify(sorted(c["To do"])) === JSON.stringify([...expected].sort()),
        20_000,
        "both browsers to show every edit",
      )
    }
    // Same order in both.
    expect((await boardContents(a.page))["To do"]).toEqual((await boardContents(b.page))["To do"])

    // The edits survive a reload (IndexedDB).
    await b.page.reload()
    await waitFor(
      () => boardContents(b.page),
      (c) => c["To do"]?.length === 5,
      10_000,
      "B after reload",
    )

    expectNoErrors(errorsA)
    expectNoErrors(errorsB)
    await a.context.close()
    await b.context.close()
  })

  it("shows a clear message for a broken link, with a way home", async () => {
    const { page, context } = await newPage(env.browser)
    await page.goto(`${env.relay.url}/#/b/not-a-board-id`)
    const alert = page.getByRole("alert")
    await expect(alert.textContent()).resolves.toMatch(/damaged or incomplete/)
    await alert.getByRole("link", { name: "Go to your boards" }).click()
    await page.getByRole("heading", { name: "Your boards" }).waitFor()
    await context.close()
  })

  it("explains that another app's document is not a board, and changes nothing", async () => {
    const repo = new Repo({
      network: [new WebSocketClientAdapter(env.relay.url.replace("http", "ws") + "/sync")],
    })
    const handle = repo.create<{ notes: string[] }>({ notes: ["not a board"] })
    const heads = handle.heads()
    const { page, context } = await newPage(env.browser)
    await page.goto(`${env.relay.url}/#/b/${handle.documentId}`)
    await page
      .getByRole("alert")
      .filter({ hasText: "This is not a Baton board" })
      .waitFor({ timeout: 20_000 })
    expect(handle.heads()).toEqual(heads)
    await context.close()
    await repo.shutdown()
  })

  it("waits for a board that is not here yet and opens it when it arrives", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    await a.page.goto(env.relay.url)
    await a.page.getByRole("heading", { name: "Your boards" }).waitFor()
    await a.context.setOffline(true)
    const url = await createBoard(a.page, null, "Ana")
    await addList(a.page, "Made offline")
    await a.page.getByRole("link", { name: "Baton home: your boards" }).click()
    await a.page.locator(".board-entry", { hasText: "not yet on the relay" }).waitFor()
    await a.page.goto(url)
    await openBoard(b.page, url, null)
    await b.page
      .getByRole("alert")
      .filter({ hasText: "This board is not here yet" })
      .waitFor({ timeout: 30_000 })
    await a.context.setOffline(false)
    await b.page
      .getByRole("dialog", { name: "Who are you on this board?" })
      .waitFor({ timeout: 20_000 })
    await expect(b.page.locator(".list-title", { hasText: "Made offline" }).count()).resolves.toBe(
      1,
    )
    await a.context.close()
    await b.context.close()
  })

  it("keeps boards on the home page, opens a pasted link and removes a board from the device", async () => {
    const { page, context } = await newPage(env.browser)
    const url = await createBoard(page, env.relay.url, "Ana")
    await page
      .getByRole("heading", { level: 1 })
      .getByRole("button", { name: "Untitled board" })
      .click()
    const title = page.getByRole("textbox", { name: "Board title" })
    await title.fill("Family trip")
    await title.press("Enter")
    await page
      .getByRole("status")
      .filter({ hasText: "All changes saved to the relay" })
      .waitFor({ timeout: 15_000 })
    await page.getByRole("link", { name: "Baton home: your boards" }).click()
    const entry = page.locator(".board-entry", { hasText: "Family trip" })
    await entry.waitFor()
    await entry.filter({ hasText: "all changes on the relay" }).waitFor()
    await expect(entry.textContent()).resolves.toMatch(/opened just now/)
    await page.getByLabel("Board link").fill("https://example.com/not-baton")
    await page.getByRole("button", { name: "Open", exact: true }).click()
    await page.getByRole("alert").filter({ hasText: "not a Baton board link" }).waitFor()
    await page.getByLabel("Board link").fill(url)
    await page.getByRole("button", { name: "Open", exact: true }).click()
    await page
      .getByRole("heading", { level: 1 })
      .getByRole("button", { name: "Family trip" })
      .waitFor()
    expect(page.url()).toBe(plainBoardUrl(url))
    await page.getByRole("link", { name: "Baton home: your boards" }).click()
    await page.getByRole("button", { name: "Remove Family trip from this device" }).click()
    await page
      .getByRole("group", { name: "Confirm removal" })
      .getByRole("button", { name: "Remove" })
      .click()
    await entry.waitFor({ state: "detached" })
    await context.close()
  })
})
