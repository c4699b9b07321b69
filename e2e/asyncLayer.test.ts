/**
 * Browser tests of the async layer made exact: one context per teammate with its own
 * `timezoneId`, `locale` and frozen `page.clock`. Kiri (Kiritimati, UTC+14) works from
 * another device — a Node peer on the real relay — while Pago (Pago Pago, UTC−11) is away;
 * Pago's browser then catches up. A German-locale teammate in Berlin sees German dates.
 */
import { Repo } from "@automerge/automerge-repo"
import type { DocHandle } from "@automerge/automerge-repo"
import { WebSocket } from "ws"
import { RelayClientAdapter } from "../src/sync/transport/RelayClientAdapter"
import type { WebSocketLike } from "../src/sync/transport/RelayClientAdapter"
import { createDeviceAccess, linkSecrets } from "../src/sync/device/boardAccess"
import type { DeviceAccess } from "../src/sync/device/boardAccess"
import { newDeviceKey, signerOf } from "../src/sync/device/deviceKey"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { encodeChangeMeta } from "../src/model/changeMeta"
import {
  addCard,
  addChecklist,
  addChecklistItem,
  addComment,
  addList,
  addOwner,
  archiveCard,
  assignLabel,
  createLabel,
  initBoard,
  moveCard,
  pinCard,
  setCardDescription,
  setCardTitle,
  setDeadline,
  setImportant,
  setUrgent,
  toggleChecklistItem,
} from "../src/model"
import { formatMention } from "../src/model/replies/mentions"
import { makeMember } from "../src/model/time/testing"
import type { Board } from "../src/model/types"
import { launchBrowser, startRelay, trackPageErrors } from "./harness"
import type { TestRelay } from "./harness"
import { DESKTOP, boardMenuItem, expectNoErrors, join } from "./boardHelpers"

let relay: TestRelay
let browser: Browser
let repo: Repo
let kiriAccess: DeviceAccess
const contexts: BrowserContext[] = []

const KIRI = makeMember("kiri", "Kiri", "Pacific/Kiritimati")
/** Pago's first visit: Friday 4 Dec 09:00 in Pago Pago, Saturday 10:00 in Kiritimati. */
const FIRST = "2026-12-04T20:00:00.000Z"
/** Kiri's edits: Friday 13:00 in Pago Pago. */
const EDITS = "2026-12-05T00:00:00.000Z"
/** Pago back: Monday 7 Dec 21:00 in Pago Pago; Tuesday 22:00 in Kiritimati (off work). */
const BACK = "2026-12-08T08:00:00.000Z"

beforeAll(async () => {
  relay = await startRelay(
    process.env.TIME_E2E_DIST ? { staticDir: process.env.TIME_E2E_DIST } : {},
  )
  browser = await launchBrowser()
  // Kiri's device: an up-to-date client in Node that claims the board it makes.
  const kept = new Map<string, string>()
  kiriAccess = createDeviceAccess(
    { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => void kept.set(k, v) },
    await signerOf(await newDeviceKey()),
  )
  repo = new Repo({
    network: [
      new RelayClientAdapter({
        url: relay.url.replace("http", "ws") + "/sync",
        createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
        auth: kiriAccess.auth,
      }),
    ],
  })
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await repo?.shutdown()
  await relay?.close()
})

async function person(
  timezoneId: string,
  locale: string,
  at: string,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, timezoneId, locale })
  contexts.push(context)
  const page = await context.newPage()
  await page.clock.setFixedTime(new Date(at))
  return { page, errors: trackPageErrors(page) }
}

/** A change by Kiri's device at `at`, attributed to Kiri as the app does. */
function kiri(handle: DocHandle<Board>, at: string, fn: (d: Board) => void): void {
  handle.change(fn, {
    message: encodeChangeMeta({ memberId: "kiri", op: "edit" }),
    time: Math.floor(Date.parse(at) / 1000),
  })
}

function toolbarButton(page: Page, name: RegExp) {
  return page.getByRole("toolbar", { name: "Board tools" }).getByRole("button", { name })
}

