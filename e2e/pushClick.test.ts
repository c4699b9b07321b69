/**
 * Clicking a push notification opens its card, through the real service worker
 * (public/push-sw.js) in real Chromium. The push is delivered with CDP
 * `ServiceWorker.deliverPushMessage`; headless Chromium cannot click a notification, so the
 * worker's own `notificationclick` handler is run with the notification it showed, from
 * inside the worker. A script-made event carries no user activation, so the handler's
 * `waitUntil` is given to the test to await, and `clients.openWindow` (which needs one) is
 * recorded instead of run where no window is open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, BrowserContext, Page, Worker } from "playwright-core"
import { launchBrowser, startRelay } from "./harness"
import type { TestRelay } from "./harness"
import { DESKTOP, addCards, addList, boardIdOf, createBoard, waitFor } from "./boardHelpers"

let relay: TestRelay
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  relay = await startRelay()
  browser = await launchBrowser()
})

afterAll(async () => {
  await context?.close().catch(() => {})
  await browser?.close()
  await relay?.close()
})

async function deliver(page: Page, data: Record<string, unknown>): Promise<void> {
  const cdp = await context.newCDPSession(page)
  const registrations: Array<{ registrationId: string }> = []
  cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations))
  await cdp.send("ServiceWorker.enable")
  await waitFor(
    async () => registrations.length,
    (n) => n > 0,
    10_000,
    "the service worker registration over CDP",
  )
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: relay.url,
    registrationId: registrations[0]!.registrationId,
    data: JSON.stringify(data),
  })
}

/**
 * Runs the worker's `notificationclick` handler with the notification shown for `tag`;
 * with `noWindows`, as if no Baton window were open (and records what it opens).
 */
async function click(worker: Worker, tag: string, noWindows: boolean): Promise<string[]> {
  return worker.evaluate(
    async ({ tag, noWindows }) => {
      const sw = self as unknown as ServiceWorkerGlobalScope
      const opened: string[] = []
      const [notification] = await sw.registration.getNotifications({ tag })
      if (!notification) throw new Error(`no notification with tag ${tag}`)
      if (noWindows) {
        sw.clients.matchAll = (async () => []) as typeof sw.clients.matchAll
        sw.clients.openWindow = (async (url: string | URL) => {
          opened.push(String(url))
          return null
        }) as typeof sw.clients.openWindow
      }
      const event = new NotificationEvent("notificationclick", { notification })
      let work: Promise<unknown> = Promise.resolve()
      Object.defineProperty(event, "waitUntil", { value: (p: Promise<unknown>) => (work = p) })
      sw.dispatchEvent(event)
      await work.catch(() => undefined)
      return opened
    },
    { tag, noWindows },
  )
}

describe("clicking a push notification", () => {
  it("opens the card it is about in the open Baton window, or in a new one", async () => {
    context = await browser.newContext({ viewport: DESKTOP })
    await context.grantPermissions(["notifications"], { origin: relay.url })
    const page = await context.newPage()
    const url = await createBoard(page, relay.url, "Maya")
    await addList(page, "Plans")
    await addCards(page, "Plans", ["Write post"])
    const cardId = await page.locator("li.card[data-card-id]").first().getAttribute("data-card-id")
    expect(cardId).toBeTruthy()
    const boardId = boardIdOf(url)
    await waitFor(
      () =>
        page.evaluate(
          async () => (await navigator.serviceWorker.getRegistration())?.active != null,
        ),
      (active) => active,
      60_000,
      "an active service worker",
    )
    // The person is elsewhere in Baton (the home page, now under the worker) when the push arrives.
    await page.goto(relay.url)
    await page.getByRole("button", { name: "New board" }).waitFor()
    await waitFor(
      () => page.evaluate(() => navigator.serviceWorker.controller != null),
      (controlled) => controlled,
      10_000,
      "the worker controlling the page",
    )
    await deliver(page, {
      title: "Baton",
      body: 'Ana mentioned you on "Write post"',
      boardId,
      cardId,
    })
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"))
    await waitFor(
      () =>
        worker.evaluate(
          async (tag) =>
            (
              await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications({
                tag,
              })
            ).length,
          cardId!,
        ),
      (n) => n === 1,
      10_000,
      "the notification",
    )

    expect(await click(worker, cardId!, false)).toEqual([])
    await page.waitForURL(`${relay.url}/#/b/${boardId}/c/${cardId}`)
    await page.getByRole("dialog").getByText("Write post").first().waitFor()
    // The click closed the notification.
    expect(
      await worker.evaluate(
        async (tag) =>
          (
            await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications({
              tag,
            })
          ).length,
        cardId!,
      ),
    ).toBe(0)

    // With no Baton window open, the click opens one at the card.
    await deliver(page, { title: "Baton", body: "Again", boardId, cardId })
    await waitFor(
      () =>
        worker.evaluate(
          async (tag) =>
            (
              await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications({
                tag,
              })
            ).length,
          cardId!,
        ),
      (n) => n === 1,
      10_000,
      "the second notification",
    )
    expect(await click(worker, cardId!, true)).toEqual([`${relay.url}/#/b/${boardId}/c/${cardId}`])
  })
})
