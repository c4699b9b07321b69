/**
 * Voice notes in the comment box, recorded from Chromium's fake microphone: the timer runs,
 * Stop gives a preview that plays and says how long it is, Cancel keeps nothing, and a
 * refused permission is explained in plain words while the typed comment stays. A screen note
 * records the shared screen with the microphone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Browser, Locator, Page } from "playwright-core"
import { FAKE_MEDIA_ARGS, launchBrowser, startRelay, trackPageErrors } from "./harness"
import type { TestRelay } from "./harness"
import {
  addCards,
  addList,
  axeViolations,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  waitFor,
} from "./boardHelpers"

let relay: TestRelay
/** Fake devices, permission granted without a prompt. */
let granting: Browser
/** Fake devices, but no fake prompt: headless Chromium refuses the permission. */
let refusing: Browser

beforeAll(async () => {
  relay = await startRelay()
  granting = await launchBrowser({
    // The preview is played from the test's script, without a click on the player itself.
    extraArgs: [...FAKE_MEDIA_ARGS, "--autoplay-policy=no-user-gesture-required"],
  })
  refusing = await launchBrowser({ extraArgs: ["--use-fake-device-for-media-stream"] })
})
afterAll(async () => {
  await granting?.close()
  await refusing?.close()
  await relay?.close()
})

/** A new board with one card, its dialog open and a comment typed but not sent. */
async function cardWithDraft(page: Page, draft: string): Promise<Locator> {
  await createBoard(page, relay.url, "Ana Lima")
  await addList(page, "To do")
  await addCards(page, "To do", ["Review the launch plan"])
  await card(page, "Review the launch plan").locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: "Review the launch plan" })
  await dialog.waitFor()
  await dialog.getByLabel("Write a comment").fill(draft)
  return dialog
}

async function startVoiceNote(dialog: Locator): Promise<void> {
  await dialog.getByRole("button", { name: "Record", exact: true }).click()
  await dialog
    .getByRole("group", { name: "Record a note" })
    .getByRole("button", { name: "Voice note" })
    .click()
}

const DRAFT = "Here is what I think about the plan"

