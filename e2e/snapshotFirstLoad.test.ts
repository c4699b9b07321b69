/**
 * Snapshot first load in Chromium: a fresh profile opens a board's link, gets the board from
 * the relay's snapshot (not change by change), shows its cards read from the snapshot while the
 * document loads (`data-document="loading"`), keeps what is typed into the search box meanwhile,
 * and its edits reach the board's maker.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join as joinPath } from "node:path"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { beforeAll, describe, expect, it } from "vitest"
import * as M from "../src/model"
import type { Board } from "../src/model/types"
import { trackPageErrors } from "./harness"
import { useRelayAndBrowser } from "./fixture"
import {
  addCards,
  addList,
  boardContents,
  createBoard,
  expectNoErrors,
  join,
  list,
  newPage,
  renameCard,
  waitFor,
} from "./boardHelpers"

/** A board big enough that its document takes a while to load, put on the relay before it starts. */
const BIG_CARDS = 3000
const dataDir = mkdtempSync(joinPath(tmpdir(), "baton-e2e-snapshot-"))
let bigId: DocumentId
beforeAll(async () => {
  const now = "2026-11-25T00:00:00.000Z"
  const member: M.Member = {
    id: "ann",
    name: "Ann",
    color: "#1f6feb",
    timeZone: "Europe/Paris",
    workingHours: M.defaultWorkingHours(),
    status: { kind: "available" },
    joinedAt: now,
  }
  let doc = A.change(A.init<Board>(), (d) => {
    M.initBoard(d, { title: "Big board", memberId: "ann", now, member })
    for (let l = 0; l < 10; l++) M.addList(d, { id: `list${l}`, title: `List ${l + 1}`, now })
  })
  doc = A.change(doc, (d) => {
    for (let i = 0; i < BIG_CARDS; i++)
      M.addCard(d, {
        id: `card${i}`,
        listId: `list${i % 10}`,
        title: `Card ${i + 1}`,
        memberId: "ann",
        now,
        at: "bottom",
      })
  })
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dataDir), network: [] })
  bigId = repo.import<Board>(A.save(doc)).documentId
  await repo.flush()
  await repo.shutdown()
}, 300_000) // building the board takes long on a busy machine

const env = useRelayAndBrowser({ dataDir })

/**
 * Records, from before the page's scripts run, each state the board page is seen in (loading
 * or loaded, with how many cards are drawn), and the board's state at each key typed into the
 * search box.
 */
const OBSERVE = `
  window.__states = [];
  window.__keys = [];
  const state = () => {
    const page = document.querySelector(".board-page");
    return page === null ? null : page.getAttribute("data-document") + ":" + (document.querySelector("li.card[data-card-id]") ? "cards" : "empty");
  };
  new MutationObserver(() => {
    const s = state();
    if (s !== null && window.__states.at(-1)?.split("@")[0] !== s) window.__states.push(s + "@" + Math.round(performance.now()));
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-document"] });
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLElement && e.target.id === "filter-q") window.__keys.push(e.key + ":" + state() + ":" + Math.round(performance.now()));
  }, true);
`

async function snapshotsSent(): Promise<number> {
  const text = await (await fetch(`${env.relay.url}/metrics`)).text()
  return Number(/^baton_relay_snapshots_sent_total (\d+)/m.exec(text)?.[1] ?? "0")
}

