/**
 * Everything a relay on PostgreSQL needs beyond the file relay: the connection pool, the
 * migrations (applied at start-up, waiting for the database with backoff if it is not
 * reachable yet), the storage, the listener for other relays' writes, and what `/healthz`
 * and `/metrics` say about the database.
 */
import { randomUUID } from "node:crypto"
import type { Repo } from "@automerge/automerge-repo"
import pg from "pg"
import type { Logger } from "../log"
import type { RelayMetrics } from "../metrics"
import { ChunkListener } from "./ChunkListener"
import { migrate } from "./migrations"
import { PostgresMetrics } from "./PostgresMetrics"
import { isTransient, PostgresStorage } from "./PostgresStorage"

export interface PostgresBackend {
  /** The connection pool (the access and push stores share it). */
  pool: pg.Pool
  storage: PostgresStorage
  listener: ChunkListener
  /** Starts following other relays' writes for the documents `repo` holds. */
  attach(repo: Repo): Promise<void>
  /** Null when healthy; otherwise why the relay cannot serve as it should. */
  unhealthy(): string | null
  renderMetrics(): string
  /** Waits for `flushed`, but no longer than `timeoutMs` while the database is away. */
  settle(flushed: Promise<unknown>, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

const START_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000]

/** `postgres://user:…@host:port/db` without the password, for log lines. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url)
    u.password = ""
    return `${u.protocol}//${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`
  } catch {
    return "the configured database"
  }
}

/**
 * Connects to the database at `url` and applies the migrations; while the database cannot be
 * reached, logs one line per attempt and retries with backoff (never gives up).
 */
export async function openPostgresBackend(options: {
  url: string
  log: Logger
  metrics: RelayMetrics
}): Promise<PostgresBackend> {
  const { url, log, metrics } = options
  const pool = new pg.Pool({ connectionString: url, max: 8 })
  // An idle pooled connection the server closes (restart) emits here; queries retry.
  pool.on("error", () => undefined)
  for (let attempt = 0; ; attempt++) {
    try {
      const client = await pool.connect()
      try {
        const result = await migrate(client)
        if (result.applied.length > 0)
          log.info("database migrated", { applied: result.applied, version: result.version })
      } finally {
        client.release()
      }
      break
    } catch (e) {
      if (!isTransient(e)) {
        await pool.end().catch(() => undefined)
        throw e
      }
      const wait = START_BACKOFF_MS[Math.min(attempt, START_BACKOFF_MS.length - 1)]!
      log.warn(
        `database ${describeDatabase(url)} unreachable (${(e as Error).message}); retrying in ${wait / 1000} s`,
      )
      await new Promise((r) => setTimeout(r, wait))
    }
  }

  const pgMetrics = new PostgresMetrics()
  const storage = new PostgresStorage(pool, randomUUID(), log, metrics, pgMetrics)
  const listener = new ChunkListener(url, storage, log, pgMetrics)

  return {
    pool,
    storage,
    listener,
    async attach(repo) {
      listener.attach(repo)
      await listener.start()
    },
    unhealthy() {
      const down = storage.unavailable
      if (down) return down.reason
      if (!listener.listening) return "database listener disconnected"
      return null
    },
    renderMetrics() {
      return pgMetrics.render({
        databaseUp: storage.unavailable === null,
        listening: listener.listening,
      })
    },
    async settle(flushed, timeoutMs = 5000) {
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([
        flushed.catch(() => undefined),
        new Promise((r) => (timer = setTimeout(r, timeoutMs))),
      ])
      clearTimeout(timer)
    },
    async close() {
      await listener.stop()
      await storage.close()
      await pool.end().catch(() => undefined)
    },
  }
}
