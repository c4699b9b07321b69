/**
 * The relay's storage in PostgreSQL, behind automerge-repo's `StorageAdapterInterface`, with
 * the same contract as DurableFileStorage:
 *
 * - durable: `save` resolves only once its transaction has committed, so the durability gate
 *   (which holds every outgoing sync message until the document is saved) forwards and
 *   acknowledges only committed changes;
 * - group commit: saves and removals issued while a batch is being written go together in the
 *   next batch, one statement (so one transaction and one commit) for all of them;
 * - told to the other relays: the same statement NOTIFYs every new document chunk on
 *   `baton_chunks` (delivered only at commit, so a relay that hears of a chunk can read it);
 *   small chunks travel inside the notification, saving the other relays a query;
 * - patient when the database is away: a batch or a read that fails because the server
 *   cannot be reached is retried with backoff until it succeeds, so nothing is acknowledged
 *   early and nothing is dropped; `health` says why meanwhile. A query the server refuses
 *   for any other reason rejects at once;
 * - forgiving on read: a stored chunk Automerge cannot parse is logged and skipped.
 */
import { init, loadIncremental } from "@automerge/automerge"
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo"
import type pg from "pg"
import type { Logger } from "../log"
import type { RelayMetrics } from "../metrics"
import type { PostgresMetrics } from "./PostgresMetrics"

export const CHUNK_CHANNEL = "baton_chunks"
/** Chunks up to this size ride in the notification (its payload must stay under 8000 bytes). */
const INLINE_BYTES = 5000

interface PendingOp {
  key: StorageKey
  /** The bytes to store, or null to delete the row. */
  data: Uint8Array | null
  waiters: { resolve: () => void; reject: (e: unknown) => void }[]
}

/** What a notification on `baton_chunks` carries. */
export interface ChunkNotice {
  /** The writing relay's instance id. */
  r: string
  k: StorageKey
  /** The chunk, base64, when small enough. */
  b?: string | null
}

const keyText = (key: StorageKey): string => JSON.stringify(key)

/**
 * True for failures that say the server cannot be reached or is going away (worth retrying),
 * false for a query the server refused (retrying would fail the same way).
 */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown }).code
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
    // SQLSTATE classes: connection exception, insufficient resources, operator
    // intervention (shutdown, restart), system error.
    return ["08", "53", "57", "58"].includes(code.slice(0, 2))
  }
  return true
}

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000]

export class StorageClosedError extends Error {
  override name = "StorageClosedError"
}

export class PostgresStorage implements StorageAdapterInterface {
  #pending = new Map<string, PendingOp>()
  #writing = new Map<string, PendingOp>()
  #flushing: Promise<void> | null = null
  #closed = false
  #down: { since: number; reason: string } | null = null
  /** Called when the database becomes unreachable (reason) or reachable again (null). */
  onAvailability: ((reason: string | null) => void) | null = null

  constructor(
    private readonly pool: pg.Pool,
    /** This relay's id in notifications (it ignores its own). */
    readonly instanceId: string,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
    private readonly pgMetrics: PostgresMetrics,
  ) {}

  /** Null while the last query reached the database; otherwise why not, and since when. */
  get unavailable(): { since: number; reason: string } | null {
    return this.#down
  }

