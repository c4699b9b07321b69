/**
 * Board UI benchmark in Chromium (playwright-core driving /usr/bin/chromium, headless, no GPU)
 * against the built app (`dist/`, run `npm run build` first) served by the real relay
 * (`createRelay`, port 0, temporary DATA_DIR).
 *
 * Workloads (generated once, cached in bench/.cache/, keyed by workload):
 *  - big:   10,000 cards in 20 lists, history of 50,000 changes (10,000 creations, 25,000
 *           edits, 15,000 moves, one change each): the model benchmark's board, same bytes;
 *  - small: 1,000 cards in 10 lists, history of 5,000 changes (same mix);
 *  - long:  one list of 2,000 cards.
 * Each board is put in the relay's storage; the browser opens it once from the relay (so it is
 * then stored on the device: automerge-repo's IndexedDB plus Baton's render snapshot), then
 * the measured opens are page loads of the board link in that same browser profile.
 *
 * Figures and how they are measured:
 *  - open.visible: navigation start → the frame that shows the first cards has been produced
 *    (a MutationObserver installed before the page's scripts sees the first card element, then
 *    `requestAnimationFrame` + `setTimeout(0)` records `performance.now()` after that frame, so
 *    a main thread blocked by loading the document counts), median of 3 loads.
 *  - open.editable: the same for the board taking edits (`data-board-state="editable"`). That
 *    is as soon as it is drawn from the snapshot saved on the device: an edit made before the
 *    document has loaded is shown at once, kept in localStorage, and made on the document once
 *    it is loaded (src/sync/storage/earlyEdits.ts). Median of 3 loads. Nothing is evaluated in the page
 *    while it loads: the script that records these times prints a console message once it has
 *    all three, and the benchmark waits for that message.
 *  - open.loaded: the same for the document itself being loaded and the board bound to it
 *    (`data-document="loaded"`: from then on edits go straight to the document; add.p95 below
 *    times such edits). Median of 3 loads.
 *  - type.p95 / move.p95: input-to-paint, over 3 rounds (`BATON_UI_ROUNDS`) of typing, baseline and
 *    moves in turn, each on a fresh page load; the figure pools every round's samples and the
 *    workload names each round's own p95 (on 2 cores one run's p95 moves by several ms). A capture `keydown` listener takes the event's
 *    timestamp; `requestAnimationFrame` then `setTimeout(0)` runs right after the frame that
 *    shows the result has been produced; the difference is one sample. Typing: 111 keystrokes
 *    into the card dialog's title (saved per keystroke as collaborative text), checking the
 *    tile on the board shows the new title. Moving: 90 Alt+↓/↑ keyboard moves of a card in a
 *    500-card list, checking the card's position changed.
 *  - baseline.p95: the same input-to-paint for 111 keystrokes into the card dialog's comment box
 *    on the 10,000-card board, which keeps its text to itself until it is sent: what the page
 *    costs a keystroke before Baton does anything with it (the browser's own editing, style,
 *    layout and paint of this page). type.p95 minus this is what saving each keystroke costs.
 *  - blank.p95: the same for 111 keystrokes into a lone input on an empty page, where Chromium
 *    has drawn no frame just before each key: the browser's own floor on this machine.
 *  - add.p95: the same input-to-paint for Enter in a list's composer on the 10,000-card board
 *    (20 cards added to a 500-card list), each checked to have cleared the composer and raised
 *    the list's card count shown in its header.
 *  - scroll: frame intervals (rAF to rAF) while the 2,000-card list is scrolled by wheel
 *    events for ~3 s: p95 and max frame time and the share of frames that missed their 16.7 ms
 *    budget. Frame intervals come in whole vsync periods (16.7, 33.3, … ms) plus jitter, so a
 *    frame over budget is an interval above 20 ms (an interval of 16.8 ms is an on-time frame).
 *    scroll.work: each frame's own cost, from its begin time (`requestAnimationFrame`'s
 *    timestamp, taken before the frame's scroll events are dispatched) to a `setTimeout(0)` set
 *    in its `requestAnimationFrame`, which runs once the frame has been drawn: scroll handlers
 *    (the list drawing the cards coming into view), style, layout and paint.
 *
 *  - open10kFiles: the 10,000-card board with 500 attachments (100 image covers whose bytes
 *    are on the relay, 400 PDFs) against the same board without them, one page load of each in
 *    turn (the order swapped every pair), 6 of each; medians, their ratios (target ≤ 1.1) and how many /blobs/ requests the
 *    last load made (covers load only near the screen).
 *  - phone: the 1,000-card board in Chromium's mobile emulation (390×844, isMobile, hasTouch)
 *    with 4× CPU throttling; tap → the frame after its work, p95 of 30 taps on a card (its
 *    dialog opens) and 30 taps in the list switcher (target p95 < 100 ms each).
 *
 * `BATON_UI_PARTS` (comma-separated, default all: open10k,open10kFiles,open1k,type,baseline,move,add,scroll,blank,phone) runs
 * only some measurements, e.g. to compare two builds quickly; the first visits are always made.
 * `BATON_UI_PROF=<dir>` also writes a Chromium CPU profile of each measurement (the phone part: all its taps) into `<dir>`
 * (with `BATON_UI_TRACE=1`, a Chromium performance trace instead, of the categories in
 * `BATON_UI_TRACE_CATEGORIES` if set: the default ones, with the CPU profiler, slow the page).
 */
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { createHash } from "node:crypto"
import { existsSync, readdirSync } from "node:fs"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import type { BrowserContext, Page } from "playwright-core"
import * as M from "../src/model/index"
import type { Board } from "../src/model/index"
import { createRelay } from "../sync-server/createRelay"
import { clientRepo, closeRepos } from "../sync-server/testHelpers"
import type { BenchResult } from "./types"
import { rng } from "../src/model/random"
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/harness"
import { ListIndex } from "./listIndex"
import { FILES_WORKLOAD, withAttachments } from "./uiFiles"

