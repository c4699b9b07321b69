/**
 * Durable before forwarded: once a second client has received edits through the relay, a
 * SIGKILL of the relay process cannot lose them.
 */
import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import {
  clientRepo,
  closeRepos,
  spawnRelay as spawnRelayChild,
  waitFor,
  waitUntilRelayHas,
} from "./testHelpers"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

const spawnRelay = (dataDir: string) => spawnRelayChild(dataDir, cleanups)

interface Board {
  cards: string[]
  title: string
}

describe("durability", () => {
  it("keeps every edit a second client has received when the relay is killed with SIGKILL", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-durable-"))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const first = await spawnRelay(dataDir)

    const a = clientRepo(first.url)
    const b = clientRepo(first.url)
    cleanups.push(() => closeRepos(a, b))
    const ha = a.create<Board>({ cards: [], title: "Q3" })
    await waitUntilRelayHas(a, ha)
    const hb = await b.find<Board>(ha.url)

    // A paced stream of separate changes (workload pacing, not a wait for a condition), so
    // the last ones reach B while the relay is busiest.
    for (let i = 0; i < 120; i++) {
      ha.change((d) => {
        d.cards.push(`card ${i}`)
      })
      if (i % 3 === 2) await new Promise((r) => setTimeout(r, 20))
    }
    ha.change((d) => {
      d.title = "Q3 final"
    })
    await waitFor(
      () => hb.doc().title === "Q3 final" && hb.doc().cards.length === 120,
      "B to receive every edit",
    )
    // Kill the relay the moment B has everything: no graceful flush.
    first.child.kill("SIGKILL")
    await new Promise((r) => first.child.once("exit", r))
    const seenByB = hb.doc()

    const second = await spawnRelay(dataDir)
    const c = clientRepo(second.url)
    cleanups.push(() => closeRepos(c))
    const hc = await c.find<Board>(ha.url)
    expect(hc.doc()).toEqual(seenByB)
    expect(hc.doc().cards).toHaveLength(120)
  })

  it("skips a corrupt stored chunk, logs it, and keeps serving the document's other chunks and other documents", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-corrupt-"))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const lines: string[] = []
    let relay = await createRelay({
      port: 0,
      dataDir,
      staticDir: null,
      logLevel: "warn",
      log: (l) => lines.push(l),
    })
    const a = clientRepo(relay.url)
    const good = a.create<Board>({ cards: ["kept"], title: "good" })
    const other = a.create<Board>({ cards: ["x"], title: "other" })
    await waitUntilRelayHas(a, good)
    await waitUntilRelayHas(a, other)
    await closeRepos(a)
    await relay.close()

    // A torn/garbage chunk beside the good snapshot of one document.
    const id = good.documentId
    const docDir = join(dataDir, id.slice(0, 2), id.slice(2))
    await mkdir(join(docDir, "incremental"), { recursive: true })
    await writeFile(
      join(docDir, "incremental", "deadbeef"),
      Buffer.from("this is not an automerge chunk"),
    )
    expect((await readdir(join(docDir, "incremental"))).length).toBeGreaterThan(0)

    relay = await createRelay({
      port: 0,
      dataDir,
      staticDir: null,
      logLevel: "warn",
      log: (l) => lines.push(l),
    })
    cleanups.push(() => relay.close())
    const c = clientRepo(relay.url)
    cleanups.push(() => closeRepos(c))
    const hGood = await c.find<Board>(good.url)
    expect(hGood.doc()).toEqual({ cards: ["kept"], title: "good" })
    const hOther = await c.find<Board>(other.url)
    expect(hOther.doc().title).toBe("other")
    expect(
      lines.some((l) => l.includes("corrupt stored chunk skipped") && l.includes("deadbeef")),
    ).toBe(true)
  })
})