  #markDown(e: unknown): void {
    this.pgMetrics.errors++
    const reason = `database unreachable: ${(e as Error).message || String(e)}`
    if (!this.#down) {
      this.#down = { since: Date.now(), reason }
      this.log.error("database unreachable; holding writes until it is back", {
        error: (e as Error).message,
      })
      this.onAvailability?.(reason)
    }
  }

  #markUp(): void {
    if (!this.#down) return
    const seconds = Math.round((Date.now() - this.#down.since) / 100) / 10
    this.#down = null
    this.log.info("database reachable again", { downSeconds: seconds })
    this.onAvailability?.(null)
  }

  /** Runs `fn` until it succeeds, waiting out unreachable-database failures with backoff. */
  async #retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (this.#closed && attempt > 0) throw new StorageClosedError("relay storage closed")
      try {
        const result = await fn()
        this.#markUp()
        return result
      } catch (e) {
        if (!isTransient(e)) throw e
        this.#markDown(e)
        const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }

  #queued(key: StorageKey): PendingOp | undefined {
    const k = keyText(key)
    return this.#pending.get(k) ?? this.#writing.get(k)
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const queued = this.#queued(key)
    if (queued) return queued.data ?? undefined
    const res = await this.#retrying(() =>
      this.pool.query<{ data: Buffer }>("SELECT data FROM baton_chunks WHERE key = $1", [
        keyText(key),
      ]),
    )
    const row = res.rows[0]
    return row ? new Uint8Array(row.data) : undefined
  }

  /** The stored chunks among `keys` (for a relay told of them); missing ones are left out. */
  async loadKeys(keys: StorageKey[]): Promise<Chunk[]> {
    const res = await this.#retrying(() =>
      this.pool.query<{ key: string; data: Buffer }>(
        "SELECT key, data FROM baton_chunks WHERE key = ANY($1::text[])",
        [keys.map(keyText)],
      ),
    )
    return res.rows.map((r) => ({
      key: JSON.parse(r.key) as StorageKey,
      data: new Uint8Array(r.data),
    }))
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    // After close() nothing commits any more: never settle, since nothing was acknowledged.
    if (this.#closed) return new Promise(() => undefined)
    return new Promise((resolve, reject) => {
      const k = keyText(key)
      const existing = this.#pending.get(k)
      if (existing) {
        existing.data = data
        existing.waiters.push({ resolve, reject })
      } else {
        this.#pending.set(k, { key, data, waiters: [{ resolve, reject }] })
      }
      this.#schedule()
    })
  }

  /**
   * Deletes in the write queue's order and returns at once, as DurableFileStorage does: the
   * repo deletes old chunks one by one after compacting, and a deletion lost to a crash only
   * leaves a chunk whose changes the snapshot already has.
   */
  remove(key: StorageKey): Promise<void> {
    if (this.#closed) return Promise.resolve()
    const k = keyText(key)
    const existing = this.#pending.get(k)
    if (existing) {
      for (const w of existing.waiters) w.resolve()
      existing.waiters = []
      existing.data = null
    } else {
      this.#pending.set(k, { key, data: null, waiters: [] })
    }
    this.#schedule()
    return Promise.resolve()
  }

  #schedule(): void {
    if (this.#flushing) return
    this.#flushing = (async () => {
      while (this.#pending.size > 0) {
        const batch = [...this.#pending.values()]
        this.#pending.clear()
        for (const op of batch) this.#writing.set(keyText(op.key), op)
        await this.#writeBatch(batch)
        this.#writing.clear()
      }
      this.#flushing = null
    })()
  }

  async #writeBatch(batch: PendingOp[]): Promise<void> {
    const saves = batch.filter((op) => op.data !== null)
    const deletes = batch.filter((op) => op.data === null)
    const started = performance.now()
    try {
      await this.#retrying(() =>
        this.pool.query(
          `WITH up AS (
             INSERT INTO baton_chunks (key, doc, kind, data)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[])
             ON CONFLICT (key) DO UPDATE SET data = excluded.data, saved_at = now()
               WHERE baton_chunks.data IS DISTINCT FROM excluded.data
             RETURNING key, kind, data
           ), del AS (
             DELETE FROM baton_chunks WHERE key = ANY($5::text[]) RETURNING key
           )
           SELECT count(pg_notify('${CHUNK_CHANNEL}', json_build_object(
             'r', $6::text,
             'k', up.key::json,
             'b', CASE WHEN length(up.data) <= ${INLINE_BYTES}
                       THEN replace(encode(up.data, 'base64'), E'\\n', '') END)::text)) AS notified,
             (SELECT count(*) FROM del) AS deleted
           FROM up WHERE up.kind IN ('snapshot', 'incremental')`,
          [
            saves.map((op) => keyText(op.key)),
            saves.map((op) => op.key[0] ?? ""),
            saves.map((op) => op.key[1] ?? null),
            saves.map((op) =>
              Buffer.from(op.data!.buffer, op.data!.byteOffset, op.data!.byteLength),
            ),
            deletes.map((op) => keyText(op.key)),
            this.instanceId,
          ],
        ),
      )
    } catch (e) {
      // Closed while the database was away: these writes were never acknowledged; leave
      // their waiters unsettled rather than fail a repo that is shutting down.
      if (e instanceof StorageClosedError) return
      for (const op of batch) for (const w of op.waiters) w.reject(e)
      this.log.error("database write failed", { error: (e as Error).message, chunks: batch.length })
      return
    }
    this.pgMetrics.commits++
    this.metrics.fsyncBatches++
    const seconds = (performance.now() - started) / 1000
    for (const op of saves) {
      this.metrics.observeWrite(seconds)
      for (const w of op.waiters) w.resolve()
    }
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const [doc, kind] = keyPrefix
    const res = await this.#retrying(() =>
      doc === undefined
        ? this.pool.query<{ key: string; data: Buffer }>("SELECT key, data FROM baton_chunks")
        : kind === undefined
          ? this.pool.query<{ key: string; data: Buffer }>(
              "SELECT key, data FROM baton_chunks WHERE doc = $1",
              [doc],
            )
          : this.pool.query<{ key: string; data: Buffer }>(
              "SELECT key, data FROM baton_chunks WHERE doc = $1 AND kind = $2",
              [doc, kind],
            ),
    )
    const byKey = new Map<string, Chunk>()
    for (const row of res.rows) {
      const key = JSON.parse(row.key) as StorageKey
      if (!hasPrefix(key, keyPrefix)) continue
      byKey.set(row.key, { key, data: new Uint8Array(row.data) })
    }
    // What the queue will leave there overrides what the table holds now.
    for (const queue of [this.#writing, this.#pending])
      for (const [k, op] of queue) {
        if (!hasPrefix(op.key, keyPrefix)) continue
        if (op.data === null) byKey.delete(k)
        else byKey.set(k, { key: op.key, data: op.data })
      }
    const isDocChunk = keyPrefix.length === 2 && (kind === "snapshot" || kind === "incremental")
    const chunks: Chunk[] = []
    for (const chunk of byKey.values()) {
      if (isDocChunk && !parses(chunk.data!)) {
        this.metrics.storageCorruptChunks++
        this.log.error("corrupt stored chunk skipped", {
          key: chunk.key.join("/"),
          bytes: chunk.data!.byteLength,
        })
        continue
      }
      chunks.push(chunk)
    }
    return chunks
  }

  async removeRange(keyPrefix: StorageKey): Promise<void> {
    for (const [k, op] of [...this.#pending]) {
      if (!hasPrefix(op.key, keyPrefix)) continue
      this.#pending.delete(k)
      for (const w of op.waiters) w.resolve()
    }
    await this.#flushing
    const [doc, kind] = keyPrefix
    const rows = await this.#retrying(() =>
      doc === undefined
        ? this.pool.query<{ key: string }>("SELECT key FROM baton_chunks")
        : kind === undefined
          ? this.pool.query<{ key: string }>("SELECT key FROM baton_chunks WHERE doc = $1", [doc])
          : this.pool.query<{ key: string }>(
              "SELECT key FROM baton_chunks WHERE doc = $1 AND kind = $2",
              [doc, kind],
            ),
    )
    const keys = rows.rows
      .map((r) => r.key)
      .filter((k) => hasPrefix(JSON.parse(k) as StorageKey, keyPrefix))
    if (keys.length === 0) return
    await this.#retrying(() =>
      this.pool.query("DELETE FROM baton_chunks WHERE key = ANY($1::text[])", [keys]),
    )
  }

  /** The file storage settles finished writes here; commits settle on their own. */
  poll(): void {}

  /** Resolves when every save issued so far has committed. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing
  }

  /**
   * Waits up to `timeoutMs` for queued writes to commit, then stops retrying: what has not
   * committed by then was never acknowledged to anyone, and the peers that sent it still have
   * it.
   */
  async close(timeoutMs = 5000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const gaveUp = await Promise.race([
      this.drain().then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ])
    clearTimeout(timer)
    this.#closed = true
    if (gaveUp) {
      const waiting = this.#pending.size + this.#writing.size
      this.log.warn("closing with uncommitted writes (never acknowledged)", { chunks: waiting })
      await this.drain().catch(() => undefined)
    }
  }
}

function hasPrefix(key: StorageKey, prefix: StorageKey): boolean {
  return prefix.every((part, i) => key[i] === part)
}

function parses(data: Uint8Array): boolean {
  try {
    loadIncremental(init(), data)
    return true
  } catch {
    return false
  }
}
