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

/** Launches headless Chromium; every `newContext()` of it is an isolated profile. */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...options })
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
