/**
 * Who may do what, in Chromium against the real relay: three browsers open a board with its
 * three links. The viewer has no enabled editing control, sees the View only badge (axe finds
 * nothing wrong with the disabled controls) and live edits, and an editing shortcut says "You
 * can view this board"; the commenter comments and the editor sees it live. A stopped link
 * gets "This link no longer works…", and what that device changed offline is offered as a copy.
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
  axeViolations,
  boardIdOf,
  boardContents,
  card,
  createBoard,
  expectNoErrors,
  join,
  newPage,
  openBoard,
  shareLinkOf,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function openCardDialog(page: Page, title: string): Promise<void> {
  await card(page, title).locator(".card-open").click()
  await page.getByRole("dialog", { name: title }).waitFor()
}

async function comment(page: Page, text: string): Promise<void> {
  const box = page.getByRole("textbox", { name: "Write a comment" })
  await box.fill(text)
  await page.getByRole("button", { name: "Comment", exact: true }).click()
  await page.locator(".comment", { hasText: text }).waitFor()
}

/** Buttons, fields and text areas on the page that are enabled and edit something. */
async function enabledEditingControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editing = [
      "+ Add list",
      "+ Add a card",
      "Rename card",
      "Drag to move list",
      "Actions for list",
      "Edit board title",
      "Edit list title",
      "Edit card title",
    ]
    const out: string[] = []
    for (const el of document.querySelectorAll<HTMLButtonElement | HTMLInputElement>(
      "button, input, textarea, select",
    )) {
      if (el.disabled || el.offsetParent === null) continue
      const name = `${el.getAttribute("aria-label") ?? ""} ${el.title} ${el.textContent ?? ""}`
      if (editing.some((e) => name.includes(e))) out.push(name.trim())
    }
    return out
  })
}

