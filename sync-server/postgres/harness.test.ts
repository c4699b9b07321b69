/**
 * The test harness itself: a throwaway PostgreSQL that answers queries, gives each test its
 * own database, and survives a stop and start; an nginx that proxies HTTP to a backend.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestNginx } from "./testNginx"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

let server: TestPostgres

beforeAll(async () => {
  // Its own cluster even when BATON_TEST_DATABASE_URL is set: the test restarts it.
  server = await startTestPostgres({ own: true })
}, 60_000)
afterAll(async () => {
  await server?.close()
})

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe("test PostgreSQL", () => {
  it("gives each test an empty database of its own", async () => {
    const a = await server.createDatabase()
    const b = await server.createDatabase()
    expect(a).not.toBe(b)
    await query(a, "CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
    expect(await query(a, "SELECT x FROM t")).toEqual([{ x: 1 }])
    await expect(query(b, "SELECT x FROM t")).rejects.toThrow(/does not exist/)
  })

  it("keeps committed rows across a restart", async () => {
    const url = await server.createDatabase()
    await query(url, "CREATE TABLE t (x int); INSERT INTO t VALUES (7)")
    await server.stop()
    await expect(query(url, "SELECT 1")).rejects.toThrow()
    await server.start()
    expect(await query(url, "SELECT x FROM t")).toEqual([{ x: 7 }])
  })
})

describe("test nginx", () => {
  it("proxies to the backend it was given", async () => {
    const backend = createServer((_req, res) => res.end("from the backend"))
    await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r))
    const port = (backend.address() as AddressInfo).port
    const nginx = await startTestNginx([`127.0.0.1:${port}`])
    try {
      const res = await fetch(`${nginx.url}/anything`)
      expect(await res.text()).toBe("from the backend")
    } finally {
      await nginx.close()
      backend.close()
    }
  })
})
