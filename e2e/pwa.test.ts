/**
 * Baton as an installed app, in Chromium with persistent profiles against the real relay:
 * installability and the manifest, starting with no network, updating politely to a newly
 * deployed build, and backups restored into a fresh profile.
 *
 * Builds the app twice into temporary directories (versions "pwa-e2e-1" and "pwa-e2e-2")
 * so an update can be deployed behind a running app.
 */
import { spawn } from "node:child_process"
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { createRequire } from "node:module"
import { join } from "node:path"
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import type { Page } from "playwright-core"
import { launchBrowser, launchPersistent, startRelay, trackPageErrors } from "./harness"
import type { TestRelay } from "./harness"
import {
  addCards,
  addList,
  boardContents,
  createBoard,
  expectNoErrors,
  injectScript,
  list,
  openBoard,
  waitFor,
  plainBoardUrl,
} from "./boardHelpers"

const ROOT = join(import.meta.dirname, "..")
const V1 = "pwa-e2e-1"
const V2 = "pwa-e2e-2"

let work: string
let build1: string
let build2: string

function viteBuild(outDir: string, version: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(ROOT, "node_modules/.bin/vite"),
      ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error"],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production", VITE_BATON_VERSION: version },
        stdio: ["ignore", "inherit", "inherit"],
      },
    )
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`)),
    )
  })
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "baton-pwa-e2e-"))
  // BATON_PWA_BUILDS=dir1,dir2 reuses two builds made with VITE_BATON_VERSION=pwa-e2e-1 / -2.
  const reuse = process.env.BATON_PWA_BUILDS?.split(",")
  if (reuse?.length === 2 && reuse[0] && reuse[1]) {
    ;[build1, build2] = [reuse[0], reuse[1]]
    return
  }
  build1 = join(work, "build-1")
  build2 = join(work, "build-2")
  await viteBuild(build1, V1)
  await viteBuild(build2, V2)
  await precompressWasm([build1, build2])
}, 300_000)

/**
 * Brotli at best quality takes seconds for the 3.6 MB wasm; the relay serves `.br`/`.gz`
 * files found beside a file, so compress the (identical) wasm once for both builds.
 */
async function precompressWasm(dirs: string[]): Promise<void> {
  let br: Buffer | null = null
  let gz: Buffer | null = null
  for (const dir of dirs) {
    for (const name of await readdir(join(dir, "assets"))) {
      if (!name.endsWith(".wasm")) continue
      const path = join(dir, "assets", name)
      const raw = await readFile(path)
      br ??= brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })
      gz ??= gzipSync(raw, { level: 9 })
      await writeFile(`${path}.br`, br)
      await writeFile(`${path}.gz`, gz)
    }
  }
}

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

/**
 * Waits until a service worker is active for the page's scope (the app shell is precached);
 * on timeout says what state the registration is in.
 */
async function swActive(page: Page, timeout = 60_000): Promise<void> {
  await waitFor(
    () =>
      page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration()
        if (reg === undefined) return "no registration"
        return reg.active !== null
          ? "active"
          : `installing=${reg.installing !== null} waiting=${reg.waiting !== null}`
      }),
    (state) => state === "active",
    timeout,
    "an active service worker",
  )
}

/** Reloads until the service worker controls the page (the first visit is not controlled). */
async function controlled(page: Page): Promise<void> {
  await swActive(page)
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload()
  await waitFor(
    () => page.evaluate(() => navigator.serviceWorker.controller !== null),
    (c) => c,
    10_000,
    "the service worker to control the page",
  )
}

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js")

/** axe-core's serious and critical violations inside `selector`, as readable lines. */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await injectScript(page, AXE_PATH)
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: Element, o: object): Promise<unknown> } })
      .axe
    const root = document.querySelector(sel)
    if (root === null) throw new Error(`nothing matches ${sel}`)
    const r = (await axe.run(root, { resultTypes: ["violations"] })) as {
      violations: Array<{
        id: string
        impact: string
        help: string
        nodes: Array<{ target: string[] }>
      }>
    }
    return r.violations
  }, selector)
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    )
}

const version = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => document.documentElement.dataset.batonVersion)

describe("installable app", () => {
  let relay: TestRelay
  beforeAll(async () => {
    relay = await startRelay({ staticDir: build1 })
  })
  afterAll(async () => relay?.close())

  it("has no installability errors and a manifest with every field an installed app needs", async () => {
    const profile = await launchPersistent()
    try {
      const page = profile.context.pages()[0] ?? (await profile.context.newPage())
      const errors = trackPageErrors(page)
      await page.goto(relay.url)
      await page.getByRole("heading", { name: "Your boards" }).waitFor()
      await swActive(page)
      const cdp = await profile.context.newCDPSession(page)
      const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
        installabilityErrors: Array<{ errorId: string }>
      }
      expect(installabilityErrors).toEqual([])

      const { url, data } = (await cdp.send("Page.getAppManifest")) as { url: string; data: string }
      expect(url).toBe(`${relay.url}/manifest.webmanifest`)
      const manifest = JSON.parse(data) as Record<string, unknown>
      expect(manifest).toMatchObject({
        name: "Baton",
        short_name: "Baton",
        start_url: "./",
        scope: "./",
        display: "standalone",
      })
      expect(String(manifest.description)).toMatch(/task board/)
      expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i)
      expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i)
      const icons = manifest.icons as Array<{ src: string; sizes: string; purpose: string }>
      expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
        "192x192 any",
        "512x512 any",
        "512x512 maskable",
      ])
      for (const icon of icons) {
        const res = await page.request.get(`${relay.url}/${icon.src}`)
        expect(res.headers()["content-type"]).toBe("image/png")
      }
      const shortcuts = manifest.shortcuts as Array<{ name: string; url: string }>
      expect(shortcuts).toContainEqual(
        expect.objectContaining({ name: "New board", url: "./#/new" }),
      )

      // The whole shell is precached, the Automerge wasm included.
      const cached = await page.evaluate(async () => {
        const urls: string[] = []
        for (const name of await caches.keys()) {
          for (const req of await (await caches.open(name)).keys())
            urls.push(new URL(req.url).pathname)
        }
        return urls
      })
      expect(cached).toContain("/index.html")
      expect(cached.some((u) => /^\/assets\/.*\.wasm$/.test(u))).toBe(true)
      expect(cached.some((u) => /^\/assets\/.*\.js$/.test(u))).toBe(true)
      expectNoErrors(errors)
    } finally {
      await profile.close()
    }
  })

  it("has a home-screen icon and light and dark window colours in the page head", async () => {
    const profile = await launchPersistent()
    try {
      const page = profile.context.pages()[0] ?? (await profile.context.newPage())
      await page.goto(relay.url)
      const head = await page.evaluate(() => ({
        appleTouchIcon:
          document.querySelector<HTMLLinkElement>('link[rel="apple-touch-icon"]')?.href ?? null,
        themeColors: [
          ...document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]'),
        ].map((m) => `${m.media}|${m.content}`),
      }))
      expect(head.appleTouchIcon).toBe(`${relay.url}/apple-touch-icon-180x180.png`)
      expect(head.themeColors).toEqual(
        expect.arrayContaining([expect.stringMatching(/prefers-color-scheme: light/)]),
      )
      expect(head.themeColors).toEqual(
        expect.arrayContaining([expect.stringMatching(/prefers-color-scheme: dark/)]),
      )

      const icon = await page.request.get(head.appleTouchIcon ?? "")
      expect(icon.headers()["content-type"]).toBe("image/png")
    } finally {
      await profile.close()
    }
  })
})

describe("offline", () => {
  it("starts with no network, shows a board opened before and takes edits that reach another browser later", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-pwa-relay-"))
    let relay = await startRelay({ staticDir: build1, dataDir })
    const port = relay.port
    const profile = await launchPersistent()
    const other = await launchBrowser()
    try {
      const page = profile.context.pages()[0] ?? (await profile.context.newPage())
      const errors = trackPageErrors(page)
      const boardUrl = await createBoard(page, relay.url, "Ana")
      await addList(page, "Today")
      await addCards(page, "Today", ["Written online"])
      await controlled(page)

      // No network at all: the browser is offline and the relay is down.
      await profile.context.setOffline(true)
      await relay.stop()
      const probe = await page.evaluate(async () => {
        try {
          await fetch("/healthz", { cache: "no-store" })
          return "answered"
        } catch {
          return "failed"
        }
      })
      expect(probe, "/healthz must never be answered from a cache").toBe("failed")
      await page.reload()
      expect(page.url()).toBe(plainBoardUrl(boardUrl))
      await waitFor(
        () => boardContents(page),
        (c) => c.Today?.includes("Written online") === true,
        15_000,
        "the board offline",
      )
      await addCards(page, "Today", ["Written offline"])
      // Home page offline too (navigation fallback to the cached index.html).
      await page.goto(`${relay.url}/`)
      await page.getByRole("heading", { name: "Your boards" }).waitFor()
      await page.goto(boardUrl)
      await list(page, "Today").locator(".card", { hasText: "Written offline" }).waitFor()

      // Network back: the relay on the same address, the browser online.
      relay = await startRelay({ staticDir: build1, dataDir, port })
      await profile.context.setOffline(false)
      const ctx = await other.newContext()
      const second = await ctx.newPage()
      await openBoard(second, boardUrl, null)
      await waitFor(
        () => boardContents(second),
        (c) => c.Today?.includes("Written offline") === true && c.Today.includes("Written online"),
        30_000,
        "the offline edit to reach a second browser",
      )
      expectNoErrors(errors)
    } finally {
      await other.close()
      await profile.close()
      await relay.close()
    }
  })
})

describe("updates", () => {
  it("offers a newly deployed version without reloading by itself; Reload runs it and keeps the edit in progress", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-pwa-relay-"))
    let relay = await startRelay({ staticDir: build1, dataDir })
    const port = relay.port
    const profile = await launchPersistent()
    try {
      const page = profile.context.pages()[0] ?? (await profile.context.newPage())
      const errors = trackPageErrors(page)
      const boardUrl = await createBoard(page, relay.url, "Ana")
      await addList(page, "Doing")
      await addCards(page, "Doing", ["Saved card"])
      await controlled(page)
      // Read once the app has mounted (the page may still be settling after the first
      // service worker took control).
      await waitFor(
        () => version(page),
        (v) => v !== undefined,
        10_000,
        "the app's version",
      )
      expect(await version(page)).toBe(V1)

      // The person is typing a new card when the new version is deployed.
      const l = list(page, "Doing")
      await l.getByRole("button", { name: "+ Add a card" }).click()
      const composer = l.getByLabel("New card title in Doing")
      await composer.pressSequentially("Half-typed card")
      await page.evaluate(() => {
        ;(window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true
      })

      await relay.stop()
      relay = await startRelay({ staticDir: build2, dataDir, port })
      // What the app does when it returns to the foreground (and hourly): ask for an update.
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")))
      const prompt = page.getByTestId("update-prompt")
      await prompt.waitFor({ timeout: 30_000 })
      expect(await prompt.textContent()).toContain("A new version of Baton is ready")
      expect(await axeViolations(page, "[data-testid=update-prompt]")).toEqual([])

      // Nothing reloaded, the text and the focus are where they were.
      expect(
        await page.evaluate(
          () => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage,
        ),
      ).toBe(true)
      expect(await version(page)).toBe(V1)
      expect(await composer.inputValue()).toBe("Half-typed card")
      expect(await composer.evaluate((el) => el === document.activeElement)).toBe(true)
      await composer.pressSequentially(", more")

      await Promise.all([
        page.waitForEvent("load"),
        prompt.getByRole("button", { name: "Reload" }).click(),
      ])
      await waitFor(
        () => version(page),
        (v) => v === V2,
        15_000,
        "the new version to run",
      )
      expect(page.url()).toBe(plainBoardUrl(boardUrl))
      expect(
        await page.evaluate(
          () => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage,
        ),
      ).toBe(undefined)
      await list(page, "Doing").locator(".card", { hasText: "Saved card" }).waitFor()
      // The unsaved text comes back when its field is open again.
      const after = list(page, "Doing")
      if (!(await after.getByLabel("New card title in Doing").isVisible())) {
        await after.getByRole("button", { name: "+ Add a card" }).click()
      }
      await waitFor(
        () => after.getByLabel("New card title in Doing").inputValue(),
        (v) => v === "Half-typed card, more",
        10_000,
        "the half-typed card title to be restored",
      )
      expect(await page.getByTestId("update-prompt").count()).toBe(0)
      expectNoErrors(errors)
    } finally {
      await profile.close()
      await relay.close()
    }
  })
})

describe("backup", () => {
  async function settings(page: Page, base: string): Promise<void> {
    await page.goto(`${base}/#/settings`)
    await page.getByRole("dialog", { name: "Settings" }).waitFor()
  }

  async function exportFrom(page: Page, path: string): Promise<BackupFile> {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export all boards" }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^baton-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/)
    await download.saveAs(path)
    return JSON.parse(await readFile(path, "utf8")) as BackupFile
  }

  interface BackupFile {
    format: string
    version: number
    boards: Array<{ documentId: string; title: string; automerge: string }>
  }

  const headsOf = (b: BackupFile): Record<string, string[]> =>
    Object.fromEntries(
      b.boards.map((x) => [
        x.documentId,
        A.getHeads(A.load(Buffer.from(x.automerge, "base64"))).sort(),
      ]),
    )

  it("exports every board and restores them exactly into a fresh profile", async () => {
    // Two relays that never talk to each other: what the fresh profile has came from the file.
    const relayA = await startRelay({ staticDir: build1 })
    const relayB = await startRelay({ staticDir: build1 })
    const a = await launchPersistent()
    const b = await launchPersistent()
    try {
      const pageA = a.context.pages()[0] ?? (await a.context.newPage())
      const errorsA = trackPageErrors(pageA)
      const url1 = await createBoard(pageA, relayA.url, "Ana")
      await addList(pageA, "Ideas")
      await addCards(pageA, "Ideas", ["First idea", "Second idea"])
      const url2 = await createBoard(pageA, relayA.url, "Ana")
      await addList(pageA, "Errands")
      await addCards(pageA, "Errands", ["Post office"])
      const contents1 = await boardContentsAt(pageA, url1)
      const contents2 = await boardContentsAt(pageA, url2)

      await settings(pageA, relayA.url)
      await expectStorageFacts(pageA)
      expect(await axeViolations(pageA, "dialog.pwa-dialog")).toEqual([])
      const exported = await exportFrom(pageA, join(work, "backup-a.json"))
      expect(exported.format).toBe("baton-backup")
      expect(exported.version).toBe(1)
      expect(exported.boards.map((x) => x.documentId).sort()).toEqual(
        [idOf(url1), idOf(url2)].sort(),
      )

      // A file that is not a backup is refused with a clear message and changes nothing.
      const pageB = b.context.pages()[0] ?? (await b.context.newPage())
      const errorsB = trackPageErrors(pageB)
      await settings(pageB, relayB.url)
      const junk = join(work, "not-a-backup.json")
      await writeFile(junk, JSON.stringify({ hello: "world" }))
      await pageB.getByLabel("Import backup").setInputFiles(junk)
      await pageB
        .getByRole("alert")
        .filter({ hasText: "This file is not a Baton backup" })
        .waitFor()

      await pageB.getByLabel("Import backup").setInputFiles(join(work, "backup-a.json"))
      await pageB
        .getByTestId("backup-message")
        .filter({ hasText: "Restored 2 boards" })
        .waitFor({ timeout: 30_000 })
      // Same heads: export again from the fresh profile and compare.
      const reexported = await exportFrom(pageB, join(work, "backup-b.json"))
      expect(headsOf(reexported)).toEqual(headsOf(exported))
      // The boards are on the home page and show the same cards.
      await pageB.goto(`${relayB.url}/#/`)
      await pageB.locator(".board-entry").nth(1).waitFor()
      expect(await pageB.locator(".board-entry").count()).toBe(2)
      expect(await boardContentsAt(pageB, url1.replace(relayA.url, relayB.url))).toEqual(contents1)
      expect(await boardContentsAt(pageB, url2.replace(relayA.url, relayB.url))).toEqual(contents2)
      expectNoErrors(errorsA)
      expectNoErrors(errorsB)
    } finally {
      await a.close()
      await b.close()
      await relayA.close()
      await relayB.close()
    }
  })

  function idOf(url: string): string {
    return url.split("#/b/")[1]?.split(/[/?]/)[0] ?? ""
  }

  async function boardContentsAt(page: Page, url: string): Promise<Record<string, string[]>> {
    await page.goto(url)
    return waitFor(
      () => boardContents(page),
      (c) => Object.values(c).some((cards) => cards.length > 0),
      15_000,
      `the board at ${url}`,
    )
  }

  async function expectStorageFacts(page: Page): Promise<void> {
    const persisted = await page.evaluate(() => navigator.storage.persisted())
    await waitFor(
      () => page.getByTestId("storage-persisted").textContent(),
      (t) => (persisted ? /^Yes/ : /^No/).test(t ?? ""),
      5000,
      "the persistence fact",
    )
    expect(await page.getByTestId("storage-usage").textContent()).toMatch(
      /^\d+(\.\d)? [kMGT]?B of \d/,
    )
  }
})
