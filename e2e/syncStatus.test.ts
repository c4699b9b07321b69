/**
 * Sync status you can trust on every page, in Chromium: home's per-board count is the board
 * indicator's own and follows the relay without a reload; two tabs of one device show the
 * same count; after 10 s without the relay the indicator says since when it cannot reach it and
 * how many changes are kept on the device; the live region announces changes of state only.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { startRelay, trackPageErrors } from "./harness"
import type { TestRelay } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import { addCards, addList, createBoard, expectNoErrors, newPage, waitFor } from "./boardHelpers"

const env = useRelayAndBrowser()

async function indicator(page: Page): Promise<{ kind: string; text: string }> {
  const el = page.locator(".sync-indicator")
  return {
    kind: (await el.getAttribute("data-sync")) ?? "",
    text: (await el.textContent())?.trim() ?? "",
  }
}

/** The number in the indicator's "N changes not on the relay yet / kept on this device". */
const countIn = (text: string): number | null => {
  const m = /(\d+) changes? (not on the relay yet|kept on this device)/.exec(text)
  return m === null ? null : Number(m[1])
}

async function homeEntry(page: Page): Promise<string> {
  return (await page.locator(".board-entry").first().textContent()) ?? ""
}

/**
 * "14:32" for an epoch time as the page formats it (the viewer's zone), and for a few seconds
 * later: the device notices the loss a moment after it happens, maybe in the next minute.
 */
function clocksIn(page: Page, at: number): Promise<string[]> {
  return page.evaluate(
    (t) =>
      [t, t + 5000].map((x) =>
        new Date(x).toLocaleTimeString([], {
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        }),
      ),
    at,
  )
}

/** "Can't reach the relay since 14:32", for one of `clocks`; returns the whole text matched. */
function expectUnreachable(text: string, clocks: string[], kept: number): void {
  expect(
    clocks.map((c) => `Can't reach the relay since ${c} · ${kept} changes kept on this device`),
  ).toContain(text)
}

/** Records every text the sync live region takes, in order (consecutive repeats once). */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector(".sync-announcer")
    if (el === null) throw new Error("no sync live region")
    if (el.getAttribute("role") !== "status") throw new Error("the live region has no role")
    const seen: string[] = [el.textContent ?? ""]
    ;(window as unknown as { announced: string[] }).announced = seen
    new MutationObserver(() => {
      const t = el.textContent ?? ""
      if (seen.at(-1) !== t) seen.push(t)
    }).observe(el, { subtree: true, childList: true, characterData: true })
  })
}

const announced = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { announced: string[] }).announced.slice())

