/**
 * Shared browser-test harness: a real relay (the `createRelay` factory on port 0 with a
 * temporary DATA_DIR) serving the built app from `dist/`, and Debian's Chromium driven by
 * playwright-core.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium } from "playwright-core"
import type { Browser, BrowserContext, LaunchOptions, Page } from "playwright-core"
import { createRelay } from "../sync-server/createRelay"

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]
export const DIST_DIR = join(import.meta.dirname, "..", "dist")

export interface TestRelay {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  dataDir: string
  /** Stops the relay; the data directory is kept so a new relay can reopen it. */
  stop(): Promise<void>
  /** Stops the relay and removes its data directory. */
  close(): Promise<void>
}

/** Starts a relay on a free port serving `staticDir` (default: the built `dist/`). */
export async function startRelay(
  options: { dataDir?: string; staticDir?: string; port?: number } = {},
): Promise<TestRelay> {
  const staticDir = options.staticDir ?? DIST_DIR
  if (!existsSync(join(staticDir, "index.html"))) {
    throw new Error(`no built app in ${staticDir}: run \`npm run build\` first`)
  }
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "baton-e2e-")))
  const relay = await createRelay({
    port: options.port ?? 0,
    host: "127.0.0.1",
    dataDir,
    staticDir,
    log: () => {},
  })
  const url = `http://127.0.0.1:${relay.port}`
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    await relay.close()
  }
  return {
    url,
    port: relay.port,
    dataDir,
    stop,
    close: async () => {
      await stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Content-Security-Policy violations seen in any page of any browser this harness launched,
 * since the last `takeCspViolations()`. `e2e/cspSetup.ts` fails every test that leaves one.
 */
const cspViolations: string[] = []

/** Returns and clears the violations recorded so far. */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0)
}

const CSP_MARK = "[baton-csp-violation]"

/**
 * Records CSP violations of every page of `context`: the page's `securitypolicyviolation`
 * events (reported through the console by an init script, which CSP does not govern) and
 * Chromium's own "Content Security Policy" console errors.
 */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(`document.addEventListener("securitypolicyviolation", (e) => {
    console.error(${JSON.stringify(CSP_MARK)} + " " + e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber)
  })`)
  context.on("console", (msg) => {
    const text = msg.text()
    if (text.startsWith(CSP_MARK) || /Content Security Policy/i.test(text)) {
      cspViolations.push(`${msg.page()?.url() ?? "?"}: ${text}`)
    }
  })
}

/** Chromium's fake camera and microphone, granted without a prompt (voice and video notes). */
export const FAKE_MEDIA_ARGS = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
]

/**
 * Launches headless Chromium; every `newContext()` of it is an isolated profile.
 * `extraArgs` are added to the usual flags (e.g. `FAKE_MEDIA_ARGS`).
 */
export async function launchBrowser(
  options: LaunchOptions & { extraArgs?: string[] } = {},
): Promise<Browser> {
  const { extraArgs = [], ...launchOptions } = options
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    ...launchOptions,
  })
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (...args) => {
    const context = await newContext(...args)
    await watchCsp(context)
    return context
  }
  // browser.newPage makes its own context, which does not go through newContext.
  browser.newPage = async (...args) => {
    const context = await browser.newContext(...args)
    const page = await context.newPage()
    page.on("close", () => void context.close().catch(() => undefined))
    return page
  }
  return browser
}

/** A persistent profile (needed for installability and service-worker tests). */
export async function launchPersistent(
  userDataDir?: string,
): Promise<{ context: BrowserContext; userDataDir: string; close(): Promise<void> }> {
  const dir = userDataDir ?? (await mkdtemp(join(tmpdir(), "baton-profile-")))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  })
  await watchCsp(context)
  return {
    context,
    userDataDir: dir,
    close: async () => {
      await context.close()
      if (userDataDir === undefined) await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Collects uncaught page errors so a test can assert there were none. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on("pageerror", (e) => errors.push(String(e)))
  return errors
}
