/**
 * The hostile-frame tests (../hostile.test.ts), every one of them, against a relay on
 * PostgreSQL: bad frames close only the offending connection, and well-behaved peers keep
 * syncing, as they do on the file relay.
 */
import pg from "pg"
import { afterAll, expect, it } from "vitest"
import { hostileRelayTarget } from "./hostileRelayTarget"
import { startTestPostgres } from "./testPostgres"

const server = await startTestPostgres()
const databaseUrl = await server.createDatabase()
hostileRelayTarget.databaseUrl = databaseUrl
// Registered before hostile.test.ts's own hooks, so it runs after its relay has closed.
afterAll(() => server.close())

await import("../hostile.test")

it("kept the well-behaved peers' documents in the database, not in files", async () => {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const res = await client.query<{ n: string }>(
      "SELECT count(DISTINCT doc) AS n FROM baton_chunks WHERE kind IN ('snapshot', 'incremental')",
    )
    expect(Number(res.rows[0]!.n)).toBeGreaterThan(0)
  } finally {
    await client.end()
  }
})
