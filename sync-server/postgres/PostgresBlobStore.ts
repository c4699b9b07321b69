/**
 * Attachment bytes in PostgreSQL (migration 3 in migrations.ts), so every relay on the
 * database serves every file, whichever relay took the upload.
 *
 * An upload streams into `baton_blob_parts` in parts of `PART_BYTES`, each inserted on its
 * own (no transaction is held open while a client sends: the pool is shared with the
 * documents). Only once the bytes are all in and their SHA-256 and length check out does one
 * short transaction add the `baton_blobs` row that makes them readable. A relay killed
 * mid-upload leaves parts that no row points to: never served, and removed by the next relay
 * that starts once the upload is older than `STALE_UPLOAD_MS` (younger ones may be another
 * relay's, still arriving).
 */
import { randomUUID } from "node:crypto"
import { Readable } from "node:stream"
import type pg from "pg"
import { BlobError, checkedBody } from "../blobs/FileBlobStore"
import type { BlobInfo, BlobStore } from "../blobs/FileBlobStore"
import { isTransient } from "./PostgresStorage"
import { inTransaction } from "./transaction"

/** Bytes per row: small enough to hold one per upload in memory, large enough to be few. */
export const PART_BYTES = 1024 * 1024
/** An upload not finished after this long is a dead relay's. */
export const STALE_UPLOAD_MS = 6 * 3600 * 1000
/** Parts fetched per query while serving a file. */
const READ_BATCH = 4

