/**
 * "Acknowledged only once stored", from the writer's side: the moment the relay tells a
 * writer it holds the writer's heads, another reader of the same storage (the data directory,
 * or the database) already finds them. This covers a document's very first changes, whose
 * acknowledgement the repo sends from inside its update of the document.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import type { AutomergeUrl, StorageAdapterInterface } from "@automerge/automerge-repo"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import type { RelayOptions } from "../createRelay"
import { createLogger } from "../log"
import { RelayMetrics } from "../metrics"
import { clientRepo, closeRepos, sameHeads, waitUntilRelayHas } from "../testHelpers"
import { PostgresMetrics } from "./PostgresMetrics"
import { PostgresStorage } from "./PostgresStorage"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

let server: TestPostgres
beforeAll(async () => {
  server = await startTestPostgres()
}, 60_000)
afterAll(async () => {
  await server?.close()
})

async function expectAckedMeansStored(
  options: RelayOptions,
  readStorage: () => StorageAdapterInterface,
): Promise<void> {
  const relay = await createRelay({ port: 0, staticDir: null, logLevel: "error", ...options })
  const writer = clientRepo(relay.url)
  try {
    const handle = writer.create<{ n: number }>({ n: 0 })
    for (let round = 0; round < 5; round++) {
      if (round > 0) handle.change((d) => void (d.n = round))
      await waitUntilRelayHas(writer, handle)
      // A separate repo on the same storage, created after the acknowledgement.
      const other = new Repo({ storage: readStorage() })
      const stored = await other.find<{ n: number }>(handle.url as AutomergeUrl)
      expect(sameHeads(stored.heads(), handle.heads())).toBe(true)
      await other.shutdown()
    }
  } finally {
    await closeRepos(writer)
    await relay.close()
  }
}

describe("a writer is acknowledged only once its changes are stored", () => {
  it("file relay", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-ack-"))
    try {
      await expectAckedMeansStored({ dataDir: dir }, () => new NodeFSStorageAdapter(dir))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it("PostgreSQL relay", async () => {
    const databaseUrl = await server.createDatabase()
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
    try {
      await expectAckedMeansStored(
        { dataDir: "/nonexistent-unused", databaseUrl },
        () =>
          new PostgresStorage(
            pool,
            "reader",
            createLogger("error", () => undefined),
            new RelayMetrics(),
            new PostgresMetrics(),
          ),
      )
    } finally {
      await pool.end()
    }
  })
})
