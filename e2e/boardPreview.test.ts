/**
 * Opening a board stored on the device: its saved render snapshot is shown at once while the
 * document itself loads (`data-document="loading"`), and it takes edits already: they show at
 * once, are kept on the device, and are made on the document once it has loaded. The test
 * holds the document back (automerge-repo's IndexedDB database opens only when the test says
 * so, and the relay is out of reach) to see the snapshot for as long as it needs.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardContents,
  boardIdOf,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  waitFor,
  boardMenuItem,
} from "./boardHelpers"

const env = useRelayAndBrowser()

/**
 * While `sessionStorage["baton.test.holdDocuments"]` is set: automerge-repo's database
 * ("baton") opens only when `window.__releaseDocuments()` is called, and WebSockets go to a
 * path the relay refuses (no relay).
 */
const HOLD_DOCUMENTS = `
  if (sessionStorage.getItem("baton.test.holdDocuments") === "1") {
    const realOpen = IDBFactory.prototype.open;
    let release;
    const released = new Promise((r) => { release = r; });
    window.__releaseDocuments = () => release();
    IDBFactory.prototype.open = function (name, version) {
      if (name !== "baton") return realOpen.call(this, name, version);
      const stand = {};
      released.then(() => {
        const real = realOpen.call(indexedDB, name, version);
        for (const ev of ["error", "upgradeneeded", "success", "blocked"])
          real["on" + ev] = (e) => stand["on" + ev] && stand["on" + ev](e);
        Object.defineProperty(stand, "result", { get: () => real.result });
        Object.defineProperty(stand, "error", { get: () => real.error });
      });
      return stand;
    };
    const RealWebSocket = window.WebSocket;
    // A path of the app's own origin the relay refuses: no relay answers, and the page's
    // Content-Security-Policy (connect-src 'self') is kept.
    window.WebSocket = function (url, protocols) { return new RealWebSocket(new URL("/no-relay-here", String(url)).href, protocols); };
    window.WebSocket.prototype = RealWebSocket.prototype;
    Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  }
`

/** Card titles in the render snapshot saved on this device for the board at `url`. */
async function snapshotTitles(page: Page, url: string): Promise<string[]> {
  const id = boardIdOf(url)
  return page.evaluate(
    (documentId) =>
      new Promise<string[]>((resolve) => {
        const req = indexedDB.open("baton-snapshots")
        req.onerror = () => resolve([])
        req.onsuccess = () => {
          const db = req.result
          try {
            const get = db.transaction("boards").objectStore("boards").get(documentId)
            get.onsuccess = () => {
              const board = (get.result as { board?: { cardBuckets?: object } } | undefined)?.board
              const titles = Object.values(board?.cardBuckets ?? {}).flatMap((b) =>
                Object.values(b as Record<string, { title: string }>).map((c) => c.title),
              )
              db.close()
              resolve(titles.sort())
            }
            get.onerror = () => resolve([])
          } catch {
            resolve([])
          }
        }
      }),
    id,
  )
}

