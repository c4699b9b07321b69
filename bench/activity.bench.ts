/**
 * The board activity feed on the catch-up workload (10,000 cards, 50,000 changes: see
 * bench/catchupWorkload.ts): time to the first page of entries, with and without old and new
 * values, and a filter matching few entries read under a 50 ms slice budget.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as A from "@automerge/automerge"
import { ActivityFeed, ActivityReader, describeEntry } from "../src/model/catchup"
import type { Board } from "../src/model/types"
import type { BenchSuite } from "./types"
import { generate } from "./catchupWorkload"

const dir = join(dirname(fileURLToPath(import.meta.url)), ".cache")
const KEY = "activity-10000-50000-v1"
const PAGE = 40

const suite: BenchSuite = () => {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, KEY)
  let doc: A.Doc<Board>
  if (existsSync(file)) doc = A.load<Board>(new Uint8Array(readFileSync(file)))
  else {
    doc = generate().doc
    writeFileSync(file, A.save(doc))
  }
  const total = A.getChangesMetaSince(doc, []).length
  const workload = `10000 cards, 20 lists, ${total} changes in history`
  const names = { member: (id: string) => id, list: (id: string) => id, label: (id: string) => id }
  const t0 = performance.now()
  const feed = new ActivityFeed(new ActivityReader(doc))
  feed.more(PAGE)
  const firstPage = performance.now() - t0
  for (const e of feed.entries)
    if (e.cardId !== null) describeEntry(doc, e.cardId, e, names, "UTC", Date.now())
  const withValues = performance.now() - t0
  // A member with few changes: read in slices of at most 50 ms until a page or the end.
  const t1 = performance.now()
  const rare = new ActivityFeed(new ActivityReader(doc), { memberId: "nobody" })
  let longest = 0
  let slices = 0
  for (let i = 0; i < 5 && !rare.done; i++) {
    const s = performance.now()
    rare.more(PAGE, 50, () => performance.now())
    longest = Math.max(longest, performance.now() - s)
    slices++
  }
  const rareMs = performance.now() - t1
  return Promise.resolve([
    {
      name: "firstPage",
      value: Number(firstPage.toFixed(1)),
      unit: "ms",
      workload: `${workload}; reader over the current heads and the first ${PAGE} entries, newest first`,
    },
    {
      name: "firstPageWithValues",
      value: Number(withValues.toFixed(1)),
      unit: "ms",
      workload: `${workload}; first ${PAGE} entries and their old and new values`,
    },
    {
      name: "longestSlice",
      value: Number(longest.toFixed(1)),
      unit: "ms",
      workload: `${workload}; a filter matching nothing, ${slices} slices of a 50 ms budget (${rare.read.length} entries read in ${Math.round(rareMs)} ms)`,
    },
  ])
}
export default suite