describe("a new device opens a board from the relay's snapshot", () => {
  it("shows the cards, keeps search typed while loading, and its edits go through", async () => {
    const maker = await newPage(env.browser)
    const url = await createBoard(maker.page, env.relay.url, "Ana")
    await addList(maker.page, "To do")
    const titles = Array.from({ length: 12 }, (_, i) => `Task ${i + 1}`)
    await addCards(maker.page, "To do", titles)
    await waitFor(
      () => maker.page.locator(".sync-indicator").getAttribute("data-sync"),
      (s) => s === "saved",
      15_000,
      "the board on the relay",
    )
    const before = await snapshotsSent()

    const fresh = await newPage(env.browser)
    const errors = trackPageErrors(fresh.page)
    await fresh.page.goto(url)
    // Typed as soon as the search box is there, whether or not the document has loaded.
    const search = fresh.page.getByRole("searchbox", { name: "Search cards" })
    const dialog = fresh.page.getByRole("dialog", { name: "Who are you on this board?" })
    await Promise.race([search.waitFor(), dialog.waitFor()])
    if (await dialog.isVisible()) await join(fresh.page, "Ben")
    await search.pressSequentially("Task 1")
    await fresh.page.locator('[data-document="loaded"]').waitFor()
    expect(await search.inputValue()).toBe("Task 1")
    await search.fill("")
    await list(fresh.page, "To do").locator(".card", { hasText: "Task 12" }).waitFor()
    expect((await boardContents(fresh.page))["To do"]).toEqual(titles)
    expect(await snapshotsSent()).toBe(before + 1)

    await renameCard(fresh.page, "Task 3", "Task 3 from Ben")
    await list(maker.page, "To do").locator(".card", { hasText: "Task 3 from Ben" }).waitFor()
    await addCards(maker.page, "To do", ["Added by Ana"])
    await list(fresh.page, "To do").locator(".card", { hasText: "Added by Ana" }).waitFor()
    expect(await boardContents(fresh.page)).toEqual(await boardContents(maker.page))
    expectNoErrors(errors)
  })

  it("a fresh profile shows the big board loading, then loaded, keeping search typed meanwhile", async () => {
    const before = await snapshotsSent()
    const fresh = await newPage(env.browser)
    const errors = trackPageErrors(fresh.page)
    await fresh.page.addInitScript(OBSERVE)
    // A slower device: the document's load takes long enough to type into the loading board.
    const cdp = await fresh.context.newCDPSession(fresh.page)
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 })
    // A device that knows who it is on the board (its list of boards says so) but has nothing
    // of it stored: no "who are you" dialog, so the search box takes keys from the first frame.
    const known = [
      {
        documentId: bigId,
        title: "",
        lastOpened: "2026-11-25T00:00:00.000Z",
        memberId: "ann",
        unsynced: null,
      },
    ]
    await fresh.page.addInitScript(
      `localStorage.setItem("baton.deviceBoards.v1", ${JSON.stringify(JSON.stringify(known))})`,
    )
    await fresh.page.goto(`${env.relay.url}/#/b/${bigId}`)
    const search = fresh.page.getByRole("searchbox", { name: "Search cards" })
    await search.pressSequentially("Card 2999", { delay: 30 })
    await fresh.page.locator('[data-document="loaded"]').waitFor({ timeout: 60_000 })
    expect(await search.inputValue()).toBe("Card 2999")
    const states = (await fresh.page.evaluate("window.__states")) as string[]
    const keys = (await fresh.page.evaluate("window.__keys")) as string[]
    // Cards drawn from the snapshot before the document loaded.
    expect(states.map((x) => x.split("@")[0])).toEqual(["loading:cards", "loaded:cards"])
    expect(keys.map((k) => k.split(":")[0])).toEqual([..."Card 2999"])
    // Typed while the board was drawn from the snapshot and its document still loading.
    expect(keys.filter((k) => k.includes(":loading:")).length).toBeGreaterThan(0)
    // The filter applies to the loaded board: one card matches.
    await fresh.page.getByText("1 matching card", { exact: true }).waitFor()
    expect(await fresh.page.locator("li.card").allTextContents()).toEqual([
      expect.stringContaining("Card 2999"),
    ])
    await search.fill("")
    await renameCard(fresh.page, "Card 3", "Card 3 renamed")
    await fresh.page.locator("li.card", { hasText: "Card 3 renamed" }).waitFor()
    expect(await snapshotsSent()).toBe(before + 1)
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 })
    expectNoErrors(errors)
  })
})