describe("opening a board stored on the device", () => {
  it("takes edits on the saved snapshot before the document is loaded, and keeps them across a reload", async () => {
    const { page, context } = await newPage(env.browser)
    await context.addInitScript(HOLD_DOCUMENTS)
    const errors = trackPageErrors(page)
    const url = await createBoard(page, env.relay.url, "Ana Lima")
    await addList(page, "To do")
    await addCards(page, "To do", ["Write the launch post", "Fix login bug"])
    // The snapshot is saved a moment after changes (at most every 5 s).
    await waitFor(
      () => snapshotTitles(page, url),
      (t) => t.length === 2,
      15_000,
      "the render snapshot with both cards",
    )

    await page.evaluate(() => sessionStorage.setItem("baton.test.holdDocuments", "1"))
    await page.reload()
    const board = page.locator(".board-page")
    await board.waitFor()
    expect(await board.getAttribute("data-document")).toBe("loading")
    expect(await board.getAttribute("data-board-state")).toBe("editable")
    expect(await boardContents(page)).toEqual({
      "To do": ["Write the launch post", "Fix login bug"],
    })
    // Edits before the document is there: shown at once, and said to be kept.
    await addCards(page, "To do", ["Made while loading"])
    await card(page, "Fix login bug").locator(".card-open").click()
    await page
      .getByRole("dialog", { name: "Fix login bug" })
      .getByRole("button", { name: "Archive" })
      .click()
    await card(page, "Fix login bug").waitFor({ state: "detached" })
    expect((await boardContents(page))["To do"]).toEqual([
      "Write the launch post",
      "Made while loading",
    ])
    await page.getByText("Loading… 2 edits are kept on this device until then").waitFor()

    // Closed (reloaded) before the document ever loaded: the edits are still shown.
    await page.reload()
    await page.locator('.board-page[data-document="loading"]').waitFor()
    await waitFor(
      async () => (await boardContents(page))["To do"],
      (t) => t?.join() === "Write the launch post,Made while loading",
      10_000,
      "the kept edits on the snapshot after a reload",
    )
    await page.evaluate(() =>
      (window as unknown as { __releaseDocuments(): void }).__releaseDocuments(),
    )
    await page.locator('.board-page[data-document="loaded"]').waitFor()
    expect((await boardContents(page))["To do"]).toEqual([
      "Write the launch post",
      "Made while loading",
    ])
    await addCards(page, "To do", ["After loading"])

    // The edits reached the document: they are there after a reload that loads it normally,
    // and the archived card is in the archive.
    await page.evaluate(() => sessionStorage.removeItem("baton.test.holdDocuments"))
    await page.reload()
    await page.locator('.board-page[data-document="loaded"]').waitFor()
    await waitFor(
      async () => (await boardContents(page))["To do"],
      (t) => t?.join() === "Write the launch post,Made while loading,After loading",
      10_000,
      "the edits after a reload",
    )
    await boardMenuItem(page, "Archive")
    await page.getByRole("dialog", { name: "Archive" }).getByText("Fix login bug").waitFor()
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith("baton.early.")),
      ),
    ).toEqual([])
    expectNoErrors(errors)
    await context.close()
  })
})

describe("starting Automerge", () => {
  it("draws a stored board before its engine is running, and says so if the engine cannot start", async () => {
    // No service worker: the engine's WebAssembly then comes from the network, where the test
    // can refuse it.
    const context = await env.browser.newContext({ serviceWorkers: "block" })
    const page = await context.newPage()
    const errors = trackPageErrors(page)
    const url = await createBoard(page, env.relay.url, "Ana Lima")
    await addList(page, "To do")
    await addCards(page, "To do", ["Write the launch post", "Fix login bug"])
    await waitFor(
      () => snapshotTitles(page, url),
      (t) => t.length === 2,
      15_000,
      "the render snapshot with both cards",
    )

    let refused = 0
    await context.route(/\/assets\/automerge-[^/]*\.wasm$/, (route) => {
      refused++
      return route.abort()
    })
    await page.reload()
    await page
      .getByRole("alert")
      .filter({ hasText: "Baton could not start its document engine" })
      .waitFor()
    expect(refused).toBeGreaterThan(0)
    // The board saved on this device is on screen all the same, and takes edits: they are kept
    // on the device until the engine runs.
    expect(await page.locator(".board-page").getAttribute("data-document")).toBe("loading")
    expect(await boardContents(page)).toEqual({
      "To do": ["Write the launch post", "Fix login bug"],
    })
    await addCards(page, "To do", ["Kept while the engine was down"])

    await context.unroute(/\/assets\/automerge-[^/]*\.wasm$/)
    await page.reload()
    await page.locator('.board-page[data-document="loaded"]').waitFor()
    await addCards(page, "To do", ["Engine is back"])
    expect((await boardContents(page))["To do"]).toEqual([
      "Write the launch post",
      "Fix login bug",
      "Kept while the engine was down",
      "Engine is back",
    ])
    // The failed start logged its cause to the console only; the page itself raised nothing.
    expectNoErrors(errors)
    await context.close()
  })
})