describe("sync status on every page", () => {
  it("home's count is the board's, follows the relay without a reload, and two tabs agree", async () => {
    let relay: TestRelay = await startRelay()
    try {
      const { context, page: tab1 } = await newPage(env.browser)
      const errors = trackPageErrors(tab1)
      const url = await createBoard(tab1, relay.url, "Ana")
      await addList(tab1, "Doing")
      await waitFor(
        () => indicator(tab1),
        (s) => s.kind === "saved",
        15_000,
        "saved",
      )
      const tab2 = await context.newPage()
      await tab2.goto(relay.url)
      await waitFor(
        () => homeEntry(tab2),
        (t) => t.includes("all changes on the relay"),
        10_000,
        "home in tab 2 to say all is on the relay",
      )

      // The relay goes away; tab 1 edits. Home in tab 2 says what the board says, live.
      const stoppedAt = Date.now()
      await relay.stop()
      await waitFor(
        () => indicator(tab1),
        (s) => s.kind !== "saved",
        15_000,
        "not saved",
      )
      await addCards(tab1, "Doing", ["One", "Two"])
      const down = await waitFor(
        () => indicator(tab1),
        (s) => (countIn(s.text) ?? 0) >= 2,
        10_000,
        "the board to count its changes",
      )
      const n = countIn(down.text)!
      await waitFor(
        () => homeEntry(tab2),
        (t) => t.includes(`${n} changes not yet on the relay`),
        5_000,
        `home in tab 2 to say ${n} changes`,
      )

      // After 10 s: since when the relay cannot be reached, and what is kept here meanwhile.
      const clocks = await clocksIn(tab1, stoppedAt)
      const unreachable = await waitFor(
        () => indicator(tab1),
        (s) => s.kind === "unreachable",
        20_000,
        "can't reach the relay",
      )
      expectUnreachable(unreachable.text, clocks, n)

      // Tab 2 opens the board: the same count, the same words.
      // (Within the page: the relay, which serves the app, is down.)
      await tab2.evaluate((hash) => (location.hash = hash), new URL(url).hash)
      const other = await waitFor(
        () => indicator(tab2),
        (s) => s.kind === "unreachable",
        20_000,
        "tab 2's indicator",
      )
      expect(other.text).toBe(unreachable.text)

      // Tab 1 goes home; the relay comes back. Home learns it without a reload.
      await tab1.getByRole("link", { name: "Baton home: your boards" }).click()
      await waitFor(
        () => homeEntry(tab1),
        (t) => t.includes(`${n} changes not yet on the relay`),
        5_000,
        "tab 1's home count",
      )
      relay = await startRelay({ port: relay.port, dataDir: relay.dataDir })
      await waitFor(
        () => homeEntry(tab1),
        (t) => t.includes("all changes on the relay"),
        30_000,
        "tab 1's home to say all is on the relay",
      )
      await waitFor(
        () => indicator(tab2),
        (s) => s.kind === "saved",
        30_000,
        "tab 2 saved",
      )
      expectNoErrors(errors)
      await context.close()
    } finally {
      await relay.close()
    }
  })

  it("home opened after the board's tab closed sends what the relay lacks and says so", async () => {
    let relay: TestRelay = await startRelay()
    try {
      const { context, page: tab1 } = await newPage(env.browser)
      const url = await createBoard(tab1, relay.url, "Ana")
      await addList(tab1, "Doing")
      await waitFor(
        () => indicator(tab1),
        (s) => s.kind === "saved",
        15_000,
        "saved",
      )
      await relay.stop()
      await waitFor(
        () => indicator(tab1),
        (s) => s.kind !== "saved",
        15_000,
        "not saved",
      )
      await addCards(tab1, "Doing", ["Made while the relay was down"])
      await waitFor(
        () => indicator(tab1),
        (s) => countIn(s.text) !== null,
        10_000,
        "a count",
      )
      await tab1.close()

      relay = await startRelay({ port: relay.port, dataDir: relay.dataDir })
      const home = await context.newPage()
      await home.goto(relay.url)
      await waitFor(
        () => homeEntry(home),
        (t) => t.includes("all changes on the relay"),
        30_000,
        "home to say all is on the relay",
      )
      // And the relay has it: another device opens the board with the card.
      const other = await newPage(env.browser)
      await other.page.goto(url)
      await other.page
        .locator(".card", { hasText: "Made while the relay was down" })
        .waitFor({ timeout: 20_000 })
      await other.context.close()
      await context.close()
    } finally {
      await relay.close()
    }
  })

  it("offline for 10 s says since when and what is kept; the live region announces states, not edits", async () => {
    const { context, page } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "Backlog")
    await waitFor(
      () => indicator(page),
      (s) => s.kind === "saved",
      15_000,
      "saved",
    )
    await recordAnnouncements(page)

    // Edits online: the indicator may move, the live region says no count.
    await addCards(page, "Backlog", ["a1", "a2", "a3", "a4", "a5"])
    await waitFor(
      () => indicator(page),
      (s) => s.kind === "saved",
      15_000,
      "saved again",
    )
    const online = await announced(page)
    expect(online.every((t) => !/\d/.test(t))).toBe(true)
    expect(online.length).toBeLessThan(5)

    // Offline: each edit changes the visible count, not what is announced.
    const offlineAt = Date.now()
    await context.setOffline(true)
    await waitFor(
      () => indicator(page),
      (s) => s.kind === "offline",
      10_000,
      "offline",
    )
    const before = (await announced(page)).length
    const counts = new Set<number>()
    for (const title of ["o1", "o2", "o3"]) {
      await addCards(page, "Backlog", [title])
      const s = await waitFor(
        () => indicator(page),
        (x) => countIn(x.text) !== null && !counts.has(countIn(x.text)!),
        5_000,
        "a new count",
      )
      counts.add(countIn(s.text)!)
    }
    expect(counts.size).toBe(3)
    const offline = (await announced(page)).slice(before - 1)
    expect(offline).toEqual(["Offline"])

    const clocks = await clocksIn(page, offlineAt)
    const s = await waitFor(
      () => indicator(page),
      (x) => x.kind === "unreachable",
      20_000,
      "can't reach the relay",
    )
    const kept = Math.max(...counts)
    expectUnreachable(s.text, clocks, kept)
    const since = /since (\S+) ·/.exec(s.text)![1]!
    await context.setOffline(false)
    await waitFor(
      () => indicator(page),
      (x) => x.kind === "saved",
      45_000,
      "saved once online",
    )
    const all = await announced(page)
    expect(all.slice(before)).toContain(`Can't reach the relay since ${since}`)
    expect(all.at(-1)).toBe("All changes saved to the relay")
    expect(all.every((t) => !/\d+ changes?/.test(t))).toBe(true)
    expectNoErrors(errors)
    await context.close()
  })
})
