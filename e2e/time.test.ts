/**
 * Browser tests of the time-zone, catch-up and reply features in the real app served by the
 * real relay: two people in different zones (isolated contexts with their own time zone and
 * a frozen wall clock), the calendar, catch-up, mentions with an overdue reply, the
 * notification centre and "My work".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { launchBrowser, startRelay, trackPageErrors } from "./harness"
import type { TestRelay } from "./harness"
import {
  DESKTOP,
  addCards,
  addList,
  axeViolations,
  createBoard,
  expectNoErrors,
  join,
  waitFor,
} from "./boardHelpers"

let relay: TestRelay
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  relay = await startRelay(
    process.env.TIME_E2E_DIST ? { staticDir: process.env.TIME_E2E_DIST } : {},
  )
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await relay?.close()
})

/**
 * A person in `timezoneId` whose wall clock is frozen at `at` (timers keep running). With
 * `notifications`, system notifications are allowed and recorded in `window.__sent` (the
 * test cannot see the operating system's notifications).
 */
async function person(
  timezoneId: string,
  at: string,
  options: { notifications?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, timezoneId, locale: "en-GB" })
  contexts.push(context)
  if (options.notifications) {
    await context.addInitScript(() => {
      const sent: string[] = []
      class RecordedNotification {
        static readonly permission = "granted"
        static requestPermission(): Promise<string> {
          return Promise.resolve("granted")
        }
        constructor(title: string, opts?: { body?: string }) {
          sent.push(opts?.body ?? title)
        }
      }
      Object.assign(window, { __sent: sent, Notification: RecordedNotification })
    })
  }
  const page = await context.newPage()
  await page.clock.setFixedTime(new Date(at))
  return { page, errors: trackPageErrors(page) }
}

const sentNotifications = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __sent: string[] }).__sent)

/** Freezes the page's wall clock at `at` and (re)loads `url` so every component starts from it. */
async function openAt(page: Page, at: string, url: string): Promise<void> {
  await page.clock.setFixedTime(new Date(at))
  await page.goto("about:blank")
  await page.goto(url)
}

function toolbarButton(page: Page, name: RegExp) {
  return page.getByRole("toolbar", { name: "Board tools" }).getByRole("button", { name })
}

async function count(page: Page, name: RegExp): Promise<number> {
  const text = (await toolbarButton(page, name).locator(".time-count").textContent()) ?? ""
  return Number(/(\d+)/.exec(text)?.[1] ?? "NaN")
}

