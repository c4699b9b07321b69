/**
 * "Notify me when Baton is closed" in real Chromium. Chromium can subscribe only through a
 * push service, which is not reachable here, so `PushManager.subscribe` is stubbed in the
 * page: it records the options the app passes (the relay's VAPID key) and returns a
 * subscription with real P-256 and auth keys. What the app sends reaches the real relay,
 * which must store it (read back from its data directory).
 */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { launchBrowser, startRelay } from "./harness"
import type { TestRelay } from "./harness"
import { DESKTOP, boardIdOf, createBoard, waitFor } from "./boardHelpers"

let relay: TestRelay
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  relay = await startRelay()
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await relay?.close()
})

const ENDPOINT = "https://push.example.invalid/send/device-1"

function stubPushManager(endpoint: string): void {
  const w = window as unknown as { pushOptions?: { userVisibleOnly: boolean; key: string } }
  let current: unknown = null
  const b64u = (b: Uint8Array): string =>
    btoa(String.fromCharCode(...b))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "")
  PushManager.prototype.getSubscription = async () => current as PushSubscription | null
  PushManager.prototype.subscribe = async (opts?: PushSubscriptionOptionsInit) => {
    w.pushOptions = {
      userVisibleOnly: opts?.userVisibleOnly === true,
      key: b64u(new Uint8Array(opts?.applicationServerKey as ArrayBuffer)),
    }
    const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
      "deriveBits",
    ])
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey))
    const auth = crypto.getRandomValues(new Uint8Array(16))
    current = {
      endpoint,
      toJSON: () => ({
        endpoint,
        expirationTime: null,
        keys: { p256dh: b64u(raw), auth: b64u(auth) },
      }),
    }
    return current as PushSubscription
  }
}

interface Stored {
  boardId: string
  memberId: string
  topic: string
  endpoint: string
  keys: { p256dh: string; auth: string }
}

async function stored(): Promise<Stored[]> {
  try {
    return JSON.parse(
      await readFile(join(relay.dataDir, "push", "subscriptions.json"), "utf8"),
    ) as Stored[]
  } catch {
    return []
  }
}

async function openCentre(page: Page, grant: boolean): Promise<string> {
  const url = await createBoard(page, relay.url, "Maya")
  if (grant)
    await waitFor(
      () =>
        page.evaluate(
          async () => (await navigator.serviceWorker.getRegistration())?.active != null,
        ),
      (active) => active,
      60_000,
      "an active service worker",
    )
  await page
    .getByRole("toolbar", { name: "Board tools" })
    .getByRole("button", { name: /^Notifications/ })
    .click()
  return url
}

describe("Notify me when Baton is closed", () => {
  it("subscribes with the relay's key, sends the subscription with the chosen topic, and unsubscribes", async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    contexts.push(context)
    await context.grantPermissions(["notifications"], { origin: relay.url })
    await context.addInitScript(stubPushManager, ENDPOINT)
    const page = await context.newPage()
    const url = await openCentre(page, true)
    const centre = page.getByRole("dialog", { name: "Notifications" })
    await centre.getByLabel("Notify me when Baton is closed").check()
    await centre
      .getByRole("status")
      .getByText(/will be notified while Baton is closed/)
      .waitFor()

    const key = ((await (await fetch(`${relay.url}/push/key`)).json()) as { publicKey: string })
      .publicKey
    expect(await page.evaluate(() => (window as { pushOptions?: unknown }).pushOptions)).toEqual({
      userVisibleOnly: true,
      key,
    })
    const [sub, ...rest] = await stored()
    expect(rest).toEqual([])
    expect(sub).toMatchObject({ boardId: boardIdOf(url), topic: "mentions", endpoint: ENDPOINT })
    expect(Buffer.from(sub!.keys.p256dh, "base64url")).toHaveLength(65)
    expect(sub!.memberId).toMatch(/^[A-Za-z0-9_-]+$/)

    await centre.getByLabel("Notify me of").selectOption({ label: "Deadlines of my cards" })
    await expect.poll(async () => (await stored()).map((s) => s.topic)).toEqual(["my-deadlines"])

    await centre.getByLabel("Notify me when Baton is closed").uncheck()
    await expect.poll(async () => (await stored()).length).toBe(0)
  })

  it("says plainly that notifications were refused, and sends nothing", async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    contexts.push(context)
    await context.addInitScript(stubPushManager, "https://push.example.invalid/send/refused")
    await context.addInitScript(() => {
      Notification.requestPermission = async () => "denied"
    })
    const page = await context.newPage()
    await openCentre(page, false)
    const centre = page.getByRole("dialog", { name: "Notifications" })
    // click, not check(): the refusal unticks the box again at once.
    await centre.getByLabel("Notify me when Baton is closed").click()
    await expect
      .poll(() => centre.getByRole("alert").textContent())
      .toMatch(/Notifications are blocked for this site, so Baton cannot notify you/)
    expect(await centre.getByLabel("Notify me when Baton is closed").isChecked()).toBe(false)
    expect((await stored()).map((s) => s.endpoint)).not.toContain(
      "https://push.example.invalid/send/refused",
    )
  })
})
