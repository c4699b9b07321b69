/**
 * Attachment bytes on PostgreSQL: the store itself (parts, ranges across them, refused bodies
 * leaving nothing, two uploads of one file at once, a dead relay's upload swept), and two
 * relay processes with separate data directories on one database: a file uploaded through one
 * is served by the other, and an upload cut by SIGKILL is never served.
 */
import { parseAutomergeUrl } from "@automerge/automerge-repo"
import { createHash, randomBytes } from "node:crypto"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Readable } from "node:stream"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fixtureBoard } from "../../src/model/testkit"
import { BlobError } from "../blobs/FileBlobStore"
import { clientRepo, closeRepos, waitUntilRelayHas } from "../testHelpers"
import { migrate } from "./migrations"
import { PART_BYTES, PostgresBlobStore, STALE_UPLOAD_MS } from "./PostgresBlobStore"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"
import { startRelayProcess } from "./testRelays"

let server: TestPostgres
let pool: pg.Pool
let store: PostgresBlobStore
let clock = Date.now()

beforeAll(async () => {
  server = await startTestPostgres()
  pool = new pg.Pool({ connectionString: await server.createDatabase(), max: 4 })
  const c = await pool.connect()
  await migrate(c)
  c.release()
  store = new PostgresBlobStore(pool, () => clock)
  await store.start()
}, 60_000)

afterAll(async () => {
  await pool?.end()
  await server?.close()
})

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex")
const BOARD = "2ceVbTyJ6nB1wM3kL9bQx1pXoWjz"

async function* inPieces(bytes: Uint8Array, piece = 100_000): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.byteLength; i += piece)
    yield Buffer.from(bytes.subarray(i, Math.min(bytes.byteLength, i + piece)))
}

async function readAll(stream: Readable): Promise<Buffer> {
  const out: Buffer[] = []
  for await (const chunk of stream) out.push(chunk as Buffer)
  return Buffer.concat(out)
}

async function leftovers(): Promise<{ parts: number; uploads: number }> {
  const parts = await pool.query<{ n: string }>("SELECT count(*) AS n FROM baton_blob_parts")
  const uploads = await pool.query<{ n: string }>("SELECT count(*) AS n FROM baton_blob_uploads")
  return { parts: Number(parts.rows[0]!.n), uploads: Number(uploads.rows[0]!.n) }
}

describe("PostgresBlobStore", () => {
  it("stores a file in parts and serves it whole and in ranges across the parts", async () => {
    const bytes = new Uint8Array(randomBytes(2 * PART_BYTES + 12_345))
    const h = sha(bytes)
    expect(await store.write(BOARD, h, "video/webm", bytes.byteLength, inPieces(bytes))).toEqual({
      created: true,
    })
    expect(await store.stat(BOARD, h)).toMatchObject({ size: bytes.byteLength, mime: "video/webm" })
    expect(sha(await readAll(store.read(BOARD, h)))).toBe(h)
    for (const [start, end] of [
      [0, 0],
      [PART_BYTES - 10, PART_BYTES + 10],
      [PART_BYTES, 2 * PART_BYTES - 1],
      [5, bytes.byteLength - 1],
      [bytes.byteLength - 1, bytes.byteLength - 1],
    ] as const) {
      const got = await readAll(store.read(BOARD, h, { start, end }))
      expect(
        Buffer.compare(got, Buffer.from(bytes.subarray(start, end + 1))),
        `${start}-${end}`,
      ).toBe(0)
    }
    expect(await store.boardBytes(BOARD)).toBe(bytes.byteLength)
    expect(await store.boards()).toEqual([BOARD])
    expect(await leftovers()).toEqual({ parts: 3, uploads: 0 })

    // The collector's view: touched, listed, then removed with its parts.
    await store.touch(BOARD, h, 1234)
    expect(await store.list(BOARD)).toEqual([
      { sha256: h, size: bytes.byteLength, touchedAt: 1234 },
    ])
    await store.remove(BOARD, h)
    expect(await store.stat(BOARD, h)).toBeNull()
    expect(await leftovers()).toEqual({ parts: 0, uploads: 0 })
  })

  it("refuses a body that does not match its hash, is too long, too short or cut, and keeps nothing", async () => {
    const bytes = new Uint8Array(randomBytes(PART_BYTES + 500))
    const h = sha(bytes)
    const refusal = async (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => "stored",
        (e: unknown) => (e instanceof BlobError ? e.reason.kind : String(e)),
      )
    const other = new Uint8Array(bytes)
    other[10] = other[10]! ^ 1
    expect(await refusal(store.write(BOARD, h, "x/y", bytes.byteLength, inPieces(other)))).toBe(
      "mismatch",
    )
    expect(await refusal(store.write(BOARD, h, "x/y", bytes.byteLength - 1, inPieces(bytes)))).toBe(
      "too-large",
    )
    expect(await refusal(store.write(BOARD, h, "x/y", bytes.byteLength + 1, inPieces(bytes)))).toBe(
      "short",
    )
    async function* cut(): AsyncGenerator<Buffer> {
      yield Buffer.from(bytes.subarray(0, PART_BYTES + 100))
      throw new Error("connection reset")
    }
    expect(await refusal(store.write(BOARD, h, "x/y", bytes.byteLength, cut()))).toBe(
      "Error: connection reset",
    )
    expect(await store.stat(BOARD, h)).toBeNull()
    expect(await leftovers()).toEqual({ parts: 0, uploads: 0 })
  })

  it("takes two uploads of the same file at once: one creates it, the other finds it", async () => {
    const bytes = new Uint8Array(randomBytes(3 * PART_BYTES))
    const h = sha(bytes)
    const both = await Promise.all([
      store.write(BOARD, h, "image/png", bytes.byteLength, inPieces(bytes, 65_536)),
      store.write(BOARD, h, "image/png", bytes.byteLength, inPieces(bytes, 77_777)),
    ])
    expect(both.map((r) => r.created).sort()).toEqual([false, true])
    expect(sha(await readAll(store.read(BOARD, h)))).toBe(h)
    expect(await leftovers()).toEqual({ parts: 3, uploads: 0 })
    await store.remove(BOARD, h)
  })

  it("sweeps the parts of a dead relay's upload once it is stale, and leaves a live one", async () => {
    const at = clock
    for (const [id, started] of [
      ["dead", at - STALE_UPLOAD_MS - 1000],
      ["live", at - 60_000],
    ] as const) {
      await pool.query("INSERT INTO baton_blob_uploads VALUES ($1, $2)", [id, started])
      await pool.query("INSERT INTO baton_blob_parts VALUES ($1, 0, $2)", [id, Buffer.from("x")])
    }
    expect(await store.sweepStaleUploads()).toBe(1)
    const kept = await pool.query<{ upload_id: string }>("SELECT upload_id FROM baton_blob_parts")
    expect(kept.rows.map((r) => r.upload_id)).toEqual(["live"])
    clock += STALE_UPLOAD_MS
    await store.start()
    expect(await leftovers()).toEqual({ parts: 0, uploads: 0 })
  })
})

