/**
 * Cold open in Chromium: a device that has nothing of a board (a fresh browser profile for
 * every open) opens its link, and the board is only on the relay. Against the built app
 * (`dist/`, run `npm run build` first), served by the real relay (`createRelay`, port 0).
 *
 * Workloads: the UI benchmark's boards (bench/ui.bench.ts, same generator and cache file):
 *  - 10k: 10,000 cards in 20 lists, 50,000 changes of history;
 *  - 1k:  1,000 cards in 10 lists, 5,000 changes of history.
 * The device knows its member on the board (its list of boards says so, as after following a
 * link once), so no "who are you" dialog stands between the page and the board.
 *
 * Figures per board and variant, medians of `BATON_COLD_RUNS` (default 3) opens:
 *  - visible: navigation start → the frame that shows the first cards (MutationObserver, then
 *    `requestAnimationFrame` + `setTimeout(0)`).
 *  - editable: navigation start → the frame showing a real keystroke typed into a card's title
 *    (the card dialog's title field) within 100 ms of the key, with the board's tile showing
 *    the new title (when the tile is drawn; the list draws only the cards in view). Keys are typed every 50 ms from the moment the title field can be focused;
 *    the first key whose input-to-paint is ≤ 100 ms gives the figure.
 *  - loaded: navigation start → `data-document="loaded"` painted.
 *  - longestTask: the longest main-thread task (PerformanceObserver `longtask`) from navigation
 *    until the document is loaded.
 * Every open gets a relay of its own with a copy of the seeded data (the relay starts cold:
 * its first snapshot request loads the board from disk). Variants alternate, open by open: `new` is `dist/` (or `BATON_DIST`); `old` is
 * `BATON_DIST_OLD` when set (e.g. a build of main). `BATON_COLD_PARTS=1k,10k` picks boards.
 * `BATON_COLD_PROF=<dir>` writes a CPU profile of each open of the new variant.
 */
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { existsSync } from "node:fs"
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import type { Browser, Page } from "playwright-core"
import * as M from "../src/model/index"
import type { Board } from "../src/model/index"
import { rng } from "../src/model/random"
import { createRelay } from "../sync-server/createRelay"
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/harness"
import { ListIndex } from "./listIndex"
import type { BenchResult } from "./types"

const here = dirname(fileURLToPath(import.meta.url))
const RUNS = Math.max(1, Number(process.env.BATON_COLD_RUNS ?? 3) || 3)
const PARTS = new Set((process.env.BATON_COLD_PARTS ?? "1k,10k").split(",").map((p) => p.trim()))
const T0 = Date.parse("2026-11-25T00:00:00.000Z")
const iso = (i: number): string => new Date(T0 + i * 1000).toISOString()
const round = (x: number, digits = 0): number => Number(x.toFixed(digits))
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)] ?? NaN
}

interface Workload {
  key: string
  cards: number
  lists: number
  edits: number
  moves: number
  label: string
}

const WORKLOADS: Workload[] = [
  {
    key: "small",
    cards: 1000,
    lists: 10,
    edits: 2500,
    moves: 1500,
    label: "1k",
  },
  {
    key: "big",
    cards: 10000,
    lists: 20,
    edits: 25000,
    moves: 15000,
    label: "10k",
  },
]

const member = (id: string, name: string): M.Member => ({
  id,
  name,
  color: "#1f6feb",
  timeZone: "Europe/Paris",
  workingHours: M.defaultWorkingHours(),
  status: { kind: "available" },
  joinedAt: iso(0),
})