const here = dirname(fileURLToPath(import.meta.url))
/** The built app; `BATON_DIST` points elsewhere (e.g. to compare two builds). */
const DIST = process.env.BATON_DIST ?? join(here, "..", "dist")
const ALL_PARTS = [
  "open10k",
  "open10kFiles",
  "open1k",
  "type",
  "baseline",
  "move",
  "add",
  "scroll",
  "blank",
  "phone",
]
const PARTS = new Set(
  (process.env.BATON_UI_PARTS ?? ALL_PARTS.join(","))
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== ""),
)
for (const p of PARTS)
  if (!ALL_PARTS.includes(p))
    throw new Error(`BATON_UI_PARTS: unknown part ${p} (${ALL_PARTS.join(", ")})`)
const T0 = Date.parse("2026-11-25T00:00:00.000Z")
const iso = (i: number): string => new Date(T0 + i * 1000).toISOString()
const round = (x: number, digits = 1): number => Number(x.toFixed(digits))

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i] ?? NaN
}
const median = (v: number[]): number => percentile(v, 50)

const member = (id: string, name: string): M.Member => ({
  id,
  name,
  color: "#1f6feb",
  timeZone: "Europe/Paris",
  workingHours: M.defaultWorkingHours(),
  status: { kind: "available" },
  joinedAt: iso(0),
})

interface Workload {
  key: string
  cards: number
  lists: number
  edits: number
  moves: number
}

