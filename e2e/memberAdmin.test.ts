/**
 * Board settings → Members, in Chromium against the real relay: the editor sees each member's
 * devices and the link they joined with, lowers a member to view (their open page turns view
 * only at once) and removes a member (their page says so; what it holds stays readable).
 */
import { describe, expect, it } from "vitest"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  axeViolations,
  boardMenuItem,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  shareLinkOf,
} from "./boardHelpers"

const env = useRelayAndBrowser()

describe("members in board settings", () => {
  it("an editor sees devices and links, lowers a member to view and removes them", async () => {
    const ana = await newPage(env.browser)
    const errors = trackPageErrors(ana.page)
    await createBoard(ana.page, env.relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Launch plan"])
    const editLink = await shareLinkOf(ana.page, "Can edit")

    const ed = await newPage(env.browser)
    await openBoard(ed.page, editLink, "Ed")
    await card(ed.page, "Launch plan").waitFor()
    expect(await ed.page.getByRole("button", { name: "+ Add list" }).isDisabled()).toBe(false)

    await boardMenuItem(ana.page, "Board settings")
    const settings = ana.page.getByRole("dialog", { name: "Board settings" })
    const edRow = settings.getByRole("listitem", { name: "Ed", exact: true })
    await edRow.getByText(/joined with the Can edit link on/).waitFor()
    await settings
      .getByRole("listitem", { name: "Ana", exact: true })
      .getByText(/This device: made the board here/)
      .waitFor()
    expect(await axeViolations(ana.page)).toEqual([])

    // Ed becomes a viewer: his open page turns view only without a reload.
    await settings.getByLabel("Role of Ed").selectOption("view")
    await ed.page.getByText("View only", { exact: true }).waitFor({ timeout: 15_000 })
    expect(await ed.page.getByRole("button", { name: "+ Add list" }).isDisabled()).toBe(true)
    await edRow
      .locator(".member-devices li")
      .getByText(/Can view$/)
      .waitFor()

    // Ana is now the only editor: she cannot lower herself, and her role stays as it was.
    await settings.getByLabel("Role of Ana").selectOption("view")
    await ana.page.getByText(/a board always keeps at least one editor/).waitFor()
    expect(await settings.getByLabel("Role of Ana").inputValue()).toBe("edit")
    expect(await ana.page.getByText("View only", { exact: true }).count()).toBe(0)

    // Removed, Ed is told so, and the board he had stays readable on his device.
    await edRow.getByRole("button", { name: "Remove Ed from the board" }).click()
    await edRow.getByRole("button", { name: "Remove Ed", exact: true }).click()
    await ed.page.getByText(/An editor removed you from this board/).waitFor({ timeout: 15_000 })
    await card(ed.page, "Launch plan").waitFor()
    await edRow.getByText("removed", { exact: true }).waitFor()

    expectNoErrors(errors)
    for (const p of [ana, ed]) await p.context.close()
  })

  it("a commenter sees the members but no devices, roles or Remove", async () => {
    const ana = await newPage(env.browser)
    await createBoard(ana.page, env.relay.url, "Ana")
    const commentLink = await shareLinkOf(ana.page, "Can comment")
    const cleo = await newPage(env.browser)
    await openBoard(cleo.page, commentLink, "Cleo")
    await cleo.page.getByText("Can comment", { exact: true }).first().waitFor()
    await boardMenuItem(cleo.page, "Board settings")
    const settings = cleo.page.getByRole("dialog", { name: "Board settings" })
    await settings.getByRole("listitem", { name: "Ana", exact: true }).waitFor()
    await settings.getByText(/Editors see each member's devices here/).waitFor()
    expect(await settings.getByRole("combobox", { name: /Role of/ }).count()).toBe(0)
    expect(await settings.getByRole("button", { name: /^Remove / }).count()).toBe(0)
    for (const p of [ana, cleo]) await p.context.close()
  })
})
