/**
 * Renders Baton's app icons from the one source image, public/icon.svg, with the system
 * Chromium (playwright-core), so no image library is needed:
 *   public/pwa-192x192.png, public/pwa-512x512.png      purpose "any" (transparent corners)
 *   public/maskable-512x512.png                          purpose "maskable" (full bleed,
 *                                                         artwork inside the 80% safe zone)
 *   public/apple-touch-icon-180x180.png                  iOS home screen (opaque, full bleed)
 *   public/favicon.ico                                   48x48 PNG inside an ICO, for browsers
 *                                                         that ask for /favicon.ico
 * Run: node scripts/icons.mjs   (the PNGs are committed; re-run after editing the SVG)
 */
import { readFile, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"

const publicDir = join(dirname(fileURLToPath(import.meta.url)), "..", "public")
const BRAND = "#2f5bd3"

/** size: output pixels; scale: artwork size relative to the canvas; background: full-bleed colour or null. */
const outputs = [
  { file: "pwa-192x192.png", size: 192, scale: 1, background: null },
  { file: "pwa-512x512.png", size: 512, scale: 1, background: null },
  // Maskable: the platform may cut the icon to a circle of 80% diameter; keep the artwork
  // (whose own rounded square is transparent at its corners) inside it, fill the rest.
  { file: "maskable-512x512.png", size: 512, scale: 0.74, background: BRAND },
  { file: "apple-touch-icon-180x180.png", size: 180, scale: 0.86, background: BRAND },
  { file: "favicon-48x48.png", size: 48, scale: 1, background: null, ico: "favicon.ico" },
]

/** An ICO file holding one PNG image (supported by every current browser). */
function icoFromPng(png, size) {
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(1, 4) // one image
  header.writeUInt8(size, 6) // width
  header.writeUInt8(size, 7) // height
  header.writeUInt8(0, 8) // no palette
  header.writeUInt8(0, 9) // reserved
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(png.length, 14) // image size
  header.writeUInt32LE(22, 18) // image offset
  return Buffer.concat([header, png])
}

const svg = await readFile(join(publicDir, "icon.svg"), "utf8")
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
  ],
})
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  for (const { file, size, scale, background, ico } of outputs) {
    await page.setViewportSize({ width: size, height: size })
    const art = Math.round(size * scale)
    const offset = Math.round((size - art) / 2)
    await page.setContent(
      `<html><body style="margin:0;width:${size}px;height:${size}px;background:${background ?? "transparent"}">` +
        `<img src="${dataUrl}" width="${art}" height="${art}" style="position:absolute;left:${offset}px;top:${offset}px"></body></html>`,
    )
    await page.waitForFunction(() => document.images[0]?.complete === true)
    const png = await page.screenshot({
      omitBackground: background === null,
      clip: { x: 0, y: 0, width: size, height: size },
    })
    const name = ico ?? file
    await writeFile(join(publicDir, name), ico ? icoFromPng(png, size) : png)
    console.log(`wrote public/${name} (${size}x${size})`)
  }
} finally {
  await browser.close()
}
