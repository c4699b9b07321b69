/**
 * `npm run relay:migrate`: a file relay's documents and attachment files copied into
 * PostgreSQL read back with the same heads and bytes on a PostgreSQL relay; running it again
 * copies nothing; a corrupt chunk or file is reported and skipped without stopping the rest.
 */
import { execFile } from "node:child_process"
import { createHash, randomBytes } from "node:crypto"
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { parseAutomergeUrl } from "@automerge/automerge-repo"
import type { AutomergeUrl } from "@automerge/automerge-repo"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import { clientRepo, closeRepos, sameHeads, waitUntilRelayHas } from "../testHelpers"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

const run = promisify(execFile)
const root = join(import.meta.dirname, "..", "..")

let server: TestPostgres
let dir: string
beforeAll(async () => {
  server = await startTestPostgres()
  dir = await mkdtemp(join(tmpdir(), "baton-migrate-"))
}, 60_000)
afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

async function migrateCli(from: string, to: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "sync-server/postgres/migrateFiles.ts"),
      "--from",
      from,
      "--to",
      to,
    ],
    { cwd: root },
  )
  return stdout
}

describe("relay:migrate", () => {
  it("copies a file relay's documents with the same heads, idempotently", async () => {
    const dataDir = join(dir, "data")
    const fileRelay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "error" })
    const writer = clientRepo(fileRelay.url)
    const boards: { url: AutomergeUrl; heads: string[]; cards: number }[] = []
    for (let b = 0; b < 5; b++) {
      const h = writer.create<{ cards: string[] }>({ cards: [] })
      for (let i = 0; i <= b * 10; i++) h.change((d) => void d.cards.push(`card ${i}`))
      await waitUntilRelayHas(writer, h)
      boards.push({ url: h.url, heads: h.heads(), cards: b * 10 + 1 })
    }
    await closeRepos(writer)
    // An attached file, uploaded as a client does, and one whose bytes were damaged on disk.
    const documentId = parseAutomergeUrl(boards[0]!.url).documentId
    const file = new Uint8Array(randomBytes(1_500_000))
    const fileSha = createHash("sha256").update(file).digest("hex")
    const up = await fetch(`${fileRelay.url}/blobs/${documentId}/${fileSha}`, {
      method: "PUT",
      body: file as unknown as BodyInit,
      headers: { "Content-Type": "image/png" },
    })
    expect(up.status).toBe(201)
    await fileRelay.close()
    await writeFile(join(dataDir, "blobs", documentId, "ab".repeat(32)), "not these bytes")
    // A damaged chunk next to a good document: reported, skipped, the rest still copied.
    const broken = join(dataDir, "zz", "brokenDocument", "incremental")
    await mkdir(broken, { recursive: true })
    await writeFile(join(broken, "deadbeef"), "not automerge")

    const databaseUrl = await server.createDatabase()
    const first = await migrateCli(dataDir, databaseUrl)
    expect(first).toMatch(/^migrating 6 documents from /m)
    expect(first).toMatch(/6\/6 documents/)
    const done =
      /done: 6 documents, (\d+) chunks copied, 0 already in the database, 1 unreadable skipped/.exec(
        first,
      )
    expect(done).not.toBeNull()
    expect(first).toMatch(/files: 1 copied, 0 already in the database, 1 unreadable skipped/)
    expect(first).toMatch(new RegExp(`warning: file ${documentId}/${"ab".repeat(32)} not copied`))
    const copied = Number(done![1])
    expect(copied).toBeGreaterThanOrEqual(5)

    const again = await migrateCli(dataDir, databaseUrl)
    expect(again).toMatch(
      new RegExp(`done: 6 documents, 0 chunks copied, ${copied} already in the database`),
    )
    expect(again).toMatch(/files: 0 copied, 1 already in the database, 1 unreadable skipped/)

    const pgRelay = await createRelay({
      port: 0,
      dataDir: "/nonexistent-unused",
      databaseUrl,
      staticDir: null,
      logLevel: "error",
    })
    const reader = clientRepo(pgRelay.url)
    try {
      for (const board of boards) {
        const h = await reader.find<{ cards: string[] }>(board.url)
        expect(sameHeads(h.heads(), board.heads)).toBe(true)
        expect(h.doc().cards.length).toBe(board.cards)
      }
      const got = await fetch(`${pgRelay.url}/blobs/${documentId}/${fileSha}`)
      expect(got.status).toBe(200)
      expect(got.headers.get("content-type")).toBe("image/png")
      const bytes = new Uint8Array(await got.arrayBuffer())
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(fileSha)
    } finally {
      await closeRepos(reader)
      await pgRelay.close()
    }
  })
})