describe("the async layer in the browser", () => {
  let handle: DocHandle<Board>
  let url = ""
  let pago: { page: Page; errors: string[] }

  it("after 3 days away, catch-up lists every kind of change others made, with values", async () => {
    handle = repo.create<Board>()
    kiriAccess.book.newBoard(handle.documentId)
    kiri(handle, FIRST, (d) => {
      initBoard(d, { title: "Launch", memberId: "kiri", now: FIRST, member: KIRI })
      addList(d, { id: "todo", title: "To do", now: FIRST })
      addList(d, { id: "done", title: "Done", now: FIRST })
      addCard(d, { id: "c1", listId: "todo", title: "Write post", memberId: "kiri", now: FIRST })
      addCard(d, { id: "c2", listId: "todo", title: "Old idea", memberId: "kiri", now: FIRST })
      setCardDescription(d, "c1", "Publish on Monday.")
      addChecklist(d, "c1", { id: "cl1", name: "Checklist" })
      addChecklistItem(d, "c1", "cl1", { id: "i1", text: "Outline" })
      createLabel(d, { id: "l1", name: "Blog", color: "#336699" })
    })
    const secrets = linkSecrets("edit", kiriAccess.book.get(handle.documentId).secrets)!
    url = `${relay.url}/#/b/${handle.documentId}?${new URLSearchParams(secrets).toString()}`
    pago = await person("Pacific/Pago_Pago", "en-GB", FIRST)
    await pago.page.goto(url)
    await join(pago.page, "Pago")
    await pago.page.locator(".card", { hasText: "Write post" }).waitFor()
    // Pago's device now remembers what Pago saw; wait for Pago's join to reach Kiri.
    await expect
      .poll(() => Object.values(handle.doc()?.members ?? {}).some((m) => m.name === "Pago"), {
        timeout: 15_000,
      })
      .toBe(true)
    const pagoId = Object.values(handle.doc()!.members).find((m) => m.name === "Pago")!.id
    await pago.page.goto("about:blank")

    kiri(handle, EDITS, (d) => {
      setCardTitle(d, "c1", "Write the launch post")
      setCardDescription(d, "c1", "Publish on Tuesday.")
      setUrgent(d, "c1", true)
      setImportant(d, "c1", true)
      pinCard(d, "c1", EDITS)
      addChecklistItem(d, "c1", "cl1", { id: "i2", text: "Pictures" })
      toggleChecklistItem(d, "c1", "i1", true)
      assignLabel(d, "c1", "l1")
      addOwner(d, "c1", pagoId)
      setDeadline(d, "c1", { kind: "date", date: "2026-12-11" })
      moveCard(d, "c1", "done", 0)
      archiveCard(d, "c2", EDITS)
      addComment(d, "c1", { id: "k1", authorId: "kiri", text: "Ready for review", now: EDITS })
    })

    await pago.page.clock.setFixedTime(new Date(BACK))
    await pago.page.goto(url)
    await pago.page
      .locator(".card", { hasText: "Write the launch post" })
      .waitFor({ timeout: 20_000 })
    await toolbarButton(pago.page, /Since you were last here/).click()
    const panel = pago.page.getByRole("dialog", { name: "Since you were last here" })
    const card = panel.locator(".catch-up-card", { hasText: "“Write the launch post”" })
    await card.waitFor({ timeout: 15_000 })
    const lines = async (): Promise<string[]> =>
      (await card.locator("li").allTextContents()).map((s) => s.replace(/\s+/g, " ").trim())
    const expected = [
      "Kiri assigned you",
      "Kiri renamed it: “Write post” → “Write the launch post”",
      "Kiri moved it from To do to Done",
      "Kiri changed the deadline: none → Fri 11 Dec",
      "Kiri marked it urgent",
      "Kiri marked it important",
      "Kiri pinned it",
      "Kiri added label Blog",
      "Kiri checklist: added “Pictures”; checked “Outline”",
      "Kiri edited the description: removed “Mon”, added “Tues”",
      "Kiri commented: “Ready for review”",
    ]
    await expect.poll(lines, { timeout: 15_000 }).toHaveLength(expected.length)
    const got = await lines()
    for (const [i, want] of expected.entries()) {
      // Who and what, then when: in Pago's time (Friday 13:00) and relative.
      expect(got[i]).toBe(`${want} Fri 4 Dec, 13:00 · 3 days ago`)
    }
    // The other card: archived.
    await expect
      .poll(() => panel.locator(".catch-up-card", { hasText: "“Old idea”" }).textContent())
      .toContain("Kiri archived it")
    // Mark one card read: it goes; then everything.
    await panel.getByRole("button", { name: "Mark read: “Old idea”" }).click()
    await expect.poll(() => panel.locator(".catch-up-card").count()).toBe(1)
    await panel.getByRole("button", { name: "Mark all as read" }).click()
    await panel.getByText("Nothing new from others since you were last here.").waitFor()
    expectNoErrors(pago.errors)
  })

  it("the mention list shows local times, and the off-hours note appears before sending", async () => {
    await pago.page.keyboard.press("Escape")
    await pago.page.locator(".card", { hasText: "Write the launch post" }).first().click()
    const box = pago.page.getByRole("combobox", { name: "Ask for a reply" })
    await box.waitFor()
    await box.pressSequentially("@Ki")
    const option = pago.page
      .getByRole("listbox", { name: "Mention someone" })
      .getByRole("option", { name: /Kiri/ })
    // Tuesday 22:00 in Kiritimati: off until Wednesday 09:00.
    await expect
      .poll(() => option.textContent())
      .toBe("Kiri · 22:00 their time · off until Wed 09:00")
    await box.press("Enter")
    await box.pressSequentially("can you check the pictures?")
    // 24 of Kiri's working hours from Wed 09:00: Friday 17:00 in Kiritimati = Thu 16:00 here.
    await expect
      .poll(() => pago.page.locator(".off-hours-note").textContent())
      .toBe(
        "Kiri is off until Wed 09:00 their time (in 11 h); a reply is expected by Thu 16:00 your time",
      )
    await pago.page.getByRole("button", { name: "Send" }).click()
    await pago.page.getByRole("list", { name: "Awaited replies" }).waitFor()
    await expect
      .poll(() => pago.page.getByRole("list", { name: "Awaited replies" }).textContent())
      .toContain("This board expects replies within 24 working hours.")
    expect(await pago.page.locator(".off-hours-note").count()).toBe(0)
    // The comment reaches Kiri's device, mentioning Kiri.
    const commentsOnC1 = (): string[] => {
      const card = Object.values(handle.doc()?.cardBuckets ?? {})
        .flatMap((b) => Object.values(b))
        .find((c) => c.id === "c1")
      return Object.values(card?.comments ?? {}).map((c) => c.text)
    }
    await expect
      .poll(() => commentsOnC1().some((t) => t.includes(formatMention(KIRI))), { timeout: 15_000 })
      .toBe(true)
    expectNoErrors(pago.errors)
  })

  it("a German-locale context shows German dates, weekday names and Monday first", async () => {
    const berlin = await person("Europe/Berlin", "de-DE", BACK)
    await berlin.page.goto(url)
    await join(berlin.page, "Berta")
    const badge = berlin.page
      .locator(".card", { hasText: "Write the launch post" })
      .locator(".time-deadline")
    // A date-only deadline ends the day for its owner (Pago, UTC−11): Sat 12 Dec, 11:59 in Berlin.
    await expect
      .poll(() => badge.textContent(), { timeout: 15_000 })
      .toContain("Sa., 12. Dez., 11:59")
    await boardMenuItem(berlin.page, "Calendar")
    const cal = berlin.page.getByRole("dialog", { name: "Calendar" })
    await expect
      .poll(() => cal.locator(".cal-head").allTextContents())
      .toEqual(["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"])
    await cal.getByRole("button", { name: "Month" }).click()
    await expect.poll(() => cal.locator(".cal-title").textContent()).toBe("Dezember 2026")
    expectNoErrors(berlin.errors)
  })
})
