/**
 * Three relay processes on one PostgreSQL database behind a real nginx: peers on different
 * relays share boards live (stock automerge-repo clients and Baton's own client), a relay
 * killed with SIGKILL loses nothing a peer had received, and a relay whose listening
 * connection is cut misses nothing.
 */
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clientRepo, closeRepos, waitFor, waitUntilRelayHas } from "../testHelpers"
import { startTestNginx } from "./testNginx"
import type { TestNginx } from "./testNginx"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"
import { batonClientRepo, relayPidOf, startRelayProcess } from "./testRelays"
import type { RelayProcess } from "./testRelays"

interface Board {
  cards: string[]
}

let server: TestPostgres
let databaseUrl: string
let relays: RelayProcess[] = []
let nginx: TestNginx
const repos: Repo[] = []

beforeAll(async () => {
  server = await startTestPostgres()
  databaseUrl = await server.createDatabase()
  // Started together on an empty database: their migrations must not race.
  relays = await Promise.all([0, 1, 2].map(() => startRelayProcess(databaseUrl)))
  nginx = await startTestNginx(relays.map((r) => r.address))
}, 60_000)

afterAll(async () => {
  await closeRepos(...repos)
  await nginx?.close()
  await Promise.all(relays.map((r) => r.stop()))
  await server?.close()
})

function track<T extends Repo>(repo: T): T {
  repos.push(repo)
  return repo
}

async function connected(repo: Repo): Promise<number> {
  await waitFor(() => relayPidOf(repo) !== null, "the client to join a relay")
  return relayPidOf(repo)!
}

const cardCount = (h: DocHandle<Board>): number => h.doc()?.cards.length ?? 0

describe("three relays on one database behind nginx", () => {
  it("peers on different relays, stock and Baton clients, share a board live", async () => {
    // nginx balances round robin: three clients in a row land on three relays.
    const stockA = track(clientRepo(nginx.url))
    const pidA = await connected(stockA)
    const baton = batonClientRepo(nginx.url)
    track(baton.repo)
    const pidB = await connected(baton.repo)
    const stockC = track(clientRepo(nginx.url))
    const pidC = await connected(stockC)
    expect(new Set([pidA, pidB, pidC]).size).toBe(3)

    const handle = stockA.create<Board>({ cards: [] })
    await waitUntilRelayHas(stockA, handle)
    const onB = await baton.repo.find<Board>(handle.url)
    const onC = await stockC.find<Board>(handle.url as AutomergeUrl)

    handle.change((d) => void d.cards.push("from A"))
    await waitFor(() => cardCount(onB) === 1 && cardCount(onC) === 1, "A's edit on B and C")
    onB.change((d) => void d.cards.push("from Baton's client"))
    await waitFor(() => cardCount(handle) === 2 && cardCount(onC) === 2, "B's edit on A and C")
    onC.change((d) => void d.cards.push("from C"))
    await waitFor(() => cardCount(handle) === 3 && cardCount(onB) === 3, "C's edit on A and B")
    expect(onB.doc().cards).toEqual(handle.doc().cards)
    expect(onC.doc().cards).toEqual(handle.doc().cards)
  })

  it("SIGKILL of the writer's relay after a peer received 500 edits loses none of them", async () => {
    const writer = track(clientRepo(nginx.url))
    const writerRelayPid = await connected(writer)
    const victim = relays.find((r) => r.pid === writerRelayPid)!
    const others = relays.filter((r) => r !== victim)
    const reader = track(clientRepo(others[0]!.url))
    await connected(reader)

    const handle = writer.create<Board>({ cards: [] })
    await waitUntilRelayHas(writer, handle)
    const copy = await reader.find<Board>(handle.url as AutomergeUrl)
    for (let i = 0; i < 500; i++) {
      handle.change((d) => void d.cards.push(`edit ${i}`))
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5))
    }
    await waitFor(() => cardCount(copy) === 500, "the reader to receive 500 edits", 30_000)
    await victim.kill()
    relays = others

    // Unsent changes made while the writer is cut off go out through another relay.
    handle.change((d) => void d.cards.push("after the crash"))
    await waitFor(
      () => relayPidOf(writer) !== null && relayPidOf(writer) !== writerRelayPid,
      "the writer to reconnect through nginx",
      20_000,
    )
    await waitUntilRelayHas(writer, handle, 20_000)

    const fresh = track(clientRepo(others[1]!.url))
    const found = await fresh.find<Board>(handle.url as AutomergeUrl)
    await waitFor(() => cardCount(found) === 501, "the fresh client to see every edit", 20_000)
    const cards = found.doc().cards
    for (let i = 0; i < 500; i++) expect(cards).toContain(`edit ${i}`)
    expect(cards).toContain("after the crash")
    // The survivors' nginx still serves.
    expect((await fetch(`${nginx.url}/healthz`)).status).toBe(200)
  })

  it("pg_terminate_backend of a relay's listening connection while edits flow misses nothing", async () => {
    const [relayA, relayB] = relays as [RelayProcess, RelayProcess]
    const writer = track(clientRepo(relayA.url))
    const reader = track(clientRepo(relayB.url))
    await connected(writer)
    await connected(reader)
    const handle = writer.create<Board>({ cards: [] })
    await waitUntilRelayHas(writer, handle)
    const copy = await reader.find<Board>(handle.url as AutomergeUrl)

    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    const listenerPid = async (): Promise<number | null> => {
      const r = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
        [`baton-listener:${relayB.pid}`],
      )
      return r.rows[0]?.pid ?? null
    }
    try {
      const before = await listenerPid()
      expect(before).not.toBeNull()
      let cut = false
      for (let i = 0; i < 200; i++) {
        handle.change((d) => void d.cards.push(`edit ${i}`))
        if (i === 60) {
          await admin.query("SELECT pg_terminate_backend($1)", [before])
          cut = true
        }
        await new Promise((r) => setTimeout(r, 2))
      }
      expect(cut).toBe(true)
      await waitFor(
        () => cardCount(copy) === 200,
        "the reader on the other relay to get all 200",
        20_000,
      )
      // The relay noticed, listened again on a new connection, and caught up.
      const after = await listenerPid()
      expect(after).not.toBeNull()
      expect(after).not.toBe(before)
      const metrics = await (await fetch(`${relayB.url}/metrics`)).text()
      expect(metrics).toMatch(/^baton_relay_listener_drops_total [1-9]/m)
      expect(metrics).toMatch(/^baton_relay_catch_up_documents_total [1-9]/m)
    } finally {
      await admin.end()
    }
  })
})