describe("time zones, catch-up and replies in the browser", () => {
  let boardUrl = ""
  let ana: { page: Page; errors: string[] }
  let jonas: { page: Page; errors: string[] }

  it("calendar: dragging a card onto a day sets its deadline, shown in each person's time", async () => {
    // Monday 23 Nov 2026, 10:00 in Berlin.
    ana = await person("Europe/Berlin", "2026-11-23T09:00:00Z")
    boardUrl = await createBoard(ana.page, relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Write post", "Review budget"])
    await ana.page.getByRole("button", { name: "Board menu" }).click()
    await toolbarButton(ana.page, /^Calendar$/).click()
    const cal = ana.page.getByRole("dialog", { name: "Calendar" })
    await expect
      .poll(() => cal.locator(".cal-title").textContent())
      .toBe("23 Nov 2026 – 29 Nov 2026")
    const chip = cal.locator(".cal-unscheduled .cal-chip", { hasText: "Review budget" })
    await chip.dragTo(cal.locator('.cal-day[data-date="2026-11-26"]'))
    await cal
      .locator('.cal-day[data-date="2026-11-26"] .cal-chip', { hasText: "Review budget" })
      .waitFor()
    // Keyboard: Alt+→ moves it one day later.
    await cal.locator('.cal-day[data-date="2026-11-26"] .cal-chip').focus()
    await ana.page.keyboard.press("Alt+ArrowRight")
    await cal
      .locator('.cal-day[data-date="2026-11-27"] .cal-chip', { hasText: "Review budget" })
      .waitFor()
    // Month view shows the same card.
    await cal.getByRole("button", { name: "Month" }).click()
    await expect.poll(() => cal.locator(".cal-title").textContent()).toBe("November 2026")
    await cal
      .locator('.cal-day[data-date="2026-11-27"] .cal-chip', { hasText: "Review budget" })
      .waitFor()
    await ana.page.screenshot({ path: "e2e/screenshots/time-calendar.png" })
    expect(await axeViolations(ana.page)).toEqual([])
    await cal.getByRole("button", { name: "Close" }).click()
    // On the card tile: the deadline in Ana's time (her zone decides a date-only deadline
    // for a card without owners: she created it).
    const badge = ana.page.locator(".card", { hasText: "Review budget" }).locator(".time-deadline")
    await expect.poll(() => badge.textContent()).toContain("Fri 27 Nov, end of day")
    await expect.poll(() => badge.textContent()).toContain("in 4 days")
    expectNoErrors(ana.errors)
  })

  it("catch-up: Jonas sees what Ana did since his last visit, each item opens the card, mark all as read", async () => {
    jonas = await person("America/Lima", "2026-11-23T09:00:00Z", { notifications: true })
    await jonas.page.goto(boardUrl)
    await join(jonas.page, "Jonas")
    await jonas.page.locator(".card", { hasText: "Write post" }).waitFor()
    expect(await count(jonas.page, /Since you were last here/)).toBe(0)
    // The deadline Ana set (end of Friday in Berlin) in Jonas's time in Lima.
    const badge = jonas.page
      .locator(".card", { hasText: "Review budget" })
      .locator(".time-deadline")
    await expect.poll(() => badge.textContent()).toContain("Fri 27 Nov, 17:59")
    // Ana adds a card while Jonas has the board open.
    await addCards(ana.page, "To do", ["Plan launch"])
    await waitFor(
      () => count(jonas.page, /Since you were last here/),
      (n) => n >= 1,
      15_000,
      "a catch-up item",
    )
    await toolbarButton(jonas.page, /Since you were last here/).click()
    const panel = jonas.page.getByRole("dialog", { name: "Since you were last here" })
    const item = panel.getByRole("link", { name: "“Plan launch”" })
    await item.waitFor()
    await panel.getByText("Ana created the card").waitFor()
    expect(await axeViolations(jonas.page)).toEqual([])
    await item.click()
    await jonas.page.waitForURL(/#\/b\/.+\/c\/.+/)
    await jonas.page.goto(boardUrl)
    await toolbarButton(jonas.page, /Since you were last here/).click()
    await jonas.page.getByRole("button", { name: "Mark all as read" }).click()
    await expect.poll(() => count(jonas.page, /Since you were last here/)).toBe(0)
    // Remembered on this device: a reload still has nothing new.
    await jonas.page.reload()
    await jonas.page.locator(".card", { hasText: "Plan launch" }).waitFor()
    await jonas.page.keyboard.press("Escape")
    expect(await count(jonas.page, /Since you were last here/)).toBe(0)
    expectNoErrors(jonas.errors)
  })

  it("mentions: @ autocomplete asks Jonas; after 24 of HIS working hours the reply is overdue everywhere", async () => {
    // Ana opens "Write post" and asks Jonas (Monday 09:00 in Lima).
    await openAt(ana.page, "2026-11-23T14:00:00Z", boardUrl)
    await ana.page.locator(".card", { hasText: "Write post" }).first().click()
    const box = ana.page.getByRole("combobox", { name: "Ask for a reply" })
    await box.waitFor()
    // The members offered are drawn on top of what follows the box (the next section), down
    // to the list's bottom edge. (The dialog is taller than the window: the box is brought to
    // its top first, so the whole list is on screen where it can be checked point by point.)
    await box.evaluate((el) => el.scrollIntoView({ block: "start" }))
    await box.pressSequentially("@")
    const listbox = ana.page.getByRole("listbox", { name: "Mention someone" })
    await listbox.getByRole("option").first().waitFor()
    expect(await listbox.getByRole("option").count()).toBeGreaterThan(1)
    const hidden = await listbox.evaluate((el) => {
      const r = el.getBoundingClientRect()
      const points: [number, number][] = []
      for (let y = r.top + 2; y < r.bottom - 1; y += 4) points.push([r.left + r.width / 2, y])
      return points.filter(([x, y]) => !el.contains(document.elementFromPoint(x, y))).length
    })
    expect(hidden, "points of the mention list covered by something else").toBe(0)
    await box.press("Backspace")
    await box.pressSequentially("Can you check @jo")
    await ana.page
      .getByRole("listbox", { name: "Mention someone" })
      .getByRole("option", { name: "Jonas" })
      .waitFor()
    await box.press("Enter")
    await expect
      .poll(() => box.inputValue())
      .toMatch(/^Can you check @\[Jonas\]\([A-Za-z0-9_-]+\) $/)
    await box.pressSequentially("the numbers?")
    await ana.page.getByRole("button", { name: "Send" }).click()
    await ana.page
      .getByRole("list", { name: "Awaited replies" })
      .getByText("Awaiting reply from")
      .waitFor()
    await ana.page.screenshot({ path: "e2e/screenshots/time-card-section.png", fullPage: true })
    expect(await axeViolations(ana.page)).toEqual([])
    // Jonas on Monday at 22:00 in Lima: awaited, not overdue; his notification centre lists
    // it, but the system notification waits for his working day (Tuesday 09:00).
    await openAt(jonas.page, "2026-11-24T03:00:00Z", boardUrl)
    const tile = jonas.page.locator(".card", { hasText: "Write post" }).first()
    await expect
      .poll(() => tile.locator(".time-reply").textContent(), { timeout: 15_000 })
      .toBe("Awaiting reply: Jonas")
    await toolbarButton(jonas.page, /^Notifications/).click()
    const centre = jonas.page.getByRole("dialog", { name: "Notifications" })
    const mention = centre.locator("li", { hasText: 'Ana mentioned you on "Write post"' })
    await mention.waitFor()
    await expect.poll(() => mention.textContent()).toContain("held until Tue 24 Nov, 09:00")
    expect(await sentNotifications(jonas.page)).toEqual([])
    await centre.getByRole("button", { name: "Close" }).click()
    // Thursday 10:00 in Lima: Mon 8 + Tue 8 + Wed 8 + Thu 1 = 25 working hours > 24.
    await openAt(jonas.page, "2026-11-26T15:00:00Z", boardUrl)
    await expect
      .poll(() => tile.locator(".time-reply").textContent(), { timeout: 15_000 })
      .toBe("Reply overdue: Jonas")
    await toolbarButton(jonas.page, /^Notifications/).click()
    await centre
      .getByRole("link", { name: /Your reply to Ana on "Write post" is overdue/ })
      .waitFor()
    // Inside his working hours: the system notification goes out, once.
    await expect
      .poll(() => sentNotifications(jonas.page))
      .toEqual(['Your reply to Ana on "Write post" is overdue'])
    await centre.getByRole("button", { name: "Close" }).click()
    await jonas.page.reload()
    await toolbarButton(jonas.page, /^Notifications/).waitFor()
    await jonas.page.locator(".card", { hasText: "Write post" }).first().waitFor()
    expect(await sentNotifications(jonas.page)).toEqual([])
    // My work on the home page lists it first, as overdue.
    await jonas.page.goto(relay.url)
    const myWork = jonas.page.getByRole("list", { name: "My cards and replies" })
    await myWork.waitFor({ timeout: 15_000 })
    const first = myWork.locator("li").first()
    await expect.poll(() => first.textContent()).toContain("Write post")
    await expect.poll(() => first.textContent()).toContain("Reply overdue")
    // Ana marks the conversation resolved, then takes it back with Ctrl+Z: it is one step of
    // hers to undo like any other edit, and the wait is there again.
    await ana.page.getByRole("button", { name: "Mark conversation resolved" }).click()
    await ana.page.getByText("No reply awaited.").waitFor()
    await ana.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await ana.page.keyboard.press("Control+z")
    await ana.page
      .getByRole("list", { name: "Awaited replies" })
      .getByText("Awaiting reply from")
      .waitFor()
    // Jonas replies through the card: the wait is over for both.
    await first.getByRole("link", { name: "Write post" }).click()
    await jonas.page.getByRole("button", { name: "Reply to Ana" }).click()
    const reply = jonas.page.getByRole("combobox", { name: "Ask for a reply" })
    await reply.fill("Numbers look fine")
    await jonas.page.getByRole("button", { name: "Send" }).click()
    await jonas.page.getByText("No reply awaited.").waitFor()
    await ana.page.getByText("No reply awaited.").waitFor({ timeout: 15_000 })
    expectNoErrors(jonas.errors)
    expectNoErrors(ana.errors)
  })

  it("team clock: each member's local time, working or not, and today's overlap", async () => {
    // Wednesday 25 Nov, 15:00 UTC: 16:00 in Berlin, 10:00 in Lima — both at work.
    await openAt(ana.page, "2026-11-25T15:00:00Z", boardUrl)
    await ana.page.getByRole("button", { name: "Board menu" }).click()
    await toolbarButton(ana.page, /^Team clock$/).click()
    const clock = ana.page.getByRole("dialog", { name: "Team clock" })
    const row = (id: string) => clock.locator("tr", { hasText: id })
    await expect.poll(() => row("Jonas").textContent()).toContain("Wed 10:00")
    await expect.poll(() => row("Jonas").textContent()).toContain("Working")
    await expect.poll(() => row("Jonas").textContent()).toContain("−6 h")
    await expect.poll(() => row("Ana").textContent()).toContain("Wed 16:00")
    // Berlin 09:00–17:00 and Lima 09:00–17:00 (15:00–17:00 Berlin) overlap 15:00–17:00 Ana's time.
    await expect.poll(() => clock.locator(".team-overlap").textContent()).toContain("15:00–17:00")
    // Ana works until 20:00 on Wednesdays from now on, and is focusing.
    await clock.getByLabel("Wednesday end").fill("20:00")
    await clock.getByLabel("Status").selectOption("focusing")
    await clock.getByRole("button", { name: "Save my hours" }).click()
    await expect.poll(() => clock.locator(".team-overlap").textContent()).toContain("15:00–20:00")
    await expect.poll(() => row("Ana").textContent()).toContain("Focusing")
    await ana.page.screenshot({ path: "e2e/screenshots/time-team-clock.png" })
    expect(await axeViolations(ana.page)).toEqual([])
    expectNoErrors(ana.errors)
  })

  it("card history: who changed what and when, and the board as it was then", async () => {
    await openAt(ana.page, "2026-11-25T15:00:00Z", boardUrl)
    await ana.page.locator(".card", { hasText: "Review budget" }).first().click()
    await ana.page.getByRole("button", { name: "Show history" }).click()
    const history = ana.page.getByRole("list", { name: "Card history" })
    await history.waitFor({ timeout: 20_000 })
    const lines = await history.locator("li").allTextContents()
    // Newest first: two deadline changes (drag, then Alt+→), then the creation.
    expect(lines).toHaveLength(3)
    expect(lines[0]).toContain("Ana changed the deadline")
    expect(lines[1]).toContain("Ana changed the deadline")
    expect(lines[2]).toContain("Ana created the card")
    await history.locator("li").nth(2).getByRole("button", { name: "View board then" }).click()
    const then = ana.page.getByRole("dialog", { name: /The board on .* \(read-only\)/ })
    await then.waitFor()
    const cards = await then.locator("li").allTextContents()
    expect(cards).toEqual(["Write post", "Review budget"])
    expectNoErrors(ana.errors)
  })
})
