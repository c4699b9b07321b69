/**
 * The database goes away and comes back (a real PostgreSQL stopped and started while clients
 * edit): `/healthz` says 503 with the reason and `/metrics` says so, the relay acknowledges
 * nothing it has not committed, a file sent or asked for meanwhile gets a 503 that says why,
 * and once the database is back it carries on by itself and nothing is lost. A relay started while the database is unreachable says so and waits.
 */
import { parseAutomergeUrl } from "@automerge/automerge-repo"
import type { AutomergeUrl, DocHandle, Repo } from "@automerge/automerge-repo"
import { createHash, randomBytes } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { clientRepo, closeRepos, sameHeads, waitFor, waitUntilRelayHas } from "../testHelpers"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

interface Board {
  cards: string[]
}

let server: TestPostgres
const relays: Relay[] = []
const repos: Repo[] = []

beforeAll(async () => {
  // Its own cluster even when BATON_TEST_DATABASE_URL is set: the tests stop and start it.
  server = await startTestPostgres({ own: true })
}, 60_000)

afterAll(async () => {
  await closeRepos(...repos)
  for (const r of relays) await r.close()
  await server?.close()
})

async function pgRelay(databaseUrl: string, log?: (line: string) => void): Promise<Relay> {
  const relay = await createRelay({
    port: 0,
    dataDir: "/nonexistent-unused",
    databaseUrl,
    staticDir: null,
    logLevel: "warn",
    log: log ?? (() => undefined),
  })
  relays.push(relay)
  return relay
}

async function health(relay: Relay): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${relay.url}/healthz`)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function waitForHealth(relay: Relay, status: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await health(relay)).status !== status) {
    if (Date.now() > deadline) throw new Error(`healthz never answered ${status}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The heads the relay has acknowledged to `repo` for `handle`. */
function acknowledged(repo: Repo, handle: DocHandle<unknown>): string[] | null {
  for (const peer of repo.peers) {
    const storageId = repo.getStorageIdOfPeer(peer)
    const info = storageId ? handle.getSyncInfo(storageId) : undefined
    if (info) return info.lastHeads
  }
  return null
}

const cardCount = (h: DocHandle<Board>): number => h.doc()?.cards.length ?? 0

describe("the database goes away and comes back", () => {
  it("holds acknowledgements, reports 503, recovers by itself and loses nothing", async () => {
    const databaseUrl = await server.createDatabase()
    const a = await pgRelay(databaseUrl)
    const b = await pgRelay(databaseUrl)
    const writer = clientRepo(a.url)
    const reader = clientRepo(b.url)
    repos.push(writer, reader)
    const handle = writer.create<Board>({ cards: [] })
    await waitUntilRelayHas(writer, handle)
    const copy = await reader.find<Board>(handle.url as AutomergeUrl)
    for (let i = 0; i < 20; i++) handle.change((d) => void d.cards.push(`before ${i}`))
    await waitFor(() => cardCount(copy) === 20, "the reader to get the first 20 edits")
    await waitUntilRelayHas(writer, handle)
    expect((await health(a)).status).toBe(200)

    await server.stop()
    await waitForHealth(a, 503)
    const down = await health(a)
    expect(down.body.status).toBe("unavailable")
    expect(String(down.body.reason)).toMatch(/database/)
    const metrics = await (await fetch(`${a.url}/metrics`)).text()
    expect(metrics).toMatch(/^baton_relay_database_listening 0$/m)

    const ackedBefore = acknowledged(writer, handle)
    for (let i = 0; i < 20; i++) handle.change((d) => void d.cards.push(`during ${i}`))
    // Give the relay every chance to acknowledge early; it must not.
    await new Promise((r) => setTimeout(r, 1500))
    expect(sameHeads(acknowledged(writer, handle) ?? [], ackedBefore ?? [])).toBe(true)
    expect(sameHeads(acknowledged(writer, handle) ?? [], handle.heads())).toBe(false)
    expect((await health(a)).status).toBe(503)
    const downMetrics = await (await fetch(`${a.url}/metrics`)).text()
    expect(downMetrics).toMatch(/^baton_relay_database_up 0$/m)

    // A file attached meanwhile: refused with the reason, to be sent again; nothing half-kept.
    const file = new Uint8Array(randomBytes(300_000))
    const filePath = `/blobs/${parseAutomergeUrl(handle.url).documentId}/${createHash("sha256").update(file).digest("hex")}`
    const send = (relay: Relay): Promise<Response> =>
      fetch(relay.url + filePath, {
        method: "PUT",
        body: file as unknown as BodyInit,
        headers: { "Content-Type": "image/png" },
      })
    const refused = await send(a)
    expect(refused.status).toBe(503)
    expect(refused.headers.get("retry-after")).toBe("5")
    expect(((await refused.json()) as { error: string }).error).toMatch(/database is unavailable/)
    const asked = await fetch(b.url + filePath)
    expect(asked.status).toBe(503)

    await server.start()
    await waitForHealth(a, 200)
    await waitForHealth(b, 200)
    expect((await send(a)).status).toBe(201)
    const served = await fetch(b.url + filePath)
    expect(served.status).toBe(200)
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), Buffer.from(file))).toBe(0)
    await waitUntilRelayHas(writer, handle, 20_000)
    await waitFor(
      () => cardCount(copy) === 40,
      "the reader to get the edits made meanwhile",
      20_000,
    )

    // A relay that never saw any of this reads every edit from the database.
    const c = await pgRelay(databaseUrl)
    const fresh = clientRepo(c.url)
    repos.push(fresh)
    const found = await fresh.find<Board>(handle.url as AutomergeUrl)
    expect(found.doc().cards.length).toBe(40)
    expect(sameHeads(found.heads(), handle.heads())).toBe(true)
  })

  it("a relay started while the database is unreachable says so and starts once it is back", async () => {
    const databaseUrl = await server.createDatabase()
    await server.stop()
    const lines: string[] = []
    let started = false
    const starting = pgRelay(databaseUrl, (l) => lines.push(l)).then((r) => {
      started = true
      return r
    })
    await waitFor(() => lines.length > 0, "the relay to report the unreachable database")
    const first = JSON.parse(lines[0]!) as { level: string; msg: string }
    expect(first.level).toBe("warn")
    expect(first.msg).toMatch(
      /^database postgres:\/\/baton@127\.0\.0\.1:\d+\/\w+ unreachable \(.+\); retrying in [\d.]+ s$/,
    )
    await waitFor(() => lines.length >= 2, "a second attempt (backoff)")
    expect(started).toBe(false)
    await server.start()
    const relay = await starting
    expect((await health(relay)).status).toBe(200)
  })
})