/** Cards, lists and a history of creations, edits and moves, one change each. */
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
  // Positions per list kept locally so operations get their placement hint (as the UI does).
  const index = new ListIndex(doc)
  for (let i = 0; i < w.cards; i++) {
    const listId = `list${i % w.lists}`
    doc = A.change(doc, (d) =>
      M.addCard(
        d,
        { id: `card${i}`, listId, title: `Card ${i + 1}`, memberId: "ann", now: iso(i) },
        {
          listCards: index.get(listId),
        },
      ),
    )
    index.update(doc, `card${i}`)
    if (i % 5000 === 4999) console.log(`  generating ${w.key}: ${i + 1} cards`)
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

/**
 * The 10,000-card board of the model benchmark (bench/model.bench.ts), from its cache in
 * bench/.cache/: the same bytes, so the UI and model figures describe the same board. Uses
 * `boardBytes` when model.bench.ts exports it; otherwise reads its cache file (same key).
 */
async function modelBoard(): Promise<Uint8Array | null> {
  const mod = (await import("./model.bench")) as { boardBytes?: () => Promise<Uint8Array> }
  if (typeof mod.boardBytes === "function") return mod.boardBytes()
  const workload =
    "10000 cards in 20 lists, history of 50000 changes (10000 creations, 25000 edits, 15000 moves)"
  const key = createHash("sha256")
    .update(`${workload} automerge-3.5 model-v2`)
    .digest("hex")
    .slice(0, 16)
  const file = join(here, ".cache", `model-${key}.automerge`)
  if (!existsSync(file)) return null
  console.log(`  using the model benchmark's board ${file}`)
  return new Uint8Array(await readFile(file))
}

async function cachedBoard(w: Workload): Promise<Uint8Array> {
  if (w.key === "big") {
    const shared = await modelBoard()
    if (shared !== null) return shared
  }
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

/** Stores the boards in a relay data directory and returns their document ids. */
async function seedRelayStorage(dataDir: string, boards: Uint8Array[]): Promise<DocumentId[]> {
  const repo = new Repo({ storage: new NodeFSStorageAdapter(dataDir), network: [] })
  const ids = boards.map((bytes) => repo.import<Board>(bytes).documentId)
  await repo.flush()
  await repo.shutdown()
  return ids
}

/**
 * Records, from before any page script runs, when the first card appears, when the board takes
 * edits, and when its document is loaded.
 */
const OBSERVE = `
  window.__baton = { visible: null, editable: null, loaded: null, cardInDom: null, editableInDom: null, loadedInDom: null };
  const painted = (key) => requestAnimationFrame(() => setTimeout(() => {
    const b = window.__baton;
    b[key] = performance.now();
    if (b.visible !== null && b.editable !== null && b.loaded !== null) console.debug("baton-bench:opened");
  }, 0));
  new MutationObserver(() => {
    const b = window.__baton;
    if (b.cardInDom === null && document.querySelector("li.card[data-card-id]")) { b.cardInDom = performance.now(); painted("visible") }
    if (b.editableInDom === null && document.querySelector('.board-page[data-board-state="editable"]')) { b.editableInDom = performance.now(); painted("editable") }
    if (b.loadedInDom === null && document.querySelector('.board-page[data-document="loaded"]')) { b.loadedInDom = performance.now(); painted("loaded") }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-board-state", "data-document"] });
`

async function rememberMember(context: BrowserContext, ids: DocumentId[]): Promise<void> {
  const entries = ids.map((documentId) => ({
    documentId,
    title: "",
    lastOpened: iso(0),
    memberId: "ann",
    unsynced: null,
  }))
  await context.addInitScript(
    `try { if (!localStorage.getItem("baton.deviceBoards.v1")) localStorage.setItem("baton.deviceBoards.v1", ${JSON.stringify(JSON.stringify(entries))}) } catch {}`,
  )
  await context.addInitScript(OBSERVE)
}

/**
 * Polls `expression` in the page until it is truthy. Not `waitForFunction`: it evaluates a
 * string predicate with `eval` inside the page, which the app's Content-Security-Policy refuses.
 */
async function waitFor(page: Page, expression: string, timeout = 120_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Opens the board once from the relay, until it and its snapshot are stored on the device. */
async function firstVisit(page: Page, url: string, id: DocumentId): Promise<void> {
  await page.goto("about:blank") // a page load, not a hash change: fresh timings
  await page.goto(url)
  await waitFor(page, `window.__baton.loaded !== null`)
  // The render snapshot is written a moment after the board opened (page.evaluate awaits the
  // read; waitForFunction would take the pending promise itself as true).
  const deadline = Date.now() + 60_000
  for (;;) {
    const saved = await page.evaluate(
      `new Promise((resolve) => { const r = indexedDB.open("baton-snapshots"); r.onsuccess = () => { try { const g = r.result.transaction("boards").objectStore("boards").get(${JSON.stringify(id)}); g.onsuccess = () => { resolve(!!g.result); r.result.close() }; g.onerror = () => resolve(false) } catch { resolve(false) } }; r.onerror = () => resolve(false) })`,
    )
    if (saved === true) return
    if (Date.now() > deadline) throw new Error(`no render snapshot saved for ${url}`)
    await page.waitForTimeout(250)
  }
}

/**
 * Waits, on the open board, until the device keeps the board's card history index: a board
 * this long gets it built in a worker once, on its first opening on a device, and the worker
 * shares the machine's cores with the page meanwhile (see src/session/history/). The
 * keystroke figures are of a device past that. A build without the worker (an older one)
 * has nothing to wait for. Only reads the database if it exists: opening it would create it
 * empty, without the app's store.
 */
async function historyIndexKept(page: Page, id: DocumentId): Promise<void> {
  if (!readdirSync(join(DIST, "assets")).some((f) => f.startsWith("historyIndexWorker"))) return
  const started = Date.now()
  const deadline = started + 180_000
  for (;;) {
    const kept = await page.evaluate(
      `indexedDB.databases().then((dbs) => !dbs.some((d) => d.name === "baton-history-index") ? false : new Promise((resolve) => { const r = indexedDB.open("baton-history-index"); r.onsuccess = () => { try { const g = r.result.transaction("boards").objectStore("boards").get(${JSON.stringify(id)}); g.onsuccess = () => { resolve(!!g.result); r.result.close() }; g.onerror = () => resolve(false) } catch { r.result.close(); resolve(false) } }; r.onerror = () => resolve(false) }))`,
    )
    if (kept === true) {
      console.log(`  the board's history index was kept after ${Date.now() - started} ms more`)
      return
    }
    if (Date.now() > deadline) throw new Error("the board's history index was never kept")
    await page.waitForTimeout(500)
  }
}

/**
 * With `BATON_UI_PROF=<dir>`, records a Chromium CPU profile of `run` into
 * `<dir>/<name>.cpuprofile` (open it in the browser's developer tools).
 */
async function profiled<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BATON_UI_PROF
  if (dir === undefined || dir === "") return run()
  const cdp = await page.context().newCDPSession(page)
  await mkdir(dir, { recursive: true })
  if (process.env.BATON_UI_TRACE) {
    await cdp.send("Tracing.start", {
      categories:
        process.env.BATON_UI_TRACE_CATEGORIES ??
        "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,disabled-by-default-v8.cpu_profiler",
      transferMode: "ReturnAsStream",
    })
    const result = await run()
    const done = new Promise<string>((resolve) =>
      cdp.once("Tracing.tracingComplete", (e) => resolve(e.stream ?? "")),
    )
    await cdp.send("Tracing.end")
    const stream = await done
    const parts: string[] = []
    for (;;) {
      const chunk = await cdp.send("IO.read", { handle: stream })
      parts.push(chunk.data)
      if (chunk.eof) break
    }
    await writeFile(join(dir, `${name}.trace.json`), parts.join(""))
    await cdp.detach()
    return result
  }
  await cdp.send("Profiler.enable")
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 })
  await cdp.send("Profiler.start")
  const result = await run()
  const { profile } = await cdp.send("Profiler.stop")
  await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
  await cdp.detach()
  return result
}

