/**
 * Moving cards and lists: by mouse and by touch (pointer drag with placeholder), by keyboard
 * (Alt+arrows and the Move… dialog), with screen-reader announcements and Undo; and the same
 * card moved concurrently in two browsers (one offline) ends up in one place in both.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  PHONE,
  addCards,
  addList,
  boardContents,
  boardIdOf,
  plainBoardUrl,
  card,
  createBoard,
  expectNoErrors,
  list,
  newPage,
  openBoard,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

async function seed(page: Page): Promise<string> {
  const url = await createBoard(page, env.relay.url, "Ana")
  await addList(page, "To do")
  await addList(page, "Doing")
  await addList(page, "Done")
  await addCards(page, "To do", ["One", "Two", "Three"])
  await addCards(page, "Doing", ["Four"])
  return url
}

async function center(
  page: Page,
  selector: ReturnType<Page["locator"]>,
): Promise<{ x: number; y: number }> {
  const box = await selector.boundingBox()
  if (box === null) throw new Error("element not visible")
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/**
 * Makes an edit and, in the same task (so no frame comes in between), hides and leaves the
 * page: returns how many changes the device's change journal gained.
 */
function editThenLeave(page: Page, boardId: string, edit: "title" | "move"): Promise<number> {
  return page.evaluate(
    ([id, kind]) => {
      const kept = (): number =>
        (JSON.parse(localStorage.getItem(`baton.unsaved.${id}`) ?? "[]") as unknown[]).length
      const before = kept()
      if (kind === "title") {
        const input = document.querySelector<HTMLInputElement>(".dialog-title input")
        if (input === null) throw new Error("no title field")
        input.value = "Three, renamed"
        input.dispatchEvent(new InputEvent("input", { bubbles: true }))
      } else {
        document.activeElement?.dispatchEvent(
          new KeyboardEvent("keydown", { key: "ArrowDown", altKey: true, bubbles: true }),
        )
      }
      dispatchEvent(new PageTransitionEvent("pagehide", { persisted: false }))
      return kept() - before
    },
    [boardId, edit] as const,
  )
}

const announced = (page: Page) => page.getByTestId("announcer").textContent()

