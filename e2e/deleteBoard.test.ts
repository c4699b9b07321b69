/**
 * Deleting a board for everyone, in Chromium against the real relay: an editor deletes it after
 * a confirmation that names the board and its cards; a teammate who has it open and one who
 * opens it afterwards are told who deleted it and when, can change nothing and can export
 * their copy; home marks it deleted and removes it; a commenter has no Delete control.
 */
import { describe, expect, it } from "vitest"
import { readFile } from "node:fs/promises"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join as joinPath } from "node:path"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardMenuItem,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  shareLinkOf,
} from "./boardHelpers"

const env = useRelayAndBrowser()

const deleteControl = (page: Page) =>
  page.locator("#board-more-menu").getByRole("button", { name: "Delete board…" })

const notice = (page: Page) =>
  page.getByRole("alert").filter({ hasText: "This board was deleted by" })

describe("deleting a board for everyone", () => {
  it("an editor deletes; open and fresh devices see who and when, can export and not edit; a commenter cannot delete", async () => {
    const ana = await newPage(env.browser)
    const errors = trackPageErrors(ana.page)
    const editLink = await createBoard(ana.page, env.relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Launch plan", "Budget"])
    const commentLink = await shareLinkOf(ana.page, "Can comment")

    // Ben has the board open when it is deleted; Cy may only comment.
    const ben = await newPage(env.browser)
    await openBoard(ben.page, editLink, "Ben")
    await card(ben.page, "Budget").waitFor()
    const cy = await newPage(env.browser)
    await openBoard(cy.page, commentLink, "Cy")
    await card(cy.page, "Budget").waitFor()
    await cy.page.getByRole("button", { name: "Board menu" }).click()
    await cy.page.locator("#board-more-menu").getByRole("button", { name: "Archive" }).waitFor()
    expect(await deleteControl(cy.page).count()).toBe(0)

    await boardMenuItem(ana.page, "Delete board…")
    const dialog = ana.page.getByRole("dialog", { name: "Delete this board for everyone?" })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain(
      "Delete “Untitled board” and its 2 cards for everyone on it?",
    )
    await dialog.getByRole("button", { name: "Delete for everyone" }).click()
    await dialog.waitFor({ state: "detached" })
    await notice(ana.page).waitFor()
    expect(await deleteControl(ana.page).count()).toBe(0)

    // The device that had it open is told at once, in its own time, and edits nothing more.
    await notice(ben.page).waitFor({ timeout: 15_000 })
    const text = (await notice(ben.page).textContent()) ?? ""
    expect(text).toMatch(/This board was deleted by Ana on .*\d/)
    expect(await ben.page.getByRole("button", { name: "+ Add list" }).isDisabled()).toBe(true)
    expect(await ben.page.getByRole("heading", { level: 1 }).getByRole("button").isDisabled()).toBe(
      true,
    )
    await notice(cy.page).waitFor({ timeout: 15_000 })

    // Its copy can be exported, with the cards this device holds.
    const dir = await mkdtemp(joinPath(tmpdir(), "baton-deleted-"))
    try {
      await notice(ben.page).getByRole("button", { name: "Export a copy…" }).click()
      const exportDialog = ben.page.getByRole("dialog", { name: "Export board" })
      const [download] = await Promise.all([
        ben.page.waitForEvent("download"),
        exportDialog.getByRole("button", { name: "Baton JSON" }).click(),
      ])
      const file = joinPath(dir, "copy.json")
      await download.saveAs(file)
      const saved = await readFile(file, "utf8")
      expect(saved).toContain("Launch plan")
      expect(saved).toContain("Budget")
    } finally {
      await rm(dir, { recursive: true, force: true })
    }

    // A device that opens it afterwards sees the same, and is not asked to join.
    const dee = await newPage(env.browser)
    await dee.page.goto(editLink)
    await notice(dee.page).waitFor({ timeout: 20_000 })
    expect(await notice(dee.page).textContent()).toMatch(/deleted by Ana on/)
    await card(dee.page, "Launch plan").waitFor()
    expect(await dee.page.getByRole("dialog", { name: "Who are you on this board?" }).count()).toBe(
      0,
    )
    expect(await dee.page.getByRole("button", { name: "+ Add list" }).isDisabled()).toBe(true)

    // Home marks it deleted and removes it from the device.
    await dee.page.getByRole("link", { name: "Baton home: your boards" }).click()
    const entry = dee.page.locator(".board-entry", { hasText: "Untitled board" })
    await entry.getByText(/Deleted for everyone by Ana on/).waitFor()
    await entry.getByRole("button", { name: "Remove Untitled board from this device" }).click()
    await entry.getByRole("button", { name: "Remove", exact: true }).click()
    await entry.waitFor({ state: "detached" })

    expectNoErrors(errors)
    for (const c of [ana, ben, cy, dee]) await c.context.close()
  })
})
