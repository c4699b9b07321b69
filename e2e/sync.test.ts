/**
 * The client side of sync, in Chromium: the sync indicator tells the truth (saved, offline
 * with the number of changes not on the relay), the client reconnects by itself after the
 * relay restarts, and two tabs of one browser stay in sync with no relay at all.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { startRelay, trackPageErrors } from "./harness"
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
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

function indicator(page: Page) {
  return page.locator(".sync-indicator")
}

async function indicatorState(page: Page): Promise<{ kind: string; text: string }> {
  const el = indicator(page)
  return {
    kind: (await el.getAttribute("data-sync")) ?? "",
    text: (await el.textContent())?.trim() ?? "",
  }
}

describe("sync indicator and reconnection", () => {
  it("says saved only when the relay has every change, counts what it lacks, and reconnects after a relay restart", async () => {
    const a = await newPage(env.browser)
    const b = await newPage(env.browser)
    const errors = trackPageErrors(a.page)
    const url = await createBoard(a.page, env.relay.url, "Ana")
    await addList(a.page, "Doing")
    await waitFor(
      () => indicatorState(a.page),
      (s) => s.kind === "saved" && s.text === "All changes saved to the relay",
      15_000,
      "saved",
    )

    await openBoard(b.page, url, "Ben")
    await list(b.page, "Doing").waitFor()

    // The relay goes down. Edits stay on the device and are counted, never called saved.
    const { port, dataDir } = env.relay
    await env.relay.stop()
    await waitFor(
      () => indicatorState(a.page),
      (s) => s.kind === "connecting" || s.kind === "offline" || s.kind === "unreachable",
      15_000,
      "a to notice the relay is gone",
    )
    await addCards(a.page, "Doing", ["Written while the relay was down"])
    const down = await waitFor(
      () => indicatorState(a.page),
      (s) => /\d+ changes? (not on the relay yet|kept on this device)/.test(s.text),
      10_000,
      "an unsynced count",
    )
    expect(down.kind).not.toBe("saved")
    const pending = Number(/(\d+) change/.exec(down.text)?.[1])
    expect(pending).toBeGreaterThanOrEqual(1)

    // The relay comes back on the same port and data: both clients reconnect by themselves
    // and the edit made while it was down reaches the other browser.
    env.relay = await startRelay({ port, dataDir })
    await list(b.page, "Doing")
      .locator(".card", { hasText: "Written while the relay was down" })
      .waitFor({ timeout: 45_000 })
    await waitFor(
      () => indicatorState(a.page),
      (s) => s.kind === "saved",
      45_000,
      "saved after reconnecting",
    )
    expectNoErrors(errors)
    await a.context.close()
    await b.context.close()
  })

  it("shows offline with the pending count when the browser goes offline", async () => {
    const { page, context } = await newPage(env.browser)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "Backlog")
    await waitFor(
      () => indicatorState(page),
      (s) => s.kind === "saved",
      15_000,
      "saved",
    )
    await context.setOffline(true)
    await addCards(page, "Backlog", ["Offline one", "Offline two"])
    const s = await waitFor(
      () => indicatorState(page),
      (x) =>
        x.kind !== "saved" && /\d+ changes (not on the relay yet|kept on this device)/.test(x.text),
      15_000,
      "offline count",
    )
    expect(s.text).toMatch(/^(Offline|Connecting…|Can't reach the relay since)/)
    await context.setOffline(false)
    await waitFor(
      () => indicatorState(page),
      (x) => x.kind === "saved",
      45_000,
      "saved again",
    )
    await context.close()
  })
})

describe("two tabs without the relay", () => {
  it("stay in sync with each other while the relay is down", async () => {
    const own = await startRelay()
    const { context, page: tab1 } = await newPage(env.browser)
    const url = await createBoard(tab1, own.url, "Ana")
    await addList(tab1, "Shared")
    const tab2 = await context.newPage()
    await openBoard(tab2, url, null)
    await list(tab2, "Shared").waitFor()

    await own.close()
    await addCards(tab1, "Shared", ["From tab one"])
    await list(tab2, "Shared").locator(".card", { hasText: "From tab one" }).waitFor({
      timeout: 5000,
    })
    await addCards(tab2, "Shared", ["From tab two"])
    await list(tab1, "Shared").locator(".card", { hasText: "From tab two" }).waitFor({
      timeout: 5000,
    })
    expect((await boardContents(tab1))["Shared"]).toEqual((await boardContents(tab2))["Shared"])
    await context.close()
  })
})
