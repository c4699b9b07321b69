/**
 * Files on cards in two real browsers: files attached offline survive an offline reload as
 * "waiting to upload" and reach a teammate once online (the cover on the tile, the PDF with
 * the same bytes); a pasted image and a dropped file are attached; a viewer sees "not uploaded
 * yet" until the bytes arrive and may only open files; Settings frees the file cache; a full
 * disk refuses an attach, in the dialog and in the page-wide alert, and a file queued before it
 * still uploads; previews are made in a worker, or on the page where workers have no canvas, and
 * a PDF's from its first page;
 * an uploaded HTML file is downloaded, never run;
 * a file over the relay's limit is refused before upload with the limit said; the dialog with
 * files has no serious accessibility problem.
 */
import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import type { BrowserContext, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { launchPersistent, trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  axeViolations,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  screenshot,
  shareLinkOf,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
)
const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex")

/** A PNG drawn in the page (`w`×`h`, one colour). */
async function png(page: Page, w: number, h: number, color: string): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([w, h, color]) => {
      const c = new OffscreenCanvas(w as number, h as number)
      const g = c.getContext("2d")!
      g.fillStyle = color as string
      g.fillRect(0, 0, w as number, h as number)
      const bytes = new Uint8Array(
        await (await c.convertToBlob({ type: "image/png" })).arrayBuffer(),
      )
      let s = ""
      for (const x of bytes) s += String.fromCharCode(x)
      return btoa(s)
    },
    [w, h, color] as const,
  )
  return Buffer.from(b64, "base64")
}

async function openCard(page: Page, title: string) {
  await card(page, title).locator(".card-open").click()
  const dialog = page.getByRole("dialog", { name: title })
  await dialog.waitFor()
  return dialog
}

async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByLabel("Files to attach").setInputFiles(files)
}

/** Reloads until the service worker controls the page, so that it reloads offline. */
async function controlled(page: Page): Promise<void> {
  await waitFor(
    () =>
      page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active != null),
    (v) => v,
    60_000,
    "an active service worker",
  )
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload()
  await waitFor(
    () => page.evaluate(() => navigator.serviceWorker.controller !== null),
    (v) => v,
    10_000,
    "the service worker to control the page",
  )
}

/** Makes the page's IndexedDB writes fail as Chromium's do on a full disk (see storage.test.ts). */
async function diskFull(page: Page): Promise<void> {
  await page.evaluate(() => {
    const proto = IDBObjectStore.prototype
    const put = Reflect.get(proto, "put") as IDBObjectStore["put"]
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
      const request = Reflect.apply(put, this, args) as IDBRequest<IDBValidKey>
      const tx = this.transaction
      request.addEventListener("success", () => {
        Object.defineProperty(tx, "error", {
          value: new DOMException("The quota has been exceeded.", "QuotaExceededError"),
        })
        tx.abort()
      })
      return request
    }
  })
}

