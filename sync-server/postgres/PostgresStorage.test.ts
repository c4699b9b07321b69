/**
 * The PostgreSQL storage on a real server: automerge-repo's own storage adapter acceptance
 * tests, migrations that do not race, commits that carry their notification, and a repo that
 * reads back what another repo wrote.
 */
import { Repo } from "@automerge/automerge-repo"
import type { AutomergeUrl } from "@automerge/automerge-repo"
import { runStorageAdapterTests } from "@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createLogger } from "../log"
import { RelayMetrics } from "../metrics"
import { migrate, MIGRATIONS } from "./migrations"
import { CHUNK_CHANNEL, PostgresStorage } from "./PostgresStorage"
import type { ChunkNotice } from "./PostgresStorage"
import { PostgresMetrics } from "./PostgresMetrics"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

let server: TestPostgres
const pools: pg.Pool[] = []

beforeAll(async () => {
  server = await startTestPostgres()
}, 60_000)
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()))
  await server?.close()
})

async function freshStorage(
  instanceId = "test",
): Promise<{ storage: PostgresStorage; url: string; pool: pg.Pool }> {
  const url = await server.createDatabase()
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  pools.push(pool)
  const client = await pool.connect()
  try {
    await migrate(client)
  } finally {
    client.release()
  }
  const storage = new PostgresStorage(
    pool,
    instanceId,
    createLogger("error", () => undefined),
    new RelayMetrics(),
    new PostgresMetrics(),
  )
  return { storage, url, pool }
}

runStorageAdapterTests(async () => {
  const { storage } = await freshStorage()
  // The migration stores the shared storage id; the acceptance tests expect an empty store.
  await storage.removeRange(["storage-adapter-id"])
  return { adapter: storage }
}, "PostgresStorage")

describe("migrations", () => {
  it("five relays migrating one empty database at once apply each migration exactly once", async () => {
    const url = await server.createDatabase()
    const clients = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        return c
      }),
    )
    try {
      const results = await Promise.all(clients.map((c) => migrate(c)))
      const applied = results.flatMap((r) => r.applied)
      expect(applied.sort()).toEqual(MIGRATIONS.map((m) => m.version).sort())
      for (const r of results) expect(r.version).toBe(MIGRATIONS.at(-1)!.version)
      const rows = await clients[0]!.query("SELECT version FROM baton_schema_migrations")
      expect(rows.rowCount).toBe(MIGRATIONS.length)
      const ids = await clients[0]!.query(
        `SELECT data FROM baton_chunks WHERE doc = 'storage-adapter-id'`,
      )
      expect(ids.rowCount).toBe(1)
    } finally {
      await Promise.all(clients.map((c) => c.end()))
    }
  })

  it("without the lock, the same five would race (the test can tell)", async () => {
    // The same migration without the advisory lock: concurrent CREATE TABLEs collide.
    const url = await server.createDatabase()
    const clients = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        return c
      }),
    )
    try {
      const outcomes = await Promise.allSettled(
        clients.map(async (c) => {
          await c.query("SELECT pg_sleep(0.05)")
          await c.query(MIGRATIONS[0]!.sql)
        }),
      )
      expect(outcomes.filter((o) => o.status === "rejected").length).toBeGreaterThan(0)
    } finally {
      await Promise.all(clients.map((c) => c.end()))
    }
  })

  it("a second start finds nothing to do", async () => {
    const url = await server.createDatabase()
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      expect((await migrate(c)).applied.length).toBe(MIGRATIONS.length)
      expect((await migrate(c)).applied).toEqual([])
    } finally {
      await c.end()
    }
  })
})

describe("PostgresStorage", () => {
  it("notifies other relays of a new chunk once committed, and not of an unchanged one", async () => {
    const { storage, url } = await freshStorage("writer")
    const listener = new pg.Client({ connectionString: url })
    await listener.connect()
    const notices: ChunkNotice[] = []
    listener.on("notification", (n) => notices.push(JSON.parse(n.payload!) as ChunkNotice))
    await listener.query(`LISTEN ${CHUNK_CHANNEL}`)
    try {
      const data = new Uint8Array([1, 2, 3])
      await storage.save(["doc1", "incremental", "h1"], data)
      await storage.save(["doc1", "sync-state", "peer"], data)
      await expect.poll(() => notices.length).toBe(1)
      expect(notices[0]).toMatchObject({ r: "writer", k: ["doc1", "incremental", "h1"] })
      expect(Buffer.from(notices[0]!.b!, "base64")).toEqual(Buffer.from(data))
      // The same bytes again (another relay storing a chunk it was told of): no notification.
      await storage.save(["doc1", "incremental", "h1"], data)
      await storage.save(["doc1", "incremental", "h2"], new Uint8Array(20_000))
      await expect.poll(() => notices.length).toBe(2)
      expect(notices[1]).toMatchObject({ k: ["doc1", "incremental", "h2"], b: null })
    } finally {
      await listener.end()
    }
  })

  it("a repo reads back the document another repo stored", async () => {
    const { storage, pool } = await freshStorage()
    const a = new Repo({ storage })
    const handle = a.create<{ cards: string[] }>({ cards: [] })
    for (let i = 0; i < 30; i++) handle.change((d) => void d.cards.push(`card ${i}`))
    await a.flush()
    const heads = handle.heads()
    const other = new PostgresStorage(
      pool,
      "other",
      createLogger("error", () => undefined),
      new RelayMetrics(),
      new PostgresMetrics(),
    )
    const b = new Repo({ storage: other })
    const copy = await b.find<{ cards: string[] }>(handle.url as AutomergeUrl)
    expect(copy.heads()).toEqual(heads)
    expect(copy.doc().cards.length).toBe(30)
    await a.shutdown()
    await b.shutdown()
  })
})