async function measureOpen(
  page: Page,
  name: string,
  url: string,
  runs: number,
): Promise<{ visible: number; editable: number; loaded: number }> {
  const visible: number[] = []
  const editable: number[] = []
  const loaded: number[] = []
  for (let i = 0; i < runs; i++) {
    await page.goto("about:blank")
    // The page says when it has all three figures: polling it with waitForFunction would first
    // install Playwright's injected script (~330 KB) in it, 15-25 ms of main-thread work in the
    // middle of the load being measured (Chromium trace).
    const opened = page.waitForEvent("console", {
      predicate: (m) => m.text() === "baton-bench:opened",
      timeout: 120_000,
    })
    await page.goto(url)
    await opened
    const t = (await page.evaluate("window.__baton")) as {
      visible: number
      editable: number
      loaded: number
    }
    const preview = await page.evaluate(
      `performance.getEntriesByName("baton:snapshot-read").length > 0`,
    )
    if (!preview) console.log(`  warning: load ${i + 1} of ${url} showed no saved snapshot`)
    visible.push(t.visible)
    editable.push(t.editable)
    loaded.push(t.loaded)
  }
  const each = (v: number[]): string => v.map((x) => round(x, 0)).join(" ")
  console.log(
    `  ${name}: loads (ms) visible ${each(visible)}, editable ${each(editable)}, loaded ${each(loaded)}`,
  )
  return { visible: median(visible), editable: median(editable), loaded: median(loaded) }
}

const INSTRUMENT_INPUT = `
  window.__samples = [];
  window.__pending = null;
  document.addEventListener("keydown", (e) => {
    if (["Alt", "Shift", "Control", "Meta"].includes(e.key)) return;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => {
      window.__samples.push({ ms: performance.now() - t0, check: window.__check ? window.__check() : true });
    }, 0));
  }, true);
`

/**
 * Keystrokes and moves per measurement: a p95 is then the 6th-worst of 111 samples (the 5th
 * of 90), so one unlucky sample moves it far less than with a few dozen (the 3rd-worst of 41).
 */
const TYPED = " typing into a card title, forty keys".repeat(3)
const MOVES = 90
/** Rounds of typing, baseline and moves (`BATON_UI_ROUNDS`), pooled into each figure. */
const ROUNDS = Math.max(1, Number(process.env.BATON_UI_ROUNDS ?? 3) || 3)

async function measureTyping(page: Page, url: string): Promise<number[]> {
  await page.goto("about:blank")
  await page.goto(`${url}/c/card0`)
  const dialog = page.getByRole("dialog")
  await dialog.waitFor()
  await waitFor(page, `window.__baton.loaded !== null`)
  await dialog.locator(".dialog-title .inline-edit").click()
  const input = page.getByRole("textbox", { name: "Card title" })
  await input.press("End")
  await page.evaluate(INSTRUMENT_INPUT)
  await page.evaluate(`window.__check = () => {
    const v = document.querySelector(".dialog-title input").value.trim();
    const tile = document.querySelector('li.card[data-card-id="card0"] .card-title');
    return tile === null || tile.textContent.trim() === v;
  }`)
  await profiled(page, "typing", async () => {
    for (const ch of TYPED) await page.keyboard.type(ch, { delay: 60 })
  })
  await page.waitForTimeout(200)
  const samples = (await page.evaluate("window.__samples")) as { ms: number; check: boolean }[]
  const bad = samples.filter((s) => !s.check).length
  if (bad > 0) console.log(`  warning: ${bad} typing samples before the board showed the new title`)
  await input.press("Enter")
  return samples.map((s) => s.ms)
}

/** Keystrokes into a lone input on an empty page: what the browser itself costs a key here. */
async function measureBlank(page: Page): Promise<number[]> {
  await page.goto("about:blank")
  await page.setContent(`<input aria-label="Text">`)
  await page.focus("input")
  await page.evaluate(INSTRUMENT_INPUT)
  await page.evaluate(`window.__check = () => true`)
  await profiled(page, "blank", async () => {
    for (const ch of TYPED) await page.keyboard.type(ch, { delay: 60 })
  })
  await page.waitForTimeout(200)
  const samples = (await page.evaluate("window.__samples")) as { ms: number }[]
  return samples.map((s) => s.ms)
}

/** Keystrokes into the comment box (kept in the box until sent): the page's own cost of a key. */
async function measureBaseline(page: Page, url: string): Promise<number[]> {
  await page.goto("about:blank")
  await page.goto(`${url}/c/card0`)
  const box = page.getByRole("dialog").getByRole("textbox", { name: "Write a comment" })
  await box.waitFor()
  await waitFor(page, `window.__baton.loaded !== null`)
  await box.click()
  await page.evaluate(INSTRUMENT_INPUT)
  await page.evaluate(`window.__check = () => true`)
  await profiled(page, "baseline", async () => {
    for (const ch of TYPED) await page.keyboard.type(ch, { delay: 60 })
  })
  await page.waitForTimeout(200)
  const samples = (await page.evaluate("window.__samples")) as { ms: number }[]
  const text = await box.inputValue()
  if (text !== TYPED)
    console.log(`  warning: the comment box holds ${text.length} of ${TYPED.length} keys`)
  await box.fill("")
  return samples.map((s) => s.ms)
}