describe("links by role", () => {
  it("a viewer reads live with nothing to edit, a commenter comments and the editor sees it live", async () => {
    const ana = await newPage(env.browser)
    const errors = trackPageErrors(ana.page)
    await createBoard(ana.page, env.relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Launch plan", "Budget"])
    const viewLink = await shareLinkOf(ana.page, "Can view")
    const commentLink = await shareLinkOf(ana.page, "Can comment")
    expect(viewLink).toMatch(/#\/b\/[^?]+\?view=[A-Za-z0-9_-]{43}$/)
    expect(commentLink).not.toContain("edit=")

    // The viewer: no join dialog, the badge, every editing control disabled.
    const vic = await newPage(env.browser)
    const vicErrors = trackPageErrors(vic.page)
    await vic.page.goto(viewLink)
    await card(vic.page, "Budget").waitFor()
    expect(vic.page.url()).not.toContain("view=") // the secret left the address bar
    await vic.page.getByText("View only", { exact: true }).waitFor()
    expect(await enabledEditingControls(vic.page)).toEqual([])
    expect(await vic.page.getByRole("button", { name: "+ Add list" }).isDisabled()).toBe(true)
    expect(await axeViolations(vic.page)).toEqual([])
    expect(await vic.page.getByRole("dialog", { name: "Who are you on this board?" }).count()).toBe(
      0,
    )
    // An editing shortcut says why nothing happens.
    await card(vic.page, "Budget").locator(".card-open").focus()
    await vic.page.keyboard.press("Alt+ArrowUp")
    await vic.page.getByRole("alert").filter({ hasText: "You can view this board" }).waitFor()
    // The card dialog: readable, its fields disabled, and no comment box enabled.
    await openCardDialog(vic.page, "Launch plan")
    expect(await vic.page.getByRole("textbox", { name: "Write a comment" }).isDisabled()).toBe(true)
    expect(await axeViolations(vic.page)).toEqual([])
    await vic.page.keyboard.press("Escape")
    // The Share dialog offers only the view link.
    await vic.page.getByRole("button", { name: "Share", exact: true }).click()
    const vicShare = vic.page.getByRole("dialog", { name: "Share this board" })
    expect(await vicShare.getByRole("textbox").count()).toBe(1)
    await vicShare.getByRole("textbox", { name: "Can view link" }).waitFor()
    expect(await vicShare.getByRole("button", { name: /^Stop/ }).count()).toBe(0)
    await vic.page.keyboard.press("Escape")

    // The commenter joins, comments, and the editor sees it live.
    const cleo = await newPage(env.browser)
    const cleoErrors = trackPageErrors(cleo.page)
    await openBoard(cleo.page, commentLink, "Cleo")
    await cleo.page.getByText("Can comment", { exact: true }).first().waitFor()
    expect(await cleo.page.getByRole("button", { name: "+ Add list" }).isDisabled()).toBe(true)
    await cleo.page.getByRole("button", { name: "Share", exact: true }).click()
    const cleoShare = cleo.page.getByRole("dialog", { name: "Share this board" })
    expect(await cleoShare.getByRole("textbox").count()).toBe(2)
    await cleo.page.keyboard.press("Escape")
    await openCardDialog(cleo.page, "Launch plan")
    await comment(cleo.page, "Looks good @Ana")

    await openCardDialog(ana.page, "Launch plan")
    await ana.page.locator(".comment", { hasText: "Looks good" }).waitFor({ timeout: 15_000 })
    await ana.page.keyboard.press("Escape")

    // The viewer sees live edits.
    await addCards(ana.page, "To do", ["Written after the viewer came"])
    await waitFor(
      () => boardContents(vic.page),
      (c) => c["To do"]?.includes("Written after the viewer came") === true,
      15_000,
      "the viewer to see a live edit",
    )
    expectNoErrors([...errors, ...vicErrors, ...cleoErrors])
    for (const p of [ana, vic, cleo]) await p.context.close()
  })

  it("a stopped link says so, and what the device changed offline is offered as a copy", async () => {
    const work = await mkdtemp(joinPath(tmpdir(), "baton-roles-"))
    try {
      const ana = await newPage(env.browser)
      const base = env.relay.url
      await createBoard(ana.page, base, "Ana")
      await addList(ana.page, "To do")
      await addCards(ana.page, "To do", ["Launch plan"])
      const commentLink = await shareLinkOf(ana.page, "Can comment")
      const boardId = boardIdOf(commentLink)

      // A backup of the board reaches another device (restored there from the file).
      await ana.page.goto(`${base}/#/settings`)
      await ana.page.getByRole("dialog", { name: "Settings" }).waitFor()
      const [download] = await Promise.all([
        ana.page.waitForEvent("download"),
        ana.page.getByRole("button", { name: "Export all boards" }).click(),
      ])
      const file = joinPath(work, "backup.json")
      await download.saveAs(file)
      expect(JSON.parse(await readFile(file, "utf8")).boards.length).toBe(1)

      // Ana stops the comment link.
      await ana.page.goto(`${base}/#/b/${boardId}`)
      await card(ana.page, "Launch plan").waitFor()
      await ana.page.getByRole("button", { name: "Share", exact: true }).click()
      const share = ana.page.getByRole("dialog", { name: "Share this board" })
      const before = await share.getByRole("textbox", { name: "Can comment link" }).inputValue()
      await share.getByRole("button", { name: "Stop the Can comment link" }).click()
      await waitFor(
        () => share.getByRole("textbox", { name: "Can comment link" }).inputValue(),
        (v) => v !== before,
        10_000,
        "a new comment link",
      )
      await ana.page.keyboard.press("Escape")

      // Dee restores the backup (the relay keeps Dee out: no link yet), is given the comment
      // link, and writes a comment offline.
      const dee = await newPage(env.browser)
      const errors = trackPageErrors(dee.page)
      await dee.page.goto(`${base}/#/settings`)
      await dee.page.getByLabel("Import backup").setInputFiles(file)
      await dee.page
        .getByTestId("backup-message")
        .filter({ hasText: "Restored 1 board" })
        .waitFor({ timeout: 30_000 })
      await dee.context.setOffline(true)
      await dee.page.goto(commentLink)
      await join(dee.page, "Dee")
      await dee.page.getByText("Can comment", { exact: true }).first().waitFor()
      await openCardDialog(dee.page, "Launch plan")
      await comment(dee.page, "Written offline by Dee")
      await dee.page.keyboard.press("Escape")

      // Online again: the link was stopped meanwhile.
      await dee.context.setOffline(false)
      await dee.page
        .getByRole("alert")
        .filter({ hasText: "This link no longer works. Ask someone on the board for a new one." })
        .waitFor({ timeout: 15_000 })
      // Nothing of it reached the board.
      await openCardDialog(ana.page, "Launch plan")
      await new Promise((r) => setTimeout(r, 500))
      expect(await ana.page.locator(".comment", { hasText: "Written offline" }).count()).toBe(0)
      await ana.page.keyboard.press("Escape")

      // The comment is kept, and offered as a board of Dee's own.
      await dee.page.getByRole("button", { name: "Save a copy as a new board" }).click()
      await dee.page.waitForURL((u) => !u.hash.includes(boardId) && u.hash.startsWith("#/b/"))
      await dee.page.getByRole("heading", { level: 1 }).filter({ hasText: "(my copy)" }).waitFor()
      await openCardDialog(dee.page, "Launch plan")
      await dee.page.locator(".comment", { hasText: "Written offline by Dee" }).waitFor()
      expectNoErrors(errors)
      await ana.context.close()
      await dee.context.close()
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  })

  it("after a Stop, a second editor's Share dialog shows the new links; a commenter never learns them", async () => {
    const ana = await newPage(env.browser)
    const errors = trackPageErrors(ana.page)
    const editLink = await createBoard(ana.page, env.relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Launch plan"])
    const oldComment = await shareLinkOf(ana.page, "Can comment")

    const ben = await newPage(env.browser)
    const benErrors = trackPageErrors(ben.page)
    await ben.page.goto(editLink)
    await join(ben.page, "Ben")
    await card(ben.page, "Launch plan").waitFor()
    const cara = await newPage(env.browser)
    await cara.page.goto(oldComment)
    await join(cara.page, "Cara")
    await card(cara.page, "Launch plan").waitFor()

    // Ben keeps his Share dialog open while Ana stops the comment link.
    await ben.page.getByRole("button", { name: "Share", exact: true }).click()
    const benShare = ben.page.getByRole("dialog", { name: "Share this board" })
    expect(await benShare.getByRole("textbox", { name: "Can comment link" }).inputValue()).toBe(
      oldComment,
    )
    await ana.page.getByRole("button", { name: "Share", exact: true }).click()
    const anaShare = ana.page.getByRole("dialog", { name: "Share this board" })
    await anaShare.getByRole("button", { name: "Stop the Can comment link" }).click()
    const newComment = await waitFor(
      () => anaShare.getByRole("textbox", { name: "Can comment link" }).inputValue(),
      (v) => v !== oldComment,
      10_000,
      "Ana's new comment link",
    )
    await waitFor(
      () => benShare.getByRole("textbox", { name: "Can comment link" }).inputValue(),
      (v) => v === newComment,
      10_000,
      "the new comment link in Ben's Share dialog",
    )
    // Ana stops the edit link too: Ben joined with it, so his page reconnects, and is given
    // the new one.
    const oldEdit = await anaShare.getByRole("textbox", { name: "Can edit link" }).inputValue()
    await anaShare.getByRole("button", { name: "Stop the Can edit link" }).click()
    const newEdit = await waitFor(
      () => anaShare.getByRole("textbox", { name: "Can edit link" }).inputValue(),
      (v) => v !== oldEdit,
      10_000,
      "Ana's new edit link",
    )
    await waitFor(
      () => benShare.getByRole("textbox", { name: "Can edit link" }).inputValue(),
      (v) => v === newEdit,
      15_000,
      "the new edit link in Ben's Share dialog",
    )
    await ben.page.keyboard.press("Escape")

    // The link Ben shows works: a new person opens it and comments.
    const dara = await newPage(env.browser)
    await dara.page.goto(newComment)
    await join(dara.page, "Dara")
    await dara.page.getByText("Can comment", { exact: true }).first().waitFor()
    await openCardDialog(dara.page, "Launch plan")
    await comment(dara.page, "Through the new link")

    // Cara, a commenter, holds neither new secret: not in her Share dialog, not on her device.
    // Her page, which joined with the stopped link, was told it was stopped and drops it.
    const secretOf = (link: string, role: string): string =>
      new RegExp(`[?&]${role}=([A-Za-z0-9_-]+)`).exec(link)?.[1] ?? "none"
    const held = await cara.page.evaluate(() => localStorage.getItem("baton.boardAccess.v1") ?? "")
    expect(held).not.toContain(secretOf(newEdit, "edit"))
    expect(held).not.toContain(secretOf(newComment, "comment"))
    await cara.page.getByRole("button", { name: "Share", exact: true }).click()
    const caraShare = cara.page.getByRole("dialog", { name: "Share this board" })
    expect(await caraShare.getByRole("textbox", { name: "Can edit link" }).count()).toBe(0)
    await caraShare.getByText("This device does not hold this link.").waitFor()
    expect(await caraShare.getByRole("textbox", { name: "Can comment link" }).count()).toBe(0)
    expect(await caraShare.getByRole("textbox", { name: "Can view link" }).count()).toBe(1)
    expectNoErrors(errors)
    expectNoErrors(benErrors)
    for (const p of [ana, ben, cara, dara]) await p.context.close()
  })
})