describe("files on cards", () => {
  it("attached offline, kept over an offline reload, and seen by a teammate once online", async () => {
    const a = await launchPersistent()
    let b: { context: BrowserContext; page: Page } | null = null
    try {
      const page = a.context.pages()[0] ?? (await a.context.newPage())
      const errors = trackPageErrors(page)
      const url = await createBoard(page, env.relay.url, "Ana")
      await addList(page, "To do")
      await addCards(page, "To do", ["Brief"])
      await controlled(page)
      const image = await png(page, 640, 320, "#3a7")

      await a.context.setOffline(true)
      let dialog = await openCard(page, "Brief")
      await attach(page, [
        { name: "mock-up.png", mimeType: "image/png", buffer: image },
        { name: "brief.pdf", mimeType: "application/pdf", buffer: PDF },
      ])
      const items = dialog.locator(".attachment")
      await waitFor(
        () => items.count(),
        (n) => n === 2,
        10_000,
        "two attachments",
      )
      await waitFor(
        () => dialog.locator(".attachment-status").allTextContents(),
        (t) => t.join() === "waiting to upload,waiting to upload",
        10_000,
        "both files waiting to upload",
      )
      expect(await axeViolations(page)).toEqual([])
      await screenshot(page, "attachments-dialog-offline")

      await page.reload()
      dialog = page.getByRole("dialog", { name: "Brief" })
      await dialog.waitFor({ timeout: 20_000 })
      await waitFor(
        () => dialog.locator(".attachment-status").allTextContents(),
        (t) => t.join() === "waiting to upload,waiting to upload",
        15_000,
        "both files still waiting to upload after an offline reload",
      )
      await expect(dialog.locator(".attachment-name").allTextContents()).resolves.toEqual([
        "mock-up.png",
        "brief.pdf",
      ])
      // Opened offline from the device: the PDF downloads with its bytes.
      const offlineDownload = page.waitForEvent("download")
      await dialog.getByRole("button", { name: "Download brief.pdf" }).click()
      expect(sha(await readFile((await (await offlineDownload).path())!))).toBe(sha(PDF))

      await a.context.setOffline(false)
      await waitFor(
        () => dialog.locator(".attachment-status").count(),
        (n) => n === 0,
        30_000,
        "both files uploaded",
      )

      // A teammate sees the cover and the paperclip, and gets the same bytes.
      b = await newPage(env.browser)
      const bErrors = trackPageErrors(b.page)
      await openBoard(b.page, url, "Jonas")
      const tile = card(b.page, "Brief")
      await tile.locator(".card-cover img").waitFor({ timeout: 20_000 })
      await waitFor(
        () => tile.locator(".card-cover img").evaluate((i) => (i as HTMLImageElement).naturalWidth),
        (w) => w > 0,
        10_000,
        "the cover image to load",
      )
      await expect(
        b.page.getByRole("button", { name: /Brief.*2 attachments/ }).count(),
      ).resolves.toBe(1)
      const coverBox = await tile.locator(".card-cover").boundingBox()
      const tileBox = await tile.boundingBox()
      expect(coverBox!.width).toBeGreaterThan(tileBox!.width - 4)
      await screenshot(b.page, "attachments-cover-tile")
      const bDialog = await openCard(b.page, "Brief")
      const opened = Promise.race([
        b.context.waitForEvent("page").then(() => "tab"),
        b.page.waitForEvent("download").then(() => "download"),
      ])
      await bDialog.getByRole("button", { name: "Open brief.pdf" }).click()
      expect(["tab", "download"]).toContain(await opened)
      const download = b.page.waitForEvent("download")
      await bDialog.getByRole("button", { name: "Download brief.pdf" }).click()
      const d = await download
      expect(d.suggestedFilename()).toBe("brief.pdf")
      expect(sha(await readFile((await d.path())!))).toBe(sha(PDF))
      expectNoErrors(errors)
      expectNoErrors(bErrors)
    } finally {
      await b?.context.close()
      await a.close()
    }
  })

  it("attaches a pasted image and a dropped file, downloads an HTML file instead of running it, and refuses a file over the limit", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addCards(page, "To do", ["Screens"])
    const dialog = await openCard(page, "Screens")
    const image = await png(page, 50, 40, "#c33")

    // Paste: the image is on the clipboard, Ctrl+V in the dialog.
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      await navigator.clipboard.write([
        new ClipboardItem({ "image/png": new Blob([bytes], { type: "image/png" }) }),
      ])
    }, image.toString("base64"))
    await dialog.getByRole("textbox", { name: "Write a comment" }).focus()
    await page.keyboard.press("Control+V")
    await dialog.locator(".attachment .attachment-name", { hasText: /^Pasted image/ }).waitFor()
    await dialog.locator(".attachment-thumb img").waitFor()
    await card(page, "Screens").locator(".card-cover img").waitFor()

    // Text with a picture of itself (as office apps copy it), pasted into a field, is text.
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      await navigator.clipboard.write([
        new ClipboardItem({
          "text/plain": new Blob(["Quarterly numbers"], { type: "text/plain" }),
          "image/png": new Blob([bytes], { type: "image/png" }),
        }),
      ])
    }, image.toString("base64"))
    const comment = dialog.getByRole("textbox", { name: "Write a comment" })
    await comment.focus()
    await page.keyboard.press("Control+V")
    await waitFor(
      () => comment.inputValue(),
      (v) => v === "Quarterly numbers",
      5_000,
      "pasted text",
    )
    await expect(dialog.locator(".attachment").count()).resolves.toBe(1)
    await comment.fill("")

    // A file dropped on the drop zone is attached.
    await dialog.locator(".attach-drop").evaluate((zone) => {
      const data = new DataTransfer()
      data.items.add(new File(["dropped"], "dropped.txt", { type: "text/plain" }))
      zone.dispatchEvent(
        new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }),
      )
      zone.dispatchEvent(
        new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }),
      )
    })
    await dialog.locator(".attachment-name", { hasText: "dropped.txt" }).waitFor()

    // An HTML file is downloaded as bytes: no tab opens, no script runs.
    await attach(page, [
      {
        name: "page.html",
        mimeType: "text/html",
        buffer: Buffer.from("<script>localStorage.setItem('pwned', '1')</script><h1>hi</h1>"),
      },
    ])
    await dialog.getByRole("button", { name: "Open page.html" }).waitFor()
    const pagesBefore = context.pages().length
    const download = page.waitForEvent("download")
    await dialog.getByRole("button", { name: "Open page.html" }).click()
    expect((await download).suggestedFilename()).toBe("page.html")
    await page.waitForTimeout(500)
    expect(context.pages().length).toBe(pagesBefore)
    await expect(page.evaluate(() => localStorage.getItem("pwned"))).resolves.toBeNull()

    // Over the relay's limit (25 MiB by default): refused before upload, the limit said.
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 1)
    await attach(page, [{ name: "huge.bin", mimeType: "application/octet-stream", buffer: big }])
    await dialog
      .getByRole("alert")
      .filter({ hasText: "“huge.bin” (26 MB) is over this relay's limit of 25 MiB" })
      .waitFor()
    await expect(dialog.locator(".attachment").count()).resolves.toBe(3)

    // Rename, then remove as an editor.
    await dialog.getByRole("button", { name: "Rename page.html" }).click()
    const input = dialog.getByRole("textbox", { name: "New name for page.html" })
    await input.fill("notes.html")
    await input.press("Enter")
    await dialog.locator(".attachment-name", { hasText: "notes.html" }).waitFor()
    await dialog.getByRole("button", { name: "Remove notes.html" }).click()
    await waitFor(
      () => dialog.locator(".attachment").count(),
      (n) => n === 2,
      5_000,
      "removed",
    )
    expect(await axeViolations(page)).toEqual([])
    expectNoErrors(errors)
    await context.close()
  })

  it("makes an image's preview in a worker, and on the page where workers have no canvas", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    const workers: string[] = []
    page.on("worker", (w) => workers.push(w.url()))
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addCards(page, "To do", ["Photo"])
    const big = await png(page, 2000, 1000, "#3a6")
    const dialog = await openCard(page, "Photo")
    await attach(page, [{ name: "photo.png", mimeType: "image/png", buffer: big }])
    const thumb = dialog.locator(".attachment-thumb img")
    await thumb.waitFor()
    expect(
      await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]),
    ).toEqual([480, 240])
    expect(workers.filter((u) => /thumbnailWorker/.test(u))).toHaveLength(1)
    await card(page, "Photo").locator(".card-cover img").waitFor()
    expectNoErrors(errors)

    // A browser without OffscreenCanvas (older Safari): the page draws the preview itself.
    const old = await newPage(env.browser)
    const oldErrors = trackPageErrors(old.page)
    await old.context.addInitScript(() => {
      Object.defineProperty(globalThis, "OffscreenCanvas", { value: undefined })
    })
    const oldWorkers: string[] = []
    old.page.on("worker", (w) => oldWorkers.push(w.url()))
    await createBoard(old.page, env.relay.url, "Bo")
    await addList(old.page, "To do")
    await addCards(old.page, "To do", ["Photo"])
    const oldDialog = await openCard(old.page, "Photo")
    await attach(old.page, [{ name: "photo.png", mimeType: "image/png", buffer: big }])
    const oldThumb = oldDialog.locator(".attachment-thumb img")
    await oldThumb.waitFor()
    expect(
      await oldThumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]),
    ).toEqual([480, 240])
    expect(oldWorkers.filter((u) => /thumbnailWorker/.test(u))).toEqual([])
    expectNoErrors(oldErrors)
    await old.context.close()
    await context.close()
  })

  it("shows a PDF's first page as its preview; a damaged PDF is attached with the PDF icon", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await createBoard(page, env.relay.url, "Ana")
    await addList(page, "To do")
    await addCards(page, "To do", ["Brief"])
    // A 400×200 pt page with a red square at its left half's centre (PDF space starts bottom left).
    const content = "1 0 0 rg 50 50 100 100 re f"
    const drawn = Buffer.from(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/MediaBox[0 0 400 200]/Parent 2 0 R/Contents 4 0 R>>endobj\n" +
        `4 0 obj<</Length ${content.length}>>stream\n${content}\nendstream endobj\n` +
        "trailer<</Root 1 0 R>>\n%%EOF\n",
    )
    const dialog = await openCard(page, "Brief")
    await attach(page, [{ name: "brief.pdf", mimeType: "application/pdf", buffer: drawn }])
    const preview = dialog.locator(".attachment", { hasText: "brief.pdf" }).locator("img")
    await preview.waitFor({ timeout: 20_000 })
    expect(await preview.getAttribute("alt")).toBe("Preview of brief.pdf")
    // Drawn at the preview's width, red where the square is and white around it.
    const seen = await preview.evaluate(async (img: HTMLImageElement) => {
      await img.decode()
      const c = document.createElement("canvas")
      c.width = img.naturalWidth
      c.height = img.naturalHeight
      const g = c.getContext("2d")!
      g.drawImage(img, 0, 0)
      const at = (x: number, y: number) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3))
      return { size: [c.width, c.height], square: at(120, 120), margin: at(20, 20) }
    })
    expect(seen.size).toEqual([480, 240])
    const [r, gr, b] = seen.square
    expect(r).toBeGreaterThan(200)
    expect(gr).toBeLessThan(60)
    expect(b).toBeLessThan(60)
    expect(Math.min(...seen.margin)).toBeGreaterThan(230)
    // Not a cover: only images are.
    expect(await card(page, "Brief").locator(".card-cover").count()).toBe(0)

    // Bytes that are not a PDF: attached all the same, with the icon instead of a preview.
    await attach(page, [
      { name: "broken.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 not") },
    ])
    const broken = dialog.locator(".attachment", { hasText: "broken.pdf" })
    await broken.waitFor()
    expect(await broken.locator(".attachment-icon").textContent()).toBe("PDF")
    expect(await broken.locator("img").count()).toBe(0)
    await expect(dialog.locator(".attachment").count()).resolves.toBe(2)
    expectNoErrors(errors)
    await context.close()
  })

  it("shows a viewer 'not uploaded yet' until the bytes arrive, lets it only open files, frees the cache and explains a full disk", async () => {
    const ana = await newPage(env.browser)
    const errors = trackPageErrors(ana.page)
    await createBoard(ana.page, env.relay.url, "Ana")
    await addList(ana.page, "To do")
    await addCards(ana.page, "To do", ["Plan", "Cover"])
    const viewLink = await shareLinkOf(ana.page, "Can view")
    // The relay cannot take files for now: the card syncs, the bytes do not.
    await ana.page.route("**/blobs/*/*", (route) =>
      route.request().method() === "PUT" ? route.abort("connectionfailed") : route.fallback(),
    )
    const coverDialog = await openCard(ana.page, "Cover")
    const image = await png(ana.page, 300, 200, "#36c")
    await attach(ana.page, [{ name: "cover.png", mimeType: "image/png", buffer: image }])
    await coverDialog.locator(".attachment-status", { hasText: "waiting to upload" }).waitFor()
    await ana.page.keyboard.press("Escape")
    await coverDialog.waitFor({ state: "detached" })
    const dialog = await openCard(ana.page, "Plan")
    await attach(ana.page, [{ name: "plan.pdf", mimeType: "application/pdf", buffer: PDF }])
    await dialog.locator(".attachment-status", { hasText: "waiting to upload" }).waitFor()

    const vic = await newPage(env.browser)
    const vicErrors = trackPageErrors(vic.page)
    await vic.page.goto(viewLink)
    // The cover's box is there, its image not yet.
    const vicCover = card(vic.page, "Cover").locator(".card-cover")
    await vicCover.waitFor({ timeout: 15_000 })
    expect(await vicCover.locator("img").count()).toBe(0)
    const vicDialog = await openCard(vic.page, "Plan")
    await vicDialog
      .locator(".attachment-status", { hasText: "not uploaded yet" })
      .waitFor({ timeout: 15_000 })
    expect(await vicDialog.getByRole("button", { name: "Attach" }).count()).toBe(0)
    expect(await vicDialog.getByRole("button", { name: /^(Rename|Remove)/ }).count()).toBe(0)
    expect(await vicDialog.getByRole("button", { name: "Download plan.pdf" }).isEnabled()).toBe(
      true,
    )
    await vicDialog.getByRole("button", { name: "Download plan.pdf" }).click()
    await vicDialog.getByRole("alert").filter({ hasText: "not uploaded yet" }).waitFor()
    expect(await axeViolations(vic.page)).toEqual([])

    // The relay takes files again: the upload is retried by itself, and the viewer gets it.
    await ana.page.unroute("**/blobs/*/*")
    await dialog.locator(".attachment-status").waitFor({ state: "detached", timeout: 30_000 })
    await vicDialog.locator(".attachment-status").waitFor({ state: "detached", timeout: 20_000 })
    const download = vic.page.waitForEvent("download")
    await vicDialog.getByRole("button", { name: "Download plan.pdf" }).click()
    expect(sha(await readFile((await (await download).path())!))).toBe(sha(PDF))
    await vicCover.locator("img").waitFor({ timeout: 30_000 }) // asked again by itself

    // Settings: the files' storage (the PDF, the image and their previews), and freeing the
    // cache (nothing waits to upload).
    await ana.page.goto(`${env.relay.url}/#/settings`)
    const settings = ana.page.getByRole("dialog", { name: "Settings" })
    await settings.getByTestId("file-usage").filter({ hasText: "4 files" }).waitFor()
    await settings.getByRole("button", { name: "Free the file cache" }).click()
    await settings.getByTestId("file-usage").filter({ hasText: "0 files" }).waitFor()
    await ana.page.goBack()

    // A full disk: the attach is refused whole, and said so.
    const again = ana.page.getByRole("dialog", { name: "Plan" }) // back to the open card
    await again.waitFor()
    // A file queued while the relay is out of reach stays queued through it, and goes out.
    await ana.page.route("**/blobs/*/*", (route) =>
      route.request().method() === "PUT" ? route.abort("connectionfailed") : route.fallback(),
    )
    const queued = Buffer.concat([PDF, Buffer.from("% queued\n")])
    await attach(ana.page, [{ name: "queued.pdf", mimeType: "application/pdf", buffer: queued }])
    const queuedItem = again.locator(".attachment", { hasText: "queued.pdf" })
    await queuedItem.locator(".attachment-status", { hasText: "waiting to upload" }).waitFor()
    await diskFull(ana.page)
    await attach(ana.page, [{ name: "more.pdf", mimeType: "application/pdf", buffer: PDF }])
    await again
      .getByRole("alert")
      .filter({ hasText: "“more.pdf” could not be stored on this device: its storage is full" })
      .waitFor()
    // The page-wide alert says it too, whatever screen is shown.
    const pageAlert = ana.page.getByTestId("file-storage-alert")
    await pageAlert
      .filter({ hasText: "Files can't be kept on this device: its storage is full." })
      .filter({ hasText: "A file you attached could not be stored" })
      .waitFor()
    await expect(again.locator(".attachment").count()).resolves.toBe(2)
    await ana.page.unroute("**/blobs/*/*")
    await queuedItem.locator(".attachment-status").waitFor({ state: "detached", timeout: 30_000 })

    expectNoErrors(errors)
    expectNoErrors(vicErrors)
    await vic.context.close()
    await ana.context.close()
  })
})
