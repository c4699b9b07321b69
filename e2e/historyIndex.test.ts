/**
 * Card history on a board with a long history, in Chromium: the device builds the history
 * index in a worker once the board is open and idle, and keeps it, before anyone asks for a
 * card's history; opening the history then shows every change.
 */
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import { describe, expect, it } from "vitest"
import { encodeChangeMeta } from "../src/model/changeMeta"
import { addCard, addList, initBoard, setCardTitle } from "../src/model/index"
import { makeMember } from "../src/model/time/testing"
import type { Board } from "../src/model/types"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import { card, expectNoErrors, newPage, openBoard, waitFor } from "./boardHelpers"

const env = useRelayAndBrowser()
const RENAMES = 1200

describe("card history index", () => {
  it("is built in the background on a long history, and the history then shows every change", async () => {
    const repo = new Repo({
      network: [new WebSocketClientAdapter(env.relay.url.replace("http", "ws") + "/sync")],
    })
    const sam = makeMember("sam", "Sam", "Europe/Berlin")
    const now = "2026-12-01T09:00:00.000Z"
    const handle = repo.create<Board>()
    const meta = (op: string) => ({ message: encodeChangeMeta({ memberId: "sam", op }) })
    handle.change(
      (d) => initBoard(d, { title: "Long history", memberId: "sam", now, member: sam }),
      meta("initBoard"),
    )
    handle.change((d) => addList(d, { id: "todo", title: "To do", now }), meta("addList"))
    handle.change(
      (d) => addCard(d, { id: "c1", listId: "todo", title: "Title 0", memberId: "sam", now }),
      meta("addCard"),
    )
    for (let i = 1; i <= RENAMES; i++)
      handle.change((d) => setCardTitle(d, "c1", `Title ${i}`), meta("setCardTitle"))

    const { page, context } = await newPage(env.browser)
    const errors = trackPageErrors(page)
    await openBoard(page, `${env.relay.url}/#/b/${handle.documentId}`, "Ana")
    await card(page, `Title ${RENAMES}`).waitFor({ timeout: 30_000 })

    // Nobody opened a card: the index is there all the same, kept on the device.
    const kept = await waitFor(
      () =>
        page.evaluate(
          (id) =>
            new Promise<number>((resolve) => {
              const req = indexedDB.open("baton-history-index", 1)
              req.onupgradeneeded = () => req.result.createObjectStore("boards")
              req.onsuccess = () => {
                const get = req.result
                  .transaction("boards", "readonly")
                  .objectStore("boards")
                  .get(id)
                get.onsuccess = () => {
                  const s = get.result as { byCard?: Record<string, string> } | undefined
                  resolve(s?.byCard?.c1 === undefined ? 0 : (JSON.parse(s.byCard.c1) as []).length)
                }
                get.onerror = () => resolve(0)
              }
              req.onerror = () => resolve(0)
            }),
          handle.documentId,
        ),
      (n) => n > 0,
      60_000,
      "the history index to be kept",
    )
    expect(kept).toBe(RENAMES + 1)

    await card(page, `Title ${RENAMES}`).locator(".card-open").click()
    await page.getByRole("button", { name: "Show history" }).click()
    const history = page.getByRole("list", { name: "Card history" })
    await history.waitFor({ timeout: 20_000 })
    const lines = await history.locator(":scope > li").allTextContents()
    expect(lines).toHaveLength(RENAMES + 1)
    expect(lines[0]).toContain("Sam")
    expect(lines[0]).toContain(`Title ${RENAMES}`)
    expect(lines.at(-1)).toContain("Sam created the card")
    expectNoErrors(errors)
    await context.close()
    await repo.shutdown()
  })
})
