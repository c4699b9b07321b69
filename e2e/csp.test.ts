/**
 * The page's hardening headers in Chromium: the app runs under its Content-Security-Policy
 * (every browser test also fails on a violation, see cspSetup.ts), an inline script is
 * refused and recorded, and the app cannot be framed.
 */
import { describe, expect, it } from "vitest"
import { useRelayAndBrowser } from "./fixture"
import { takeCspViolations } from "./harness"
import { createBoard, newPage } from "./boardHelpers"

const env = useRelayAndBrowser()

describe("Content-Security-Policy in the browser", () => {
  it("the app opens a board with the policy in force and no violation", async () => {
    const { context, page } = await newPage(env.browser)
    try {
      const response = await page.goto(env.relay.url)
      expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'")
      await createBoard(page, null, "Hardened")
      expect(takeCspViolations()).toEqual([])
    } finally {
      await context.close()
    }
  })

  it("an injected inline script does not run and is reported", async () => {
    const { context, page } = await newPage(env.browser)
    try {
      await page.goto(env.relay.url)
      const ran = await page.evaluate(async () => {
        const w = window as unknown as { injected?: boolean }
        const s = document.createElement("script")
        s.textContent = "window.injected = true"
        document.body.append(s)
        await new Promise((r) => setTimeout(r, 100))
        return w.injected === true
      })
      expect(ran).toBe(false)
      await expect.poll(() => takeCspViolations().join("\n")).toContain("script-src")
    } finally {
      await context.close()
    }
  })

  it("another site cannot frame the app", async () => {
    const { context, page } = await newPage(env.browser)
    try {
      await page.setContent(`<iframe src="${env.relay.url}/"></iframe>`)
      const frame = page.frames()[1]
      await new Promise((r) => setTimeout(r, 500))
      // A refused frame stays empty: the app's root never appears in it.
      const hasRoot = await frame
        ?.evaluate(() => document.getElementById("root") !== null)
        .catch(() => false)
      expect(hasRoot ?? false).toBe(false)
      takeCspViolations()
    } finally {
      await context.close()
    }
  })
})