export class PostgresBlobStore implements BlobStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    await this.sweepStaleUploads()
  }

  /** Removes the parts of uploads started before `STALE_UPLOAD_MS` ago and never finished. */
  async sweepStaleUploads(): Promise<number> {
    const stale = await this.pool.query<{ upload_id: string }>(
      "DELETE FROM baton_blob_uploads WHERE started_at < $1 RETURNING upload_id",
      [Math.round(this.now() - STALE_UPLOAD_MS)],
    )
    const ids = stale.rows.map((r) => r.upload_id)
    if (ids.length > 0)
      await this.pool.query("DELETE FROM baton_blob_parts WHERE upload_id = ANY($1::text[])", [ids])
    return ids.length
  }

  async stat(documentId: string, sha256: string): Promise<BlobInfo | null> {
    const r = await this.pool
      .query<{ size: string; mime: string; touched_at: string }>(
        "SELECT size, mime, touched_at FROM baton_blobs WHERE document_id = $1 AND sha256 = $2",
        [documentId, sha256],
      )
      .catch(rethrowFull)
    const row = r.rows[0]
    return row
      ? { size: Number(row.size), mime: row.mime, touchedAt: Number(row.touched_at) }
      : null
  }

  async write(
    documentId: string,
    sha256: string,
    mime: string,
    size: number,
    body: AsyncIterable<Buffer>,
  ): Promise<{ created: boolean }> {
    const uploadId = randomUUID()
    await this.pool
      .query("INSERT INTO baton_blob_uploads (upload_id, started_at) VALUES ($1, $2)", [
        uploadId,
        Math.round(this.now()),
      ])
      .catch(rethrowFull)
    try {
      let seq = 0
      let part: Buffer[] = []
      let partBytes = 0
      const put = async (data: Buffer): Promise<void> => {
        await this.pool
          .query("INSERT INTO baton_blob_parts (upload_id, seq, data) VALUES ($1, $2, $3)", [
            uploadId,
            seq++,
            data,
          ])
          .catch(rethrowFull)
      }
      for await (const chunk of checkedBody(body, size, sha256)) {
        part.push(chunk)
        partBytes += chunk.byteLength
        while (partBytes >= PART_BYTES) {
          const all = Buffer.concat(part)
          await put(all.subarray(0, PART_BYTES))
          const rest = all.subarray(PART_BYTES)
          part = rest.byteLength > 0 ? [rest] : []
          partBytes = rest.byteLength
        }
      }
      // Checked: the last part, then the row that makes the file readable.
      if (partBytes > 0) await put(Buffer.concat(part))

      return await inTransaction(this.pool, async (client) => {
        // Two uploads of the same file at once: the second waits for the first's row, finds
        // it, and drops its own parts.
        const added = await client.query(
          `INSERT INTO baton_blobs (document_id, sha256, mime, size, upload_id, touched_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (document_id, sha256) DO NOTHING`,
          [documentId, sha256, mime, size, uploadId, Math.round(this.now())],
        )
        const created = (added.rowCount ?? 0) > 0
        if (!created)
          await client.query("DELETE FROM baton_blob_parts WHERE upload_id = $1", [uploadId])
        await client.query("DELETE FROM baton_blob_uploads WHERE upload_id = $1", [uploadId])
        return { created }
      }).catch(rethrowFull)
    } catch (e) {
      // Best effort: when the database itself is away, the stale-upload sweep removes them.
      await this.pool
        .query("DELETE FROM baton_blob_parts WHERE upload_id = $1", [uploadId])
        .then(() =>
          this.pool.query("DELETE FROM baton_blob_uploads WHERE upload_id = $1", [uploadId]),
        )
        .catch(() => undefined)
      // The database's errors were said as such where they happened; the body's stay its own.
      throw e
    }
  }

  read(documentId: string, sha256: string, range?: { start: number; end: number }): Readable {
    const pool = this.pool
    async function* parts(): AsyncGenerator<Buffer> {
      const r = await pool.query<{ upload_id: string; size: string }>(
        "SELECT upload_id, size FROM baton_blobs WHERE document_id = $1 AND sha256 = $2",
        [documentId, sha256],
      )
      const row = r.rows[0]
      if (!row) throw new Error("the file is gone")
      const size = Number(row.size)
      const start = range?.start ?? 0
      const end = Math.min(range?.end ?? size - 1, size - 1)
      if (end < start) return
      const last = Math.floor(end / PART_BYTES)
      for (let from = Math.floor(start / PART_BYTES); from <= last; from += READ_BATCH) {
        const to = Math.min(last, from + READ_BATCH - 1)
        const got = await pool.query<{ seq: number; data: Buffer }>(
          `SELECT seq, data FROM baton_blob_parts WHERE upload_id = $1 AND seq BETWEEN $2 AND $3
           ORDER BY seq`,
          [row.upload_id, from, to],
        )
        if (got.rows.length !== to - from + 1) throw new Error("the file's bytes are incomplete")
        for (const p of got.rows) {
          const offset = p.seq * PART_BYTES
          const a = Math.max(0, start - offset)
          const b = Math.min(p.data.byteLength, end - offset + 1)
          if (b > a) yield p.data.subarray(a, b)
        }
      }
    }
    return Readable.from(parts(), { objectMode: false })
  }

  async boardBytes(documentId: string): Promise<number> {
    const r = await this.pool
      .query<{ total: string | null }>(
        "SELECT sum(size) AS total FROM baton_blobs WHERE document_id = $1",
        [documentId],
      )
      .catch(rethrowFull)
    return Number(r.rows[0]?.total ?? 0)
  }

  async boards(): Promise<string[]> {
    const r = await this.pool.query<{ document_id: string }>(
      "SELECT DISTINCT document_id FROM baton_blobs ORDER BY document_id",
    )
    return r.rows.map((row) => row.document_id)
  }

  async list(documentId: string): Promise<{ sha256: string; size: number; touchedAt: number }[]> {
    const r = await this.pool.query<{ sha256: string; size: string; touched_at: string }>(
      "SELECT sha256, size, touched_at FROM baton_blobs WHERE document_id = $1 ORDER BY sha256",
      [documentId],
    )
    return r.rows.map((row) => ({
      sha256: row.sha256,
      size: Number(row.size),
      touchedAt: Number(row.touched_at),
    }))
  }

  async touch(documentId: string, sha256: string, at: number): Promise<void> {
    await this.pool
      .query("UPDATE baton_blobs SET touched_at = $3 WHERE document_id = $1 AND sha256 = $2", [
        documentId,
        sha256,
        Math.round(at),
      ])
      .catch(rethrowFull)
  }

  async remove(documentId: string, sha256: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const gone = await client.query<{ upload_id: string }>(
        "DELETE FROM baton_blobs WHERE document_id = $1 AND sha256 = $2 RETURNING upload_id",
        [documentId, sha256],
      )
      for (const row of gone.rows)
        await client.query("DELETE FROM baton_blob_parts WHERE upload_id = $1", [row.upload_id])
    }).catch(rethrowFull)
  }
}

/**
 * PostgreSQL's "disk full" (SQLSTATE 53100) is the relay's full disk, and a database that
 * cannot be reached is "unavailable": each said as such to the client (507, 503).
 */
function rethrowFull(e: unknown): never {
  if (e instanceof BlobError) throw e
  if ((e as { code?: unknown } | undefined)?.code === "53100")
    throw new BlobError({ kind: "disk-full" })
  if (isTransient(e)) throw new BlobError({ kind: "unavailable" })
  throw e
}