/** The UI benchmark's generator (bench/ui.bench.ts): creations, edits and moves, one change each. */
function generate(w: Workload): Uint8Array {
  const r = rng(7)
  let doc = A.init<Board>()
  doc = A.change(doc, (d) => {
    M.initBoard(d, {
      title: `Board of ${w.cards} cards`,
      memberId: "ann",
      now: iso(0),
      member: member("ann", "Ann"),
    })
    M.joinBoard(d, member("bob", "Bob"))
    for (let l = 0; l < w.lists; l++)
      M.addList(d, { id: `list${l}`, title: `List ${l + 1}`, now: iso(0) })
  })
  const index = new ListIndex(doc)
  for (let i = 0; i < w.cards; i++) {
    const listId = `list${i % w.lists}`
    doc = A.change(doc, (d) =>
      M.addCard(
        d,
        { id: `card${i}`, listId, title: `Card ${i + 1}`, memberId: "ann", now: iso(i) },
        { listCards: index.get(listId) },
      ),
    )
    index.update(doc, `card${i}`)
  }
  let edits = 0
  let moves = 0
  let n = 0
  while (edits < w.edits || moves < w.moves) {
    const id = `card${Math.floor(r() * w.cards)}`
    if (moves < w.moves && (edits >= w.edits || r() < w.moves / (w.edits + w.moves))) {
      const listId = `list${Math.floor(r() * w.lists)}`
      const listCards = index.get(listId).filter((c) => c.id !== id)
      const to = Math.floor(r() * (listCards.length + 1))
      doc = A.change(doc, (d) => M.moveCard(d, id, listId, to, { listCards }))
      index.update(doc, id)
      moves++
    } else {
      const k = Math.floor(r() * 4)
      doc = A.change(doc, (d) => {
        const c = M.getCard(d, id)!
        if (k === 0) M.setCardTitle(d, id, `${c.title.slice(0, 24)} #${n}`)
        else if (k === 1) M.setCardDescription(d, id, `Notes ${n}`)
        else if (k === 2) M.setUrgent(d, id, !c.urgent)
        else if (c.owners.ann === true) M.removeOwner(d, id, "ann")
        else M.addOwner(d, id, "ann")
      })
      edits++
    }
    if (++n % 10000 === 0) console.log(`  generating ${w.key}: ${n} edits and moves`)
  }
  return A.save(doc)
}

/** The board's bytes, from the cache the UI benchmark shares (bench/.cache/). */
async function cachedBoard(w: Workload): Promise<Uint8Array> {
  const file = join(
    here,
    ".cache",
    `ui-${w.key}-${w.cards}-${w.lists}-${w.edits}-${w.moves}-v1.automerge`,
  )
  if (existsSync(file)) return new Uint8Array(await readFile(file))
  console.log(`  generating ${w.key} board (cached afterwards in ${file})`)
  const bytes = generate(w)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, bytes)
  return bytes
}

async function seedRelayStorage(dataDir: string, boards: Uint8Array[]): Promise<DocumentId[]> {
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dataDir), network: [] })
  const ids = boards.map((bytes) => repo.import<Board>(bytes).documentId)
  await repo.flush()
  await repo.shutdown()
  return ids
}

/** Installed before the page's scripts: first cards, document loaded, long tasks, keys. */
const OBSERVE = `
  window.__cold = { visible: null, loaded: null, cardInDom: null, loadedInDom: null, tasks: [], keys: [] };
  const painted = (key) => requestAnimationFrame(() => setTimeout(() => { window.__cold[key] = performance.now() }, 0));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__cold.tasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  new MutationObserver(() => {
    const b = window.__cold;
    if (b.cardInDom === null && document.querySelector("li.card[data-card-id]")) { b.cardInDom = performance.now(); painted("visible") }
    if (b.loadedInDom === null && document.querySelector('.board-page[data-document="loaded"]')) { b.loadedInDom = performance.now(); painted("loaded") }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-document"] });
  document.addEventListener("keydown", (e) => {
    if (e.key.length !== 1) return;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => {
      const input = document.querySelector(".dialog-title input");
      const tile = document.querySelector('li.card[data-card-id="card0"] .card-title');
      const shown = input !== null && (tile === null || tile.textContent.trim() === input.value.trim());
      window.__cold.keys.push([t0, performance.now(), shown]);
    }, 0));
  }, true);
`

interface Open {
  visible: number
  editable: number
  loaded: number
  longestTask: number
}