describe("voice notes", () => {
  it("records a 3-second note with a running timer, and the preview plays and says 0:03", async () => {
    const { page, context } = await newPage(granting)
    const errors = trackPageErrors(page)
    const dialog = await cardWithDraft(page, DRAFT)

    // Cancel keeps nothing.
    await startVoiceNote(dialog)
    await dialog.getByRole("timer").waitFor()
    expect(await axeViolations(page)).toEqual([])
    await dialog.getByRole("button", { name: "Cancel" }).click()
    await dialog.getByRole("button", { name: "Record", exact: true }).waitFor()
    expect(await dialog.getByRole("group", { name: "Recorded note" }).count()).toBe(0)

    await startVoiceNote(dialog)
    const timer = dialog.getByRole("timer")
    await timer.waitFor()
    expect(await timer.textContent()).toMatch(/^00:0[01]$/)
    await waitFor(
      () => timer.textContent(),
      (t) => t === "00:03",
      10_000,
      "the timer at 00:03",
    )
    await dialog.getByRole("button", { name: "Stop" }).click()

    const preview = dialog.getByRole("group", { name: "Recorded note" })
    await preview.waitFor()
    const audio = preview.locator("audio")
    expect(await audio.getAttribute("aria-label")).toMatch(
      /^Voice note \d{4}-\d\d-\d\d \d\d\.\d\d\.webm, 0:0[34]$/,
    )
    expect(await preview.locator(".note-length").textContent()).toMatch(/^0:0[34]$/)
    const durationMs = Number(await audio.getAttribute("data-duration-ms"))
    expect(durationMs).toBeGreaterThanOrEqual(3_000)
    expect(durationMs).toBeLessThan(4_500)

    // It plays, and the file itself is as long as the note says (its duration was written in).
    const played = await audio.evaluate(async (el: HTMLAudioElement) => {
      await el.play()
      const start = performance.now()
      while (el.currentTime < 0.5 && performance.now() - start < 5_000)
        await new Promise((r) => setTimeout(r, 50))
      el.pause()
      return {
        duration: el.duration,
        currentTime: el.currentTime,
        error: el.error?.code ?? null,
      }
    })
    expect(played.error).toBeNull()
    expect(played.currentTime).toBeGreaterThanOrEqual(0.5)
    expect(Math.abs(played.duration - durationMs / 1000)).toBeLessThan(0.5)

    // The typed comment is untouched by all of this.
    expect(await dialog.getByLabel("Write a comment").inputValue()).toBe(DRAFT)

    // Attaching does not pretend: the note stays here, playable, marked as not attached.
    expect(await axeViolations(page)).toEqual([])
    await preview.getByRole("button", { name: "Attach to comment" }).click()
    const pending = dialog.getByRole("list", { name: "Notes not attached" }).getByRole("listitem")
    await pending.first().waitFor()
    expect(await pending.count()).toBe(1)
    expect(await pending.textContent()).toContain("Can't attach yet")
    // 3 s at 32 kbit/s is about 12 kB.
    const kB = Number(/\.webm · (\d+) kB/.exec((await pending.textContent()) ?? "")?.[1])
    expect(kB).toBeGreaterThan(4)
    expect(kB).toBeLessThan(40)
    expect(await pending.locator("audio").getAttribute("aria-label")).toMatch(/, 0:0[34]$/)
    expect(await dialog.getByLabel("Write a comment").inputValue()).toBe(DRAFT)
    expect(await dialog.locator("li.comment").count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    await pending.getByRole("button", { name: /^Remove Voice note/ }).click()
    await pending.first().waitFor({ state: "detached" })

    expectNoErrors(errors)
    await context.close()
  })

  it("a screen note records the shared screen with the microphone, and plays as video", async () => {
    const { page, context } = await newPage(granting)
    const errors = trackPageErrors(page)
    const dialog = await cardWithDraft(page, DRAFT)
    await dialog.getByRole("button", { name: "Record", exact: true }).click()
    await dialog
      .getByRole("group", { name: "Record a note" })
      .getByRole("button", { name: "Screen and voice" })
      .click()
    const timer = dialog.getByRole("timer")
    await timer.waitFor()
    // what is being recorded is shown while recording
    await dialog.locator("video.record-monitor").waitFor()
    await waitFor(
      () => timer.textContent(),
      (t) => t === "00:02",
      10_000,
      "the timer at 00:02",
    )
    await dialog.getByRole("button", { name: "Stop" }).click()
    const video = dialog.getByRole("group", { name: "Recorded note" }).locator("video")
    await video.waitFor()
    expect(await video.getAttribute("aria-label")).toMatch(
      /^Screen note \d{4}-\d\d-\d\d \d\d\.\d\d\.webm, 0:0[23]$/,
    )
    const media = await video.evaluate(async (el: HTMLVideoElement) => {
      const start = performance.now()
      while (el.readyState < 1 && performance.now() - start < 5_000)
        await new Promise((r) => setTimeout(r, 50))
      return { width: el.videoWidth, duration: el.duration, error: el.error?.code ?? null }
    })
    expect(media.error).toBeNull()
    expect(media.width).toBeGreaterThan(0)
    expect(media.duration).toBeGreaterThan(1.5)
    expect(media.duration).toBeLessThan(4)
    expect(await dialog.locator("video.record-monitor").count()).toBe(0)
    expect(await dialog.getByLabel("Write a comment").inputValue()).toBe(DRAFT)

    expectNoErrors(errors)
    await context.close()
  })

  it("a refused permission is explained in plain words and the typed comment is kept", async () => {
    const { page, context } = await newPage(refusing)
    const errors = trackPageErrors(page)
    const dialog = await cardWithDraft(page, DRAFT)
    await startVoiceNote(dialog)
    const alert = dialog.getByRole("alert")
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(
      /^Permission to use your microphone was refused, so nothing was recorded\. To allow it, open the site settings .* allow the microphone, then press Record again\.$/,
    )
    expect(await dialog.getByLabel("Write a comment").inputValue()).toBe(DRAFT)
    expect(await dialog.getByRole("timer").count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    // Recording can be tried again from the same place.
    await dialog.getByRole("button", { name: "Record", exact: true }).waitFor()
    // And the comment still goes out as usual.
    await dialog.getByRole("button", { name: "Comment", exact: true }).click()
    await dialog.locator("li.comment", { hasText: DRAFT }).waitFor()

    expectNoErrors(errors)
    await context.close()
  })
})
