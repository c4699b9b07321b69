/**
 * What a phone must hold to on every page: nothing wider than the screen, every dialog and
 * menu inside the visual viewport, every control at least 44 × 44 px; also with the text at
 * 200 % and with the on-screen keyboard up (a shorter viewport).
 */
import type { Browser, BrowserContext, Page } from "playwright-core"
import { expect } from "vitest"

export const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
] as const
export const SCHEMES = ["light", "dark"] as const

export async function newPhone(
  browser: Browser,
  size: { width: number; height: number },
  colorScheme: "light" | "dark",
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: size,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    colorScheme,
  })
  await context.grantPermissions(["clipboard-read", "clipboard-write"])
  return { context, page: await context.newPage() }
}

export interface FitReport {
  scrollWidth: number
  innerWidth: number
  /** Dialogs and menus whose box leaves the visual viewport. */
  outside: string[]
  /** Controls smaller than 44 × 44 px. */
  small: string[]
  /** The first elements that reach past the phone's width (to say what widened the page). */
  wide: string[]
}

/** Measures the page as it is now. */
export function measureFit(page: Page, screenWidth: number): Promise<FitReport> {
  return page.evaluate((screenWidth) => {
    const vv = window.visualViewport
    const vw = vv?.width ?? innerWidth
    const vh = vv?.height ?? innerHeight
    const ox = vv?.offsetLeft ?? 0
    const oy = vv?.offsetTop ?? 0
    const describe = (el: Element): string => {
      const r = el.getBoundingClientRect()
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 30)
      return `${el.tagName.toLowerCase()}.${el.className} "${name}" ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`
    }
    const shown = (el: Element): boolean => {
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"
    }
    const outside: string[] = []
    for (const el of document.querySelectorAll(
      '[role="dialog"], .board-tools.open, .menu, .board-more-menu.open',
    )) {
      if (!shown(el)) continue
      const r = el.getBoundingClientRect()
      if (
        r.left < ox - 0.5 ||
        r.top < oy - 0.5 ||
        r.right > ox + vw + 0.5 ||
        r.bottom > oy + vh + 0.5
      )
        outside.push(describe(el))
      // Nor may what it holds scroll sideways inside it.
      else if (el.scrollWidth > el.clientWidth + 1) {
        const edge = r.right
        const culprits = [...el.querySelectorAll("*")]
          .filter((c) => {
            const past = (e: Element): boolean => e.getBoundingClientRect().right > edge + 0.5
            return past(c) && ![...c.children].some(past)
          })
          .slice(0, 3)
          .map(describe)
        outside.push(`${describe(el)} holds ${el.scrollWidth} px: ${culprits.join("; ")}`)
      }
    }
    // Behind an open dialog nothing can be tapped: only the innermost dialog is measured.
    const dialogs = [...document.querySelectorAll('[role="dialog"]')].filter(shown)
    const sheet = document.querySelector(".board-tools.open")
    const scope: ParentNode = dialogs[dialogs.length - 1] ?? sheet ?? document
    const small: string[] = []
    for (const el of scope.querySelectorAll<HTMLElement>(
      'button, a[href], select, input, textarea, [role="button"]',
    )) {
      if (!shown(el) || el.closest(".markdown, .sr-only, [aria-hidden='true']") !== null) continue
      // A check box or radio button is tapped through its label.
      const box =
        (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")
          ? el.closest("label")
          : el) ?? el
      const r = box.getBoundingClientRect()
      if (r.width < 43.5 || r.height < 43.5) small.push(describe(box))
    }
    const wide: string[] = []
    for (const el of document.querySelectorAll("body *")) {
      if (wide.length >= 6) break
      if (el.closest(".lists, .list-switcher") !== null && !el.matches(".lists, .list-switcher"))
        continue // inside the board's own sideways scroller
      const past = (e: Element): boolean => {
        const r = e.getBoundingClientRect()
        return r.width > 0 && r.right > screenWidth + 0.5
      }
      // The innermost: what is wide by itself, not because what holds it grew.
      if (past(el) && ![...el.children].some(past)) wide.push(describe(el))
    }
    return {
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      innerWidth,
      outside,
      small,
      wide,
    }
  }, screenWidth)
}

function expectFits(r: FitReport, what: string, targets: boolean, screenWidth: number): void {
  // A page laid out wider than the phone makes the browser widen its layout viewport (and
  // zoom out): innerWidth then grows with it, so the phone's own width is the measure.
  expect(r.innerWidth, `${what}: layout viewport widened by ${r.wide.join("; ")}`).toBe(screenWidth)
  expect(r.scrollWidth, `${what}: page wider than the screen`).toBeLessThanOrEqual(screenWidth)
  expect(r.outside, `${what}: outside the viewport`).toEqual([])
  if (targets) expect(r.small, `${what}: touch targets under 44 px`).toEqual([])
}

/**
 * Checks the page as it is, with the text at 200 %, and with the keyboard up (the viewport
 * 45 % shorter); puts text size and viewport back after.
 */
export async function expectPhoneFit(page: Page, what: string): Promise<void> {
  const size = page.viewportSize()
  if (size === null) throw new Error("no viewport")
  expectFits(await measureFit(page, size.width), what, true, size.width)
  // Text zoom: the root font size doubled, 15 to 30 px (the stylesheets size text in rem and em).
  await page.evaluate(() => (document.documentElement.style.fontSize = "30px"))
  await settle(page)
  expectFits(await measureFit(page, size.width), `${what} at 200 % text`, false, size.width)
  await page.evaluate(() => (document.documentElement.style.fontSize = ""))
  await page.setViewportSize({ width: size.width, height: Math.round(size.height * 0.55) })
  await settle(page)
  expectFits(await measureFit(page, size.width), `${what} with the keyboard up`, true, size.width)
  await page.setViewportSize(size)
  await settle(page)
}

/** Two frames: layout and scroll snapping have caught up. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  )
}