async function measureMoves(page: Page, url: string): Promise<number[]> {
  await page.goto("about:blank")
  await page.goto(url)
  await waitFor(page, `window.__baton.loaded !== null`)
  const first = page.locator('ul[data-cards-of="list0"] li.card[data-card-id] .card-open').first()
  await first.focus()
  const id = await first.evaluate((el) => el.closest("li")?.getAttribute("data-card-id") ?? "")
  await page.evaluate(INSTRUMENT_INPUT)
  await page.evaluate(`window.__last = 0; window.__check = () => {
    const li = document.querySelector('li.card[data-card-id="${id}"]');
    const i = li ? Number(li.dataset.index) : -1;
    const moved = i !== window.__last; window.__last = i; return moved;
  }`)
  await profiled(page, "moves", async () => {
    for (let i = 0; i < MOVES; i++) {
      await page.keyboard.press(i % 2 === 0 ? "Alt+ArrowDown" : "Alt+ArrowUp")
      await page.waitForTimeout(80)
    }
  })
  const samples = (await page.evaluate("window.__samples")) as { ms: number; check: boolean }[]
  const bad = samples.filter((s) => !s.check).length
  if (bad > 0) console.log(`  warning: ${bad} move samples where the card had not moved yet`)
  return samples.map((s) => s.ms)
}

/** Cards added with the list composer (Enter), each checked to raise the card count shown. */
async function measureAdd(page: Page, url: string): Promise<number[]> {
  await page.goto("about:blank")
  await page.goto(url)
  await waitFor(page, `window.__baton.loaded !== null`)
  await page.locator('[data-add-card="list1"]').click()
  const input = page.getByRole("textbox", { name: /^New card title in / })
  await input.waitFor()
  await page.evaluate(INSTRUMENT_INPUT)
  // The list's card count in its header, as a person sees it.
  await page.evaluate(`window.__count = () => parseInt(document.querySelector('section[data-list-id="list1"] .list-count').textContent, 10);
  window.__last = window.__count();
  window.__check = () => {
    const n = window.__count();
    const cleared = document.activeElement && document.activeElement.value === "";
    const grown = n === window.__last + 1; window.__last = n; return grown && cleared;
  }`)
  await profiled(page, "adds", async () => {
    for (let i = 0; i < 20; i++) {
      await input.fill(`Added card ${i}`)
      await input.press("Enter")
      await waitFor(page, `window.__samples.length === ${i + 1}`, 30_000)
    }
  })
  const samples = (await page.evaluate("window.__samples")) as { ms: number; check: boolean }[]
  const bad = samples.filter((s) => !s.check).length
  if (bad > 0) console.log(`  warning: ${bad} add samples where the list had not grown yet`)
  return samples.map((s) => s.ms)
}

async function measureScroll(
  page: Page,
  url: string,
): Promise<{
  p95: number
  max: number
  slow: number
  frames: number
  workP95: number
  workMax: number
}> {
  await page.goto("about:blank")
  await page.goto(url)
  await waitFor(page, `window.__baton.loaded !== null`)
  const ul = page.locator('ul[data-cards-of="list0"]')
  const box = await ul.boundingBox()
  if (box === null) throw new Error("list not visible")
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  // Each frame: its interval from the previous one, and its work (its begin time, before the
  // scroll events of the frame are dispatched, to the end of the task that drew it).
  await page.evaluate(`window.__frames = []; window.__work = []; window.__stop = false; (function tick(t0) {
    requestAnimationFrame((t) => {
      if (t0 !== null) window.__frames.push(t - t0);
      setTimeout(() => window.__work.push(performance.now() - t), 0);
      if (!window.__stop) tick(t);
    });
  })(null)`)
  const end = Date.now() + 3000
  while (Date.now() < end) await page.mouse.wheel(0, 120)
  await page.evaluate("window.__stop = true")
  const frames = (await page.evaluate("window.__frames")) as number[]
  const work = (await page.evaluate("window.__work")) as number[]
  console.log(`  scroll: frame work samples (ms) ${work.map((w) => round(w, 0)).join(" ")}`)
  const scrolled = await ul.evaluate((el) => el.scrollTop)
  if (scrolled < 1000) console.log(`  warning: the list scrolled only ${scrolled}px`)
  return {
    p95: percentile(frames, 95),
    max: Math.max(...frames),
    slow: frames.filter((f) => f > 20).length / Math.max(1, frames.length),
    frames: frames.length,
    workP95: percentile(work, 95),
    workMax: Math.max(...work),
  }
}

/** Time to visible and to editable of one board's opens. */
/** Loads of each board, in turn, for open10kFiles (the 10,000-card open varies widely). */
const FILES_LOADS = 6

