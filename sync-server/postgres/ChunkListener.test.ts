/**
 * A relay told of a chunk that has been compacted away before it could read it reads the
 * document's whole range instead, so its peers still get the changes; a notification for a
 * document it does not hold costs nothing.
 */
import * as A from "@automerge/automerge"
import type { AutomergeUrl } from "@automerge/automerge-repo"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import { clientRepo, closeRepos, waitFor, waitUntilRelayHas } from "../testHelpers"
import { CHUNK_CHANNEL } from "./PostgresStorage"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

let server: TestPostgres
beforeAll(async () => {
  server = await startTestPostgres()
}, 60_000)
afterAll(async () => {
  await server?.close()
})

describe("ChunkListener", () => {
  it("reloads the document when the notified chunk is gone (compacted into a snapshot)", async () => {
    const databaseUrl = await server.createDatabase()
    const relay = await createRelay({
      port: 0,
      dataDir: "/nonexistent-unused",
      databaseUrl,
      staticDir: null,
      logLevel: "error",
    })
    const peer = clientRepo(relay.url)
    const db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
    try {
      const handle = peer.create<{ cards: string[] }>({ cards: ["first"] })
      await waitUntilRelayHas(peer, handle)

      // Another relay's write, as it stands after that relay compacted: the change is only in
      // a snapshot, and the incremental chunk it notified about no longer exists.
      const elsewhere = A.change(A.clone(handle.doc()), (d) => void d.cards.push("from elsewhere"))
      const documentId = handle.documentId
      await db.query(
        "INSERT INTO baton_chunks (key, doc, kind, data) VALUES ($1, $2, 'snapshot', $3)",
        [
          JSON.stringify([documentId, "snapshot", "compacted"]),
          documentId,
          Buffer.from(A.save(elsewhere)),
        ],
      )
      await db.query("SELECT pg_notify($1, $2)", [
        CHUNK_CHANNEL,
        JSON.stringify({ r: "another-relay", k: [documentId, "incremental", "gone"], b: null }),
      ])
      // And one about a document this relay does not hold: ignored.
      await db.query("SELECT pg_notify($1, $2)", [
        CHUNK_CHANNEL,
        JSON.stringify({ r: "another-relay", k: ["NotHeldHere", "incremental", "x"], b: null }),
      ])

      await waitFor(
        () => handle.doc().cards.includes("from elsewhere"),
        "the peer to get the change read back from the snapshot",
      )
      const metrics = await (await fetch(`${relay.url}/metrics`)).text()
      expect(metrics).toMatch(/^baton_relay_document_reloads_total 1$/m)
      expect(metrics).toMatch(/^baton_relay_peer_notifications_total 2$/m)
      expect(metrics).toMatch(/^baton_relay_peer_notifications_applied_total 1$/m)
      const again = clientRepo(relay.url)
      const copy = await again.find<{ cards: string[] }>(handle.url as AutomergeUrl)
      expect(copy.doc().cards).toEqual(["first", "from elsewhere"])
      await closeRepos(again)
    } finally {
      await db.end()
      await closeRepos(peer)
      await relay.close()
    }
  })
})
