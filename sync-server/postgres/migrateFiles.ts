/**
 * `npm run relay:migrate -- --from ./data --to "$DATABASE_URL"`: copies a file relay's
 * documents and attachment bytes (DATA_DIR, DATA_DIR/blobs) into PostgreSQL. Idempotent: chunk
 * keys and files are content hashes, so what is already in the database is left as it is, and
 * running it again copies nothing. Prints its
 * progress and, at the end, the counts. The database's tables are created (or brought up to
 * date) first, under the same lock the relays use.
 */
import { createReadStream } from "node:fs"
import { readdir } from "node:fs/promises"
import { join, resolve } from "node:path"
import pg from "pg"
import { BlobError, FileBlobStore } from "../blobs/FileBlobStore"
import { DurableFileStorage } from "../DurableFileStorage"
import { createLogger } from "../log"
import { RelayMetrics } from "../metrics"
import { migrate } from "./migrations"
import { describeDatabase } from "./PostgresBackend"
import { PostgresBlobStore } from "./PostgresBlobStore"

export interface MigrationCounts {
  documents: number
  chunksCopied: number
  chunksAlreadyThere: number
  /** Chunks that could not be read or parsed (logged, not copied). */
  chunksSkipped: number
  filesCopied: number
  filesAlreadyThere: number
  /** Attachment files whose bytes no longer match their hash, or cannot be read (not copied). */
  filesSkipped: number
}

/** The document ids stored under `dir` in the file relay's layout (`<id[0:2]>/<id[2:]>/…`). */
async function documentIds(dir: string): Promise<string[]> {
  const ids: string[] = []
  for (const top of await readdir(dir, { withFileTypes: true })) {
    if (!top.isDirectory() || top.name.length !== 2) continue
    for (const rest of await readdir(join(dir, top.name), { withFileTypes: true }))
      if (rest.isDirectory()) ids.push(top.name + rest.name)
  }
  return ids.sort()
}

export async function migrateFilesToPostgres(options: {
  from: string
  to: string
  /** Progress lines. */
  progress?: (line: string) => void
}): Promise<MigrationCounts> {
  const from = resolve(options.from)
  const say = options.progress ?? (() => undefined)
  const metrics = new RelayMetrics()
  const files = new DurableFileStorage(
    from,
    createLogger("warn", (l) => say(`warning: ${(JSON.parse(l) as { msg: string }).msg}`)),
    metrics,
  )
  const client = new pg.Client({ connectionString: options.to })
  await client.connect()
  const counts: MigrationCounts = {
    documents: 0,
    chunksCopied: 0,
    chunksAlreadyThere: 0,
    chunksSkipped: 0,
    filesCopied: 0,
    filesAlreadyThere: 0,
    filesSkipped: 0,
  }
  const blobPool = new pg.Pool({ connectionString: options.to, max: 2 })
  blobPool.on("error", () => undefined)
  try {
    await migrate(client)
    const ids = await documentIds(from)
    say(`migrating ${ids.length} documents from ${from} to ${describeDatabase(options.to)}`)
    let lastReport = Date.now()
    for (const [i, documentId] of ids.entries()) {
      // By kind, so the file storage checks that each document chunk parses.
      const chunks = []
      for (const kind of ["snapshot", "incremental", "sync-state"])
        chunks.push(...(await files.loadRange([documentId, kind])))
      const present = chunks.filter((c) => c.data !== undefined)
      if (present.length > 0) {
        const res = await client.query<{ key: string }>(
          `INSERT INTO baton_chunks (key, doc, kind, data)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[])
           ON CONFLICT (key) DO NOTHING
           RETURNING key`,
          [
            present.map((c) => JSON.stringify(c.key)),
            present.map(() => documentId),
            present.map((c) => c.key[1] ?? null),
            present.map((c) => Buffer.from(c.data!)),
          ],
        )
        counts.chunksCopied += res.rowCount ?? 0
        counts.chunksAlreadyThere += present.length - (res.rowCount ?? 0)
      }
      counts.documents++
      if (Date.now() - lastReport > 1000 || i === ids.length - 1) {
        lastReport = Date.now()
        say(`  ${i + 1}/${ids.length} documents, ${counts.chunksCopied} chunks copied`)
      }
    }
    counts.chunksSkipped = metrics.storageCorruptChunks
    await copyFiles(join(from, "blobs"), new PostgresBlobStore(blobPool), counts, say)
  } finally {
    await blobPool.end().catch(() => undefined)
    await client.end()
    await files.close()
  }
  return counts
}

/** Attachment bytes: each file streamed in and checked against its hash on the way. */
async function copyFiles(
  dir: string,
  to: PostgresBlobStore,
  counts: MigrationCounts,
  say: (line: string) => void,
): Promise<void> {
  const files = new FileBlobStore(dir)
  for (const documentId of await files.boards()) {
    for (const f of await files.list(documentId)) {
      if ((await to.stat(documentId, f.sha256)) !== null) {
        counts.filesAlreadyThere++
        continue
      }
      const info = await files.stat(documentId, f.sha256)
      try {
        const body = createReadStream(join(dir, documentId, f.sha256))
        await to.write(documentId, f.sha256, info?.mime ?? "application/octet-stream", f.size, body)
        await to.touch(documentId, f.sha256, f.touchedAt)
        counts.filesCopied++
      } catch (e) {
        if (e instanceof BlobError && e.reason.kind === "disk-full") throw e
        counts.filesSkipped++
        say(`warning: file ${documentId}/${f.sha256} not copied (${describe(e)})`)
      }
    }
  }
}

function describe(e: unknown): string {
  return e instanceof BlobError ? `its bytes: ${e.reason.kind}` : (e as Error).message
}

function parseArgs(argv: string[]): { from: string; to: string } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const from = value("--from") ?? process.env.DATA_DIR ?? "./data"
  const to = value("--to") ?? process.env.DATABASE_URL
  if (!to) throw new Error("usage: relay:migrate -- --from ./data --to postgres://…")
  return { from, to }
}

async function main(): Promise<void> {
  let args: { from: string; to: string }
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`)
    process.exit(2)
  }
  try {
    const c = await migrateFilesToPostgres({
      ...args,
      progress: (l) => process.stdout.write(`${l}\n`),
    })
    process.stdout.write(
      `done: ${c.documents} documents, ${c.chunksCopied} chunks copied, ` +
        `${c.chunksAlreadyThere} already in the database, ${c.chunksSkipped} unreadable skipped; ` +
        `files: ${c.filesCopied} copied, ${c.filesAlreadyThere} already in the database, ` +
        `${c.filesSkipped} unreadable skipped\n`,
    )
    process.exit(0)
  } catch (e) {
    process.stderr.write(`relay:migrate failed: ${(e as Error).message}\n`)
    process.exit(1)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) void main()