/** Taps per phone measurement: a p95 is then the 2nd-worst of 30 samples. */
const PHONE_TAPS = 30

/**
 * The 1,000-card board on a phone (Chromium's mobile emulation, 390×844, touch, 4× CPU
 * throttling): tap → the frame after the tap's work, for opening a card (the card dialog is
 * then in the page) and for switching lists with the list switcher (the list is then in view).
 */
async function measurePhone(link: string): Promise<{ open: number[]; switchList: number[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
    })
    await context.addInitScript(
      `window.__taps = [];
      document.addEventListener("click", (e) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => window.__taps.push(performance.now() - t0), 0));
      }, true);`,
    )
    const page = await context.newPage()
    // Another device: it joins through the board's edit link, as a teammate's phone would.
    await page.goto(link)
    const join = page.getByRole("dialog", { name: "Who are you on this board?" })
    await join.waitFor({ timeout: 180_000 })
    await join.getByLabel("Your name").fill("Pia")
    await join.getByRole("button", { name: "Join board" }).click()
    await join.waitFor({ state: "detached" })
    await page.locator('.board-page[data-document="loaded"]').waitFor({ timeout: 180_000 })
    const cdp = await context.newCDPSession(page)
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 })
    const taken = async (): Promise<number> => {
      await waitFor(page, "window.__taps.length > 0", 30_000)
      const t = (await page.evaluate("window.__taps.shift()")) as number
      return t
    }
    const open: number[] = []
    const switchList: number[] = []
    return await profiled(page, "phone", async () => {
      const lists = await page
        .locator("[data-switch-to]")
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.switchTo ?? ""))
      for (let i = 0; i < PHONE_TAPS; i++) {
        const listId = lists[i % lists.length]!
        await page.evaluate("window.__taps = []")
        await page.locator(`[data-switch-to="${listId}"]`).tap()
        switchList.push(await taken())
        const list = page.locator(`.list[data-list-id="${listId}"]`)
        await page.waitForTimeout(400) // the list settles into view
        await page.evaluate("window.__taps = []")
        await list
          .locator("li.card .card-open")
          .nth(i % 3)
          .tap()
        open.push(await taken())
        const dialog = page.getByRole("dialog")
        await dialog.waitFor()
        await page.keyboard.press("Escape")
        await dialog.waitFor({ state: "detached" })
      }
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 })
      return { open, switchList }
    })
  } finally {
    await browser.close()
  }
}

function openFigures(
  name: string,
  open: { visible: number; editable: number; loaded: number },
  workload: string,
): BenchResult[] {
  return [
    { name: `${name}.visible`, value: round(open.visible), unit: "ms", workload },
    { name: `${name}.editable`, value: round(open.editable), unit: "ms", workload },
    { name: `${name}.loaded`, value: round(open.loaded), unit: "ms", workload },
  ]
}

/**
 * p95 (the figure with a target) and p50 of input-to-paint samples. Headless Chromium draws a
 * frame at once when it has drawn none just before, else at its next 60 Hz beat (blank.p95
 * shows the first case).
 */
function latencyFigures(name: string, samples: number[], workload: string): BenchResult[] {
  console.log(`  ${name}: samples (ms) ${samples.map((x) => Math.round(x)).join(" ")}`)
  return [
    { name: `${name}.p95`, value: round(percentile(samples, 95)), unit: "ms", workload },
    { name: `${name}.p50`, value: round(percentile(samples, 50)), unit: "ms", workload },
  ]
}

