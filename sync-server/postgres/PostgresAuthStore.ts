/**
 * The relay's access state in PostgreSQL (table `baton_access`, migration 2 in migrations.ts), shared by every
 * relay on the database.
 *
 * - `save` merges the record into the stored one inside a transaction that locks the row, so
 *   two relays saving the same board at once lose nothing: devices and actor ids are the union
 *   of both (a device removed on either side stays removed; an actor id keeps its first
 *   device), links keep the newer of each role, stopped links the union.
 * - The same transaction NOTIFYs `baton_access` (delivered at commit); the other relays read
 *   the record and adopt it (`watch`), which also cuts their connections that a removed
 *   device or a stopped link no longer allows. After the listening connection drops they
 *   re-read every record, since NOTIFY has no replay.
 */
import { randomUUID } from "node:crypto"
import pg from "pg"
import type { Logger } from "../log"
import type { AuthStore } from "../auth/AuthStore"
import { ROLES } from "../auth/types"
import type { BoardAccess } from "../auth/types"
import { inTransaction } from "./transaction"

export const ACCESS_CHANNEL = "baton_access"
const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000]

/** `stored` and `incoming` made one, losing neither side's devices, actors or stopped links. */
export function mergeAccess(stored: BoardAccess, incoming: BoardAccess): BoardAccess {
  const devices = { ...stored.devices }
  for (const [id, d] of Object.entries(incoming.devices)) {
    const old = devices[id]
    const removedAt = old?.removedAt ?? d.removedAt
    devices[id] = { ...(old ?? d), ...d, ...(removedAt ? { removedAt } : {}) }
  }
  const actors = { ...incoming.actors, ...stored.actors }
  const links = { ...stored.links }
  for (const r of ROLES) {
    const a = links[r]
    const b = incoming.links[r]
    if (b && (!a || b.since > a.since)) links[r] = b
    // The same link, of which only one side kept the secret: keep it.
    else if (b && a && b.hash === a.hash && a.secret === undefined && b.secret !== undefined)
      links[r] = { ...a, secret: b.secret }
  }
  const stoppedLinks = [...stored.stoppedLinks]
  for (const s of incoming.stoppedLinks)
    if (!stoppedLinks.some((o) => o.hash === s.hash)) stoppedLinks.push(s)
  return { ...stored, links, stoppedLinks, devices, actors }
}

export class PostgresAuthStore implements AuthStore {
  readonly instanceId = randomUUID()
  #listener: pg.Client | null = null
  #onRecord: ((record: BoardAccess) => void) | null = null
  #stopped = false
  #reconnect: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly log: Logger,
  ) {}

  async loadAll(): Promise<BoardAccess[]> {
    const rows = await this.pool.query<{ record: BoardAccess }>("SELECT record FROM baton_access")
    return rows.rows.map((r) => r.record)
  }

  async save(access: BoardAccess): Promise<void> {
    let merged: BoardAccess = access
    await inTransaction(this.pool, async (client) => {
      const current = await client.query<{ record: BoardAccess }>(
        "SELECT record FROM baton_access WHERE document_id = $1 FOR UPDATE",
        [access.documentId],
      )
      if (current.rows[0]) merged = mergeAccess(current.rows[0].record, access)
      await client.query(
        `INSERT INTO baton_access (document_id, record) VALUES ($1, $2)
         ON CONFLICT (document_id) DO UPDATE SET record = EXCLUDED.record, updated_at = now()`,
        [access.documentId, JSON.stringify(merged)],
      )
      await client.query("SELECT pg_notify($1, $2)", [
        ACCESS_CHANNEL,
        JSON.stringify({ r: this.instanceId, d: access.documentId }),
      ])
    })
    // Another relay's changes were merged in: this relay adopts them too.
    if (JSON.stringify(merged) !== JSON.stringify(access)) this.#onRecord?.(merged)
  }

  /** Calls `onRecord` with every record another relay changes (and all of them after a reconnect). */
  async watch(onRecord: (record: BoardAccess) => void): Promise<void> {
    this.#onRecord = onRecord
    await this.#connect(0, false)
  }

  async #connect(attempt: number, catchUp: boolean): Promise<void> {
    if (this.#stopped) return
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `baton-access-listener:${process.pid}`,
    })
    client.on("error", () => undefined)
    try {
      await client.connect()
      await client.query(`LISTEN ${ACCESS_CHANNEL}`)
    } catch (e) {
      await client.end().catch(() => undefined)
      if (this.#stopped) return
      if (attempt === 0)
        this.log.warn("access listener cannot connect; retrying", { error: (e as Error).message })
      const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!
      this.#reconnect = setTimeout(() => void this.#connect(attempt + 1, true), wait)
      return
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined)
      return
    }
    this.#listener = client
    client.on("notification", (n) => void this.#notified(n.payload))
    client.on("end", () => {
      if (this.#listener !== client || this.#stopped) return
      this.#listener = null
      this.log.warn("access listener lost; reconnecting")
      void this.#connect(0, true)
    })
    if (catchUp) for (const r of await this.loadAll().catch(() => [])) this.#onRecord?.(r)
  }

  async #notified(payload: string | undefined): Promise<void> {
    let notice: { r?: string; d?: string }
    try {
      notice = JSON.parse(payload ?? "") as { r?: string; d?: string }
    } catch {
      return
    }
    if (notice.r === this.instanceId || typeof notice.d !== "string") return
    try {
      const row = await this.pool.query<{ record: BoardAccess }>(
        "SELECT record FROM baton_access WHERE document_id = $1",
        [notice.d],
      )
      if (row.rows[0]) this.#onRecord?.(row.rows[0].record)
    } catch (e) {
      this.log.warn("reading another relay's access record failed", { error: String(e) })
    }
  }

  async close(): Promise<void> {
    this.#stopped = true
    if (this.#reconnect) clearTimeout(this.#reconnect)
    const client = this.#listener
    this.#listener = null
    if (client) await client.end().catch(() => undefined)
  }
}