async function poll(page: Page, expression: string, timeout = 180_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function coldOpen(
  browser: Browser,
  base: string,
  id: DocumentId,
  profile: string | null,
): Promise<Open> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const known = [
      { documentId: id, title: "", lastOpened: iso(0), memberId: "ann", unsynced: null },
    ]
    await context.addInitScript(
      `try { localStorage.setItem("baton.deviceBoards.v1", ${JSON.stringify(JSON.stringify(known))}) } catch {}`,
    )
    await context.addInitScript(OBSERVE)
    const page = await context.newPage()
    const cdp = profile === null ? null : await context.newCDPSession(page)
    if (cdp !== null) {
      await cdp.send("Profiler.enable")
      await cdp.send("Profiler.setSamplingInterval", { interval: 500 })
      await cdp.send("Profiler.start")
    }
    await page.goto(`${base}#/b/${id}/c/card0`)
    const title = page.locator(".dialog-title .inline-edit")
    await title.click({ timeout: 180_000 })
    const input = page.getByRole("textbox", { name: "Card title" })
    await input.press("End")
    // A key every 50 ms until one shows within 100 ms, the board's tile agreeing.
    let editable: number | null = null
    const deadline = Date.now() + 120_000
    while (editable === null && Date.now() < deadline) {
      await page.keyboard.type("x")
      await new Promise((r) => setTimeout(r, 50))
      const keys = (await page.evaluate("window.__cold.keys")) as [number, number, boolean][]
      const ok = keys.find(([t0, t1, shown]) => shown && t1 - t0 <= 100)
      if (ok !== undefined) editable = ok[1]
    }
    await poll(page, "window.__cold.loaded !== null")
    const t = (await page.evaluate("window.__cold")) as {
      visible: number
      loaded: number
      loadedInDom: number
      tasks: [number, number][]
    }
    if (cdp !== null && profile !== null) {
      const { profile: p } = await cdp.send("Profiler.stop")
      await writeFile(profile, JSON.stringify(p))
    }
    const longest = Math.max(0, ...t.tasks.filter(([s]) => s < t.loadedInDom).map(([, d]) => d))
    await input.press("Escape").catch(() => undefined)
    return { visible: t.visible, editable: editable ?? NaN, loaded: t.loaded, longestTask: longest }
  } finally {
    await context.close()
  }
}

export default async function coldOpenBench(): Promise<BenchResult[]> {
  const variants: { name: string; dist: string }[] = [
    { name: "new", dist: process.env.BATON_DIST ?? join(here, "..", "dist") },
  ]
  if (process.env.BATON_DIST_OLD) variants.push({ name: "old", dist: process.env.BATON_DIST_OLD })
  const workloads = WORKLOADS.filter((w) => PARTS.has(w.label))
  const boards = []
  for (const w of workloads) boards.push(await cachedBoard(w))
  // Seeded once; each open gets its own copy and relay: a browser's first visit claims an
  // unclaimed board, after which a device without its link may not read it.
  const template = await mkdtemp(join(tmpdir(), "baton-cold-seed-"))
  const ids = await seedRelayStorage(template, boards)
  const withRelay = async <T>(dist: string, run: (base: string) => Promise<T>): Promise<T> => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-cold-"))
    await cp(template, dataDir, { recursive: true })
    const relay = await createRelay({
      port: 0,
      host: "127.0.0.1",
      dataDir,
      staticDir: dist,
      log: () => {},
    })
    try {
      return await run(`http://127.0.0.1:${relay.port}/`)
    } finally {
      await relay.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  const prof = process.env.BATON_COLD_PROF
  if (prof) await mkdir(prof, { recursive: true })
  const results: BenchResult[] = []
  try {
    for (const [wi, w] of workloads.entries()) {
      const opens = new Map<string, Open[]>(variants.map((v) => [v.name, []]))
      for (let run = 0; run < RUNS; run++)
        for (const r of variants) {
          const profile =
            prof && r.name === "new" ? join(prof, `cold-${w.label}-${run + 1}.cpuprofile`) : null
          const o = await withRelay(r.dist, (base) => coldOpen(browser, base, ids[wi]!, profile))
          console.log(
            `  ${w.label} ${r.name} open ${run + 1}: visible ${round(o.visible)} ms, editable ${round(o.editable)} ms, loaded ${round(o.loaded)} ms, longest task ${round(o.longestTask)} ms`,
          )
          opens.get(r.name)!.push(o)
        }
      for (const v of variants) {
        const os = opens.get(v.name)!
        const others = variants.filter((x) => x !== v).map((x) => x.name)
        const build = v.name === "old" ? "the BATON_DIST_OLD build" : "this build"
        const workload = `${w.cards} cards in ${w.lists} lists, ${w.cards + w.edits + w.moves} changes of history, only on the relay; ${build}; fresh Chromium profile per open, median of ${RUNS}${others.length > 0 ? `, alternating open by open with ${others.join(", ")}` : ""}; shared, loaded 2-core machine`
        for (const key of ["visible", "editable", "loaded", "longestTask"] as const)
          results.push({
            name: `${v.name === "new" ? "" : `${v.name}.`}${w.label}.${key}`,
            value: round(median(os.map((o) => o[key]))),
            unit: "ms",
            workload: `${workload}; opens: ${os.map((o) => round(o[key])).join(", ")} ms`,
          })
      }
    }
  } finally {
    await browser.close()
    await rm(template, { recursive: true, force: true })
  }
  return results
}