export default async function uiBench(): Promise<BenchResult[]> {
  if (!existsSync(join(DIST, "index.html")))
    throw new Error("no built app in dist/: run `npm run build` first")
  const big: Workload = { key: "big", cards: 10_000, lists: 20, edits: 25_000, moves: 15_000 }
  const small: Workload = { key: "small", cards: 1_000, lists: 10, edits: 2_500, moves: 1_500 }
  const long: Workload = { key: "long", cards: 2_000, lists: 1, edits: 0, moves: 0 }
  const boards = [await cachedBoard(big), await cachedBoard(small), await cachedBoard(long)]
  const files = PARTS.has("open10kFiles") ? withAttachments(boards[0]!) : null
  const dataDir = await mkdtemp(join(tmpdir(), "baton-uibench-"))
  const [bigId, smallId, longId, filesId] = (await seedRelayStorage(dataDir, [
    ...boards,
    ...(files ? [files.bytes] : []),
  ])) as [DocumentId, DocumentId, DocumentId, DocumentId | undefined]
  const relay = await createRelay({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    staticDir: DIST,
    log: () => {},
  })
  const base = `http://127.0.0.1:${relay.port}/`
  // A real (temporary) profile on disk: boards and snapshots stored on the device as for a
  // person (an incognito context's in-memory storage lost the saved snapshots between loads).
  const profileDir = await mkdtemp(join(tmpdir(), "baton-uibench-profile-"))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  })
  const results: BenchResult[] = []
  try {
    await rememberMember(context, [bigId, smallId, longId])
    const page = context.pages()[0] ?? (await context.newPage())
    const bigUrl = `${base}#/b/${bigId}`
    const smallUrl = `${base}#/b/${smallId}`
    const longUrl = `${base}#/b/${longId}`

    console.log("  first visits (from the relay)…")
    await firstVisit(page, smallUrl, smallId)
    await firstVisit(page, longUrl, longId)
    await firstVisit(page, bigUrl, bigId)
    await historyIndexKept(page, bigId)

    if (files && filesId !== undefined) {
      const filesUrl = `${base}#/b/${filesId}`
      // The covers' bytes, as the device that attached them would have sent them, while the
      // board is still unclaimed (a browser's first visit claims it). A client asks for the
      // board first, so the relay holds it (it keeps files only for boards it holds).
      const client = clientRepo(base.replace(/\/$/, ""))
      // On a loaded machine the relay can take longer to answer than a find waits: ask again.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.find(filesId)
          break
        } catch (e) {
          if (attempt === 5) throw e
          console.log(`  the relay did not give the files board yet (try ${attempt}); asking again`)
        }
      }
      for (const img of files.covers) {
        const hash = createHash("sha256").update(img).digest("hex")
        const res = await fetch(`${base}blobs/${filesId}/${hash}`, {
          method: "PUT",
          body: img as unknown as BodyInit,
          headers: { "Content-Type": "image/png" },
        })
        if (!res.ok) throw new Error(`cover upload answered ${res.status}`)
      }
      await closeRepos(client)
      await firstVisit(page, filesUrl, filesId)
      // The same board with and without files, one load of each in turn.
      const plain: { visible: number; editable: number; loaded: number }[] = []
      const withFiles: { visible: number; editable: number; loaded: number }[] = []
      // With BATON_UI_PROF, each load has its own profile, so the two boards' loads can be
      // compared side by side (open10kFiles.plain.N against open10kFiles.files.N). The order
      // swaps every pair (ABBA…): the load that comes second in a pair was the faster one
      // whichever board it was, which alone made either board look slower by turns.
      const plainLoad = async (i: number): Promise<void> => {
        plain.push(
          await profiled(page, `open10kFiles.plain.${i + 1}`, () =>
            measureOpen(page, "open10k (no files)", bigUrl, 1),
          ),
        )
      }
      const filesLoad = async (i: number): Promise<void> => {
        withFiles.push(
          await profiled(page, `open10kFiles.files.${i + 1}`, () =>
            measureOpen(page, "open10kFiles", filesUrl, 1),
          ),
        )
      }
      for (let i = 0; i < FILES_LOADS; i++) {
        if (i % 2 === 0) {
          await plainLoad(i)
          await filesLoad(i)
        } else {
          await filesLoad(i)
          await plainLoad(i)
        }
      }
      const coversLoaded = (await page.evaluate(
        `performance.getEntriesByType("resource").filter((e) => e.name.includes("/blobs/")).length`,
      )) as number
      const med = (xs: { visible: number; editable: number; loaded: number }[]) => ({
        visible: median(xs.map((x) => x.visible)),
        editable: median(xs.map((x) => x.editable)),
        loaded: median(xs.map((x) => x.loaded)),
      })
      const a = med(plain)
      const b = med(withFiles)
      const workload = `10,000 cards in 20 lists, 50,000 changes of history, with ${FILES_WORKLOAD}, stored on the device; page load, median of ${FILES_LOADS}, alternating (ABBA) with the same board without files (visible ${round(a.visible)} ms, editable ${round(a.editable)} ms in this run); ${coversLoaded} cover files fetched in the last load`
      results.push(...openFigures("open10kFiles", b, workload))
      results.push(
        {
          name: "open10kFiles.visibleRatio",
          value: round(b.visible / a.visible, 2),
          unit: "ratio",
          workload: `${workload}; with files over without; target ≤ 1.1`,
        },
        {
          name: "open10kFiles.editableRatio",
          value: round(b.editable / a.editable, 2),
          unit: "ratio",
          workload: `${workload}; with files over without; target ≤ 1.1`,
        },
        {
          name: "open10kFiles.coversFetched",
          value: coversLoaded,
          unit: "files",
          workload: `${workload}; requests to /blobs/ by the last load (covers off screen are not fetched)`,
        },
      )
    }

    if (PARTS.has("open10k")) {
      const bigOpen = await profiled(page, "open10k", () => measureOpen(page, "open10k", bigUrl, 3))
      const bigWorkload =
        "10,000 cards in 20 lists, 50,000 changes of history, stored on the device; page load of the board link, median of 3"
      results.push(...openFigures("open10k", bigOpen, bigWorkload))
    }
    if (PARTS.has("open1k")) {
      const smallOpen = await profiled(page, "open1k", () =>
        measureOpen(page, "open1k", smallUrl, 3),
      )
      const smallWorkload =
        "1,000 cards in 10 lists, 5,000 changes of history, stored on the device; page load, median of 3"
      results.push(...openFigures("open1k", smallOpen, smallWorkload))
    }

    const attempt = async <T>(what: string, f: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await f()
      } catch (e) {
        console.log(`  ${what} failed: ${e instanceof Error ? e.message : String(e)}`)
        return fallback
      }
    }
    // Typing, its baseline and moving take turns, round after round, so that a busy moment of
    // the machine falls on all three alike; each figure pools the samples of every round.
    const latency = [
      {
        part: "type",
        run: () => measureTyping(page, bigUrl),
        what: (n: number) =>
          `keydown → frame after paint, ${n} keystrokes in a card title (card dialog) on the 10,000-card board (its history index kept)`,
      },
      {
        part: "baseline",
        run: () => measureBaseline(page, bigUrl),
        what: (n: number) =>
          `keydown → frame after paint, ${n} keystrokes in the card dialog's comment box (not saved per key) on the 10,000-card board: the page's own cost of a keystroke (its history index kept)`,
      },
      {
        part: "move",
        run: () => measureMoves(page, bigUrl),
        what: (n: number) =>
          `keydown → frame after paint, ${n} Alt+↑/↓ card moves in a 500-card list of the 10,000-card board (its history index kept)`,
      },
    ].filter((l) => PARTS.has(l.part))
    const pooled = new Map<string, number[][]>(latency.map((l) => [l.part, []]))
    for (let r = 1; r <= ROUNDS; r++) {
      for (const l of latency) {
        const samples = await attempt(`${l.part} round ${r}`, l.run, [NaN])
        pooled.get(l.part)?.push(samples)
        console.log(`  ${l.part} round ${r}: p95 ${round(percentile(samples, 95))} ms`)
      }
    }
    for (const l of latency) {
      const rounds = pooled.get(l.part) ?? []
      const all = rounds.flat()
      const each = rounds.map((r) => round(percentile(r, 95))).join(", ")
      results.push(
        ...latencyFigures(
          l.part,
          all,
          `${l.what(all.length)}, ${rounds.length} rounds pooled (each round's p95: ${each} ms)`,
        ),
      )
    }
    if (PARTS.has("blank")) {
      const keys = await attempt("blank", () => measureBlank(page), [NaN])
      results.push(
        ...latencyFigures(
          "blank",
          keys,
          `keydown → frame after paint, ${keys.length} keystrokes into a lone input on an empty page: the browser's own cost of a key on this machine`,
        ),
      )
    }
    if (PARTS.has("add")) {
      const adds = await attempt("adds", () => measureAdd(page, bigUrl), [NaN])
      results.push(
        ...latencyFigures(
          "add",
          adds,
          `Enter in the list composer → frame after paint, ${adds.length} cards added to a 500-card list of the 10,000-card board`,
        ),
      )
    }
    if (PARTS.has("scroll")) {
      const scroll = await attempt(
        "scroll",
        () => profiled(page, "scroll", () => measureScroll(page, longUrl)),
        {
          p95: NaN,
          max: NaN,
          slow: NaN,
          frames: 0,
          workP95: NaN,
          workMax: NaN,
        },
      )
      const scrollWorkload = `wheel-scrolling a list of 2,000 cards for 3 s, ${scroll.frames} frames`
      results.push({
        name: "scroll.p95",
        value: round(scroll.p95),
        unit: "ms/frame",
        workload: scrollWorkload,
      })
      results.push({
        name: "scroll.max",
        value: round(scroll.max),
        unit: "ms/frame",
        workload: scrollWorkload,
      })
      results.push({
        name: "scroll.slowFrames",
        value: round(scroll.slow * 100),
        unit: "% of frames over budget (interval > 20 ms: a vsync missed)",
        workload: scrollWorkload,
      })
      results.push({
        name: "scroll.work.p95",
        value: round(scroll.workP95),
        unit: "ms/frame",
        workload: `${scrollWorkload}; a frame's work: its begin → the end of the task that drew it`,
      })
      results.push({
        name: "scroll.work.max",
        value: round(scroll.workMax),
        unit: "ms/frame",
        workload: `${scrollWorkload}; a frame's work: its begin → the end of the task that drew it`,
      })
    }
    if (PARTS.has("phone")) {
      // The board was claimed by this profile's first visit: the phone needs its edit link.
      await page.goto("about:blank")
      await page.goto(smallUrl)
      await page.getByRole("button", { name: "Share", exact: true }).click()
      const editLink = await page.getByRole("textbox", { name: "Can edit link" }).inputValue()
      await page.keyboard.press("Escape")
      const phone = await attempt("phone", () => measurePhone(editLink), {
        open: [NaN],
        switchList: [NaN],
      })
      const phoneWorkload =
        "1,000-card board on a phone: Chromium mobile emulation 390×844 (isMobile, hasTouch), 4× CPU throttling; tap → frame after its work"
      results.push(
        ...latencyFigures(
          "phone.openCard",
          phone.open,
          `${phoneWorkload}, ${phone.open.length} taps on a card (its dialog opens); target p95 < 100`,
        ),
        ...latencyFigures(
          "phone.switchList",
          phone.switchList,
          `${phoneWorkload}, ${phone.switchList.length} taps in the list switcher; target p95 < 100`,
        ),
      )
    }
  } finally {
    await context.close()
    await relay.close()
    await rm(dataDir, { recursive: true, force: true })
    await rm(profileDir, { recursive: true, force: true })
  }
  return results
}