describe("moving cards and lists", () => {
  it("drags a card with the mouse to another list, shows a placeholder, announces it, and undoes", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await seed(page)
    const from = await center(page, card(page, "Two"))
    const to = await center(page, card(page, "Four"))
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    await page.mouse.move(from.x + 20, from.y + 10, { steps: 3 })
    await page.mouse.move(to.x, to.y - 15, { steps: 10 })
    await expect(page.locator(".drop-placeholder").count()).resolves.toBe(1)
    await expect(page.locator(".drag-ghost").count()).resolves.toBe(1)
    await page.mouse.up()
    await waitFor(
      () => boardContents(page),
      (c) => c.Doing?.join() === "Two,Four",
      5000,
      "card in Doing",
    )
    expect((await boardContents(page))["To do"]).toEqual(["One", "Three"])
    await expect(announced(page)).resolves.toMatch(/Moved Two to Doing, position 1 of 2/)
    await expect(page.locator(".drop-placeholder, .drag-ghost").count()).resolves.toBe(0)
    // The drag did not open the card.
    expect(page.url()).not.toMatch(/\/c\//)

    await page
      .getByRole("status")
      .filter({ hasText: "Moved “Two”" })
      .getByRole("button", { name: "Undo" })
      .click()
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "One,Two,Three",
      5000,
      "undo",
    )

    // Reorder within a list: drop "Three" above "One".
    const three = await center(page, card(page, "Three"))
    const one = await center(page, card(page, "One"))
    await page.mouse.move(three.x, three.y)
    await page.mouse.down()
    await page.mouse.move(three.x, three.y - 10, { steps: 2 })
    await page.mouse.move(one.x, one.y - 12, { steps: 8 })
    await page.mouse.up()
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "Three,One,Two",
      5000,
      "reorder",
    )

    // Escape cancels a drag.
    const four = await center(page, card(page, "Four"))
    await page.mouse.move(four.x, four.y)
    await page.mouse.down()
    await page.mouse.move(one.x, one.y, { steps: 8 })
    await page.keyboard.press("Escape")
    await page.mouse.up()
    expect((await boardContents(page)).Doing).toEqual(["Four"])
    expectNoErrors(errors)
    await context.close()
  })

  it("scrolls the board while a card is held near its edge, and drops it in a list that was off screen", async () => {
    const { page, context } = await newPage(env.browser, { viewport: { width: 900, height: 700 } })
    const errors = trackPageErrors(page)
    await seed(page)
    await addList(page, "Later")
    await addList(page, "Someday")
    const lists = page.getByRole("main", { name: "Lists" })
    await lists.evaluate((el) => (el.scrollLeft = 0))
    const someday = await list(page, "Someday").boundingBox()
    const box = await lists.boundingBox()
    if (someday === null || box === null) throw new Error("board not laid out")
    expect(someday.x).toBeGreaterThan(box.x + box.width)

    const from = await center(page, card(page, "One"))
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    await page.mouse.move(from.x + 20, from.y + 10, { steps: 3 })
    // Hold the card close to the right edge: the board scrolls until its end is in view.
    await page.mouse.move(box.x + box.width - 10, from.y, { steps: 10 })
    await waitFor(
      () => lists.evaluate((el) => el.scrollWidth - el.clientWidth - el.scrollLeft),
      (left) => left < 1,
      5000,
      "board scrolled to its end",
    )
    const target = await center(page, list(page, "Someday"))
    await page.mouse.move(target.x, target.y, { steps: 5 })
    await expect(page.locator(".drop-placeholder").count()).resolves.toBe(1)
    await page.mouse.up()
    await waitFor(
      () => boardContents(page),
      (c) => c.Someday?.join() === "One",
      5000,
      "card in Someday",
    )
    expect((await boardContents(page))["To do"]).toEqual(["Two", "Three"])
    expectNoErrors(errors)
    await context.close()
  })

  it("drags a list by its handle", async () => {
    const { page, context } = await newPage(env.browser)
    await seed(page)
    const handle = await center(page, list(page, "Done").locator("[data-list-handle]"))
    const target = await center(page, list(page, "To do"))
    const box = await list(page, "To do").boundingBox()
    await page.mouse.move(handle.x, handle.y)
    await page.mouse.down()
    await page.mouse.move(handle.x - 20, handle.y, { steps: 3 })
    await page.mouse.move((box?.x ?? target.x) + 10, target.y, { steps: 10 })
    await page.mouse.up()
    await waitFor(
      () => page.locator(".list[data-list-id] .list-title").allTextContents(),
      (t) => t.join() === "Done,To do,Doing",
      5000,
      "list order",
    )
    await context.close()
  })

  it("drags a card by touch on a phone (press and hold, then drag)", async () => {
    const { page, context } = await newPage(env.browser, { viewport: PHONE, hasTouch: true })
    await seed(page)
    const cdp = await context.newCDPSession(page)
    await card(page, "One").scrollIntoViewIfNeeded()
    await waitFor(
      () => card(page, "One").boundingBox(),
      (b) => b !== null && b.x >= 0 && b.x + b.width <= PHONE.width,
      5000,
      "list in view",
    )
    const from = await center(page, card(page, "One"))
    const three = await center(page, card(page, "Three"))
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", x: number, y: number) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: type === "touchEnd" ? [] : [{ x: Math.round(x), y: Math.round(y) }],
      })
    await touch("touchStart", from.x, from.y)
    // Hold still until the drag starts (the ghost appears), then move.
    await page.locator(".drag-ghost").waitFor({ timeout: 3000 })
    for (let i = 1; i <= 10; i++)
      await touch("touchMove", from.x, from.y + ((three.y + 20 - from.y) * i) / 10)
    await touch("touchEnd", 0, 0)
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "Two,Three,One",
      5000,
      "touch move",
    )

    // A quick swipe does not drag (it scrolls): nothing moves.
    const two = await center(page, card(page, "Two"))
    await touch("touchStart", two.x, two.y)
    for (let i = 1; i <= 5; i++) await touch("touchMove", two.x - i * 30, two.y)
    await touch("touchEnd", 0, 0)
    await expect(page.locator(".drag-ghost").count()).resolves.toBe(0)
    expect((await boardContents(page))["To do"]).toEqual(["Two", "Three", "One"])
    await context.close()
  })

  it("moves the focused card with Alt+arrows and keeps focus on it", async () => {
    const { page, context } = await newPage(env.browser)
    await seed(page)
    await card(page, "One").locator(".card-open").focus()
    // Where focus is right after the move has been made (a listener after Baton's own).
    await page.evaluate(() => {
      const w = window as unknown as { focusAfterMove: string[] }
      w.focusAfterMove = []
      window.addEventListener("keydown", () => {
        w.focusAfterMove.push(document.activeElement?.closest("li.card")?.textContent ?? "none")
      })
    })
    await page.keyboard.press("Alt+ArrowDown")
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "Two,One,Three",
      5000,
      "alt down",
    )
    // Within its list the card is moved with its focus: it never has to be focused again.
    const focusAfter = (await page.evaluate("window.focusAfterMove")) as string[]
    expect(focusAfter.at(-1)).toContain("One")
    await page.keyboard.press("Alt+ArrowRight")
    await waitFor(
      () => boardContents(page),
      (c) => c.Doing?.join() === "Four,One",
      5000,
      "alt right",
    )
    await expect(announced(page)).resolves.toMatch(/Moved One to Doing/)
    await waitFor(
      () => page.evaluate(() => document.activeElement?.closest("li.card")?.textContent ?? ""),
      (t) => t.includes("One"),
      3000,
      "focus stays on the moved card",
    )
    await page.keyboard.press("Alt+ArrowUp")
    await waitFor(
      () => boardContents(page),
      (c) => c.Doing?.join() === "One,Four",
      5000,
      "alt up",
    )
    // The three moves in a row share one toast, and its Undo puts the card back where the
    // run started.
    const toasts = page.locator(".toast").filter({ hasText: "Moved “One”" })
    await expect(toasts.count()).resolves.toBe(1)
    await expect(toasts.textContent()).resolves.toContain("Moved “One” to Doing, position 1 of 2")
    await toasts.getByRole("button", { name: "Undo" }).click()
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "One,Two,Three" && c.Doing?.join() === "Four",
      5000,
      "undo the run of moves",
    )
    await context.close()
  })

  it("keeps a move and a typed title made in the same moment the page is left, with no relay", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    const url = await seed(page)
    await context.setOffline(true)
    const boardId = boardIdOf(url)
    await page.goto(
      `${plainBoardUrl(url)}/c/${await card(page, "Three").getAttribute("data-card-id")}`,
    )
    await page.getByRole("dialog").locator(".dialog-title .inline-edit").click()
    const title = page.getByRole("textbox", { name: "Card title" })
    await title.waitFor()
    // A keystroke in the title, then a move by keyboard: each is on screen at once and written
    // as the page is left right after it.
    await expect(editThenLeave(page, boardId, "title")).resolves.toBe(1)
    await page.keyboard.press("Escape")
    await page.goto(url)
    await card(page, "One").locator(".card-open").focus()
    await expect(editThenLeave(page, boardId, "move")).resolves.toBe(1)
    // Opened again: the relay never saw either edit (the browser was offline), both are there.
    await context.setOffline(false)
    await page.reload()
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "Two,One,Three, renamed",
      10_000,
      "the move and the title after reopening",
    )
    expectNoErrors(errors)
    await context.close()
  })

  it("converges when two browsers move the same card concurrently, one of them offline", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const url = await seed(a.page)
    await openBoard(b.page, url, "Ben")
    await waitFor(
      () => boardContents(b.page),
      (c) => c["To do"]?.length === 3,
      10_000,
      "B loads",
    )
    await b.context.setOffline(true)

    await card(a.page, "Two").locator(".card-open").focus()
    await a.page.keyboard.press("Alt+ArrowRight") // A: Two → Doing
    await waitFor(
      () => boardContents(a.page),
      (c) => c.Doing?.includes("Two") === true,
      5000,
      "A moved",
    )

    await b.page.keyboard.press("Escape")
    await card(b.page, "Two").locator(".card-open").focus()
    await b.page.keyboard.press("m") // B (offline): Two → Done
    const move = b.page.getByRole("dialog", { name: "Move “Two”" })
    await move.getByLabel("List").selectOption({ label: "Done" })
    await move.getByRole("button", { name: "Move", exact: true }).click()
    await waitFor(
      () => boardContents(b.page),
      (c) => c.Done?.includes("Two") === true,
      5000,
      "B moved",
    )

    await b.context.setOffline(false)
    const where = (c: Record<string, string[]>) =>
      Object.entries(c)
        .flatMap(([l, cards]) => cards.filter((t) => t === "Two").map(() => l))
        .join()
    let final = ""
    await waitFor(
      async () => [where(await boardContents(a.page)), where(await boardContents(b.page))],
      ([x, y]) => {
        final = x ?? ""
        return x === y && (x === "Doing" || x === "Done")
      },
      20_000,
      "both browsers to agree on one place for the card",
    )
    // Exactly one copy, everything else intact, same board in both.
    expect(final.split(",")).toHaveLength(1)
    expect(await boardContents(a.page)).toEqual(await boardContents(b.page))
    const all = Object.values(await boardContents(a.page))
      .flat()
      .sort()
    expect(all).toEqual(["Four", "One", "Three", "Two"])
    await a.context.close()
    await b.context.close()
  })
})