describe("two relays on one database", () => {
  it("serve each other's files, and an upload cut by SIGKILL is never served", async () => {
    const databaseUrl = await server.createDatabase()
    const dirs = [
      await mkdtemp(join(tmpdir(), "baton-pgblob-a-")),
      await mkdtemp(join(tmpdir(), "baton-pgblob-b-")),
    ]
    const [a, b] = await Promise.all(
      dirs.map((d) => startRelayProcess(databaseUrl, { DATA_DIR: d })),
    )
    try {
      const client = clientRepo(a!.url)
      const handle = client.create(fixtureBoard() as unknown as Record<string, unknown>)
      await waitUntilRelayHas(client, handle)
      await closeRepos(client)
      const documentId = parseAutomergeUrl(handle.url).documentId

      const bytes = new Uint8Array(randomBytes(PART_BYTES + 70_000))
      const path = `/blobs/${documentId}/${sha(bytes)}`
      const up = await fetch(a!.url + path, {
        method: "PUT",
        body: bytes as unknown as BodyInit,
        headers: { "Content-Type": "image/png" },
      })
      expect(up.status).toBe(201)
      const whole = await fetch(b!.url + path)
      expect(whole.status).toBe(200)
      expect(whole.headers.get("content-type")).toBe("image/png")
      expect(sha(new Uint8Array(await whole.arrayBuffer()))).toBe(sha(bytes))
      const part = await fetch(b!.url + path, {
        headers: { Range: `bytes=${PART_BYTES - 5}-${PART_BYTES + 4}` },
      })
      expect(part.status).toBe(206)
      expect(
        Buffer.compare(
          Buffer.from(await part.arrayBuffer()),
          Buffer.from(bytes.subarray(PART_BYTES - 5, PART_BYTES + 5)),
        ),
      ).toBe(0)
      // Nothing went to either relay's data directory.
      for (const d of dirs) expect(await readdir(join(d, "blobs")).catch(() => [])).toEqual([])

      // Half of another file is sent to A, then A is killed.
      const video = new Uint8Array(randomBytes(4 * PART_BYTES))
      const videoPath = `/blobs/${documentId}/${sha(video)}`
      const req = request(a!.url + videoPath, {
        method: "PUT",
        headers: { "Content-Length": video.byteLength, "Content-Type": "video/webm" },
      })
      req.on("error", () => undefined)
      await new Promise<void>((r) =>
        req.write(Buffer.from(video.subarray(0, 2 * PART_BYTES + 7)), () => r()),
      )
      const check = new pg.Pool({ connectionString: databaseUrl, max: 1 })
      const inFlight = async (): Promise<number> =>
        Number(
          (await check.query<{ n: string }>("SELECT count(*) AS n FROM baton_blob_uploads"))
            .rows[0]!.n,
        )
      try {
        const deadline = Date.now() + 10_000
        while ((await inFlight()) === 0 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20))
        expect(await inFlight(), "the upload was being written").toBe(1)
        await a!.kill()
        const after = await fetch(b!.url + videoPath)
        expect(after.status).toBe(404)
        expect(((await after.json()) as { error: string }).error).toBe("not uploaded yet")
        const again = await fetch(b!.url + videoPath, {
          method: "PUT",
          body: video as unknown as BodyInit,
          headers: { "Content-Type": "video/webm" },
        })
        expect(again.status).toBe(201)
        expect(sha(new Uint8Array(await (await fetch(b!.url + videoPath)).arrayBuffer()))).toBe(
          sha(video),
        )
      } finally {
        await check.end()
      }
    } finally {
      await Promise.all([a!.stop(), b!.stop()])
      for (const d of dirs) await rm(d, { recursive: true, force: true })
    }
  }, 90_000)
})
