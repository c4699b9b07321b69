/**
 * A full disk: while this device's storage refuses writes, the page says that changes are not
 * being saved on it, the edits still reach the relay and another browser, and once there is
 * room again they are saved on the device without anyone doing anything.
 */
import { describe, expect, it } from "vitest"
import type { Page } from "playwright-core"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  axeViolations,
  boardContents,
  boardIdOf,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  screenshot,
  waitFor,
} from "./boardHelpers"

const env = useRelayAndBrowser()

/**
 * Fills or empties the disk, as Chromium reports a full disk to IndexedDB: each write request
 * succeeds, then its transaction aborts with QuotaExceededError (an abort event, no error
 * event). Chromium's own quota override (DevTools protocol) does not apply to an origin that
 * has stored anything yet, so the page's IndexedDB is made to behave so instead.
 */
async function diskFull(page: Page, full: boolean): Promise<void> {
  await page.evaluate((on) => {
    const w = window as unknown as { batonTestDiskFull?: boolean }
    if (w.batonTestDiskFull === undefined) {
      const proto = IDBObjectStore.prototype
      const put = Reflect.get(proto, "put") as IDBObjectStore["put"]
      proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
        const request = Reflect.apply(put, this, args) as IDBRequest<IDBValidKey>
        const tx = this.transaction
        if (w.batonTestDiskFull === true)
          request.addEventListener("success", () => {
            Object.defineProperty(tx, "error", {
              value: new DOMException("The quota has been exceeded.", "QuotaExceededError"),
            })
            tx.abort()
          })
        return request
      }
    }
    w.batonTestDiskFull = on
  }, full)
}

/** A new board on the relay with a list "To do" holding `cards`. */
async function boardWith(page: Page, cards: string[]): Promise<{ url: string; boardId: string }> {
  const url = await createBoard(page, env.relay.url, "Ana")
  await addList(page, "To do")
  await addCards(page, "To do", cards)
  return { url, boardId: boardIdOf(url) }
}

describe("a full disk", () => {
  it("says changes are not saved on this device, keeps them, and saves them once there is room", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    const { url, boardId } = await boardWith(page, ["Before"])
    const alert = page.getByRole("alert").filter({ hasText: "not being saved on this device" })
    await expect(alert.count()).resolves.toBe(0)

    await diskFull(page, true)
    await addCards(page, "To do", ["While full"])
    await alert.waitFor({ timeout: 10_000 })
    await expect(alert.textContent()).resolves.toMatch(/its storage is full/)
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, "storage-full-desktop-light")
    // The change waits in the tab's journal for a save to finish.
    const journalled = (): Promise<number> =>
      page.evaluate(
        (id) =>
          (JSON.parse(localStorage.getItem(`baton.unsaved.${id}`) ?? "[]") as unknown[]).length,
        boardId,
      )
    expect(await journalled()).toBeGreaterThan(0)

    // It still reaches the relay: another browser sees it.
    const other = await newPage(env.browser)
    await openBoard(other.page, url, "Jonas")
    await waitFor(
      () => boardContents(other.page),
      (c) => c["To do"]?.join() === "Before,While full",
      15_000,
      "the edit made while full to reach another browser",
    )
    await other.context.close()

    // Room again: the next retry saves, the message goes, and the journal is empty.
    await diskFull(page, false)
    await page
      .getByRole("status")
      .filter({ hasText: "Changes are saved on this device again" })
      .waitFor({ timeout: 15_000 })
    await expect(alert.count()).resolves.toBe(0)
    expect(await journalled()).toBe(0)
    await page.reload()
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "Before,While full",
      15_000,
      "the board after a reload",
    )
    expectNoErrors(errors)
    await context.close()
  })

  it("opens a board whose copy on this device is damaged from the relay's copy, and says so", async () => {
    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    const { boardId } = await boardWith(page, ["One", "Two"])
    await page
      .getByRole("status")
      .filter({ hasText: "All changes saved to the relay" })
      .waitFor({ timeout: 15_000 })
    // The disk garbles the board's stored snapshot.
    const garbled = await page.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open("baton")
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(new Error("no database"))
      })
      const tx = db.transaction("documents", "readwrite")
      const store = tx.objectStore("documents")
      let count = 0
      const cursor = store.openCursor(
        IDBKeyRange.bound([id, "snapshot"], [id, "snapshot", "\uffff"]),
      )
      cursor.onsuccess = () => {
        const c = cursor.result
        if (c === null) return
        const value = c.value as { key: string[]; binary: Uint8Array }
        c.update({ ...value, binary: value.binary.map((b, i) => (i > 8 && i < 40 ? b ^ 0xff : b)) })
        count++
        c.continue()
      }
      await new Promise((resolve) => (tx.oncomplete = resolve))
      db.close()
      return count
    }, boardId)
    expect(garbled).toBeGreaterThan(0)

    await page.reload()
    await page.getByText(/copy on this device could not be read/).waitFor({ timeout: 20_000 })
    await waitFor(
      () => boardContents(page),
      (c) => c["To do"]?.join() === "One,Two",
      15_000,
      "the board from the relay",
    )
    await addCards(page, "To do", ["Three"])
    expectNoErrors(errors)
    await context.close()
  })
})
