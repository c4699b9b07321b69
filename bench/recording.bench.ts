/**
 * Size of recorded notes, from the built app (`dist/`, run `npm run build` first) in Chromium
 * with its fake devices (`--use-fake-device-for-media-stream`: a beeping tone and a moving
 * test pattern at 640×480), through the comment box's Record control as a person uses it:
 *
 *  - voice: a voice note left running until the 5-minute limit stops it by itself;
 *  - video: a camera note stopped with Stop once the timer shows 01:00.
 *
 * Both run at once in two pages (takes ~5 minutes). Figures: the file's bytes, and its rate in
 * kbit/s (bytes × 8 / the note's measured length). The fake devices are not a face and a
 * voice: a real microphone's noise and a real camera's picture make the encoder spend closer
 * to the target bitrates (32 and 450 + 32 kbit/s) than a tone and a test pattern do.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import type { BenchResult } from "./types"
import { DIST_DIR, FAKE_MEDIA_ARGS, launchBrowser, startRelay } from "../e2e/harness"

interface Measured {
  bytes: number
  durationMs: number
  mime: string
  limitReached: boolean
}

async function openCardWithComposer(page: Page, base: string): Promise<void> {
  await page.goto(base)
  await page.getByRole("button", { name: "New board" }).click()
  const who = page.getByRole("dialog", { name: "Who are you on this board?" })
  await who.getByLabel("Your name").fill("Ana Lima")
  await who.getByRole("button", { name: "Join board" }).click()
  await page.waitForURL(/#\/b\//)
  const listTitle = page.getByLabel("New list title")
  if (!(await listTitle.isVisible())) await page.getByRole("button", { name: "+ Add list" }).click()
  await listTitle.fill("To do")
  await listTitle.press("Enter")
  const cardTitle = page.getByLabel("New card title in To do")
  if (!(await cardTitle.isVisible()))
    await page.getByRole("button", { name: "+ Add a card" }).click()
  await cardTitle.fill("Notes")
  await cardTitle.press("Enter")
  await page.locator("li.card[data-card-id]", { hasText: "Notes" }).locator(".card-open").click()
  await page.getByRole("dialog", { name: "Notes" }).waitFor()
}

async function record(
  browser: Browser,
  base: string,
  kind: "Voice note" | "Video note",
  stopAt: string | null,
): Promise<Measured> {
  // The page's CSP keeps its own scripts from reading blob: URLs; the bench reads the file.
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  await openCardWithComposer(page, base)
  const dialog = page.getByRole("dialog", { name: "Notes" })
  await dialog.getByRole("button", { name: "Record", exact: true }).click()
  await dialog
    .getByRole("group", { name: "Record a note" })
    .getByRole("button", { name: kind })
    .click()
  const timer = dialog.getByRole("timer")
  await timer.waitFor()
  if (stopAt !== null) {
    await page.waitForFunction(
      (want) => document.querySelector(".record-timer")?.textContent === want,
      stopAt,
      { timeout: 10 * 60_000, polling: 100 },
    )
    await dialog.getByRole("button", { name: "Stop" }).click()
  }
  const preview = dialog.getByRole("group", { name: "Recorded note" })
  await preview.waitFor({ timeout: 7 * 60_000 })
  const player = preview.locator("audio, video")
  const durationMs = Number(await player.getAttribute("data-duration-ms"))
  const file = await player.evaluate(async (el: HTMLMediaElement) => {
    const blob = await (await fetch(el.src)).blob()
    return { bytes: blob.size, mime: blob.type }
  })
  const limitReached = (await preview.getByText(/Stopped at the 5:00 limit/).count()) > 0
  await context.close()
  return { ...file, durationMs, limitReached }
}

const kbps = (m: Measured): number => Math.round((m.bytes * 8) / m.durationMs)

export default async function recordingBench(): Promise<BenchResult[]> {
  if (!existsSync(join(DIST_DIR, "index.html")))
    throw new Error("no built app in dist/: run `npm run build` first")
  const relay = await startRelay()
  const browser = await launchBrowser({ extraArgs: FAKE_MEDIA_ARGS })
  try {
    const [voice, video] = await Promise.all([
      record(browser, relay.url, "Voice note", null),
      record(browser, relay.url, "Video note", "01:00"),
    ])
    if (!voice.limitReached) throw new Error("the voice note was not stopped by the 5-minute limit")
    const voiceWorkload = `voice note left running until the 5-minute limit stopped it (${voice.durationMs} ms), ${voice.mime}, 32 kbit/s asked; Chromium's fake microphone (a tone)`
    const videoWorkload = `camera note stopped at 01:00 (${video.durationMs} ms), ${video.mime}, 450 + 32 kbit/s asked; Chromium's fake camera (640×480 test pattern) and microphone`
    return [
      { name: "voice5min.bytes", value: voice.bytes, unit: "bytes", workload: voiceWorkload },
      { name: "voice5min.rate", value: kbps(voice), unit: "kbit/s", workload: voiceWorkload },
      { name: "video60s.bytes", value: video.bytes, unit: "bytes", workload: videoWorkload },
      { name: "video60s.rate", value: kbps(video), unit: "kbit/s", workload: videoWorkload },
    ]
  } finally {
    await browser.close()
    await relay.close()
  }
}
