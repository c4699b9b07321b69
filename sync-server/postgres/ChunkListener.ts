/**
 * How a relay learns of the other relays' writes: a dedicated connection LISTENs on
 * `baton_chunks`. For a notification from another relay about a document this relay holds in
 * memory, it reads the new chunk (or takes it from the notification) and merges it into the
 * document; automerge-repo then syncs it to this relay's peers, through the durability gate
 * like any change. Documents not in memory are skipped: they are read from the database when
 * next loaded.
 *
 * - When the chunk has been compacted away before it could be read, the document's whole
 *   range is read instead (the snapshot that replaced it holds its changes).
 * - NOTIFY has no replay: after the listening connection drops, the relay reconnects with
 *   backoff and, once listening again, re-reads every document it holds.
 */
import * as A from "@automerge/automerge"
import type { DocHandle, DocumentId, Repo, StorageKey } from "@automerge/automerge-repo"
import pg from "pg"
import type { Logger } from "../log"
import type { PostgresMetrics } from "./PostgresMetrics"
import { CHUNK_CHANNEL } from "./PostgresStorage"
import type { ChunkNotice, PostgresStorage } from "./PostgresStorage"

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000]

interface DocQueue {
  keys: StorageKey[]
  inline: Uint8Array[]
  reload: boolean
}

export class ChunkListener {
  #client: pg.Client | null = null
  #repo: Repo | null = null
  #stopped = false
  #listening = false
  #everListened = false
  #queued = new Map<string, DocQueue>()
  #draining = false
  #reconnect: ReturnType<typeof setTimeout> | null = null
  /** Called when listening starts (null) or the connection is lost (reason). */
  onAvailability: ((reason: string | null) => void) | null = null

  constructor(
    private readonly connectionString: string,
    private readonly storage: PostgresStorage,
    private readonly log: Logger,
    private readonly metrics: PostgresMetrics,
  ) {}

  get listening(): boolean {
    return this.#listening
  }

  /** The backend's process id of the listening connection (for tests that cut it). */
  backendPid: number | null = null

  attach(repo: Repo): void {
    this.#repo = repo
  }

  /** Connects and listens; resolves once listening (or keeps retrying in the background). */
  async start(): Promise<void> {
    await this.#connect(0)
  }

  async #connect(attempt: number): Promise<void> {
    if (this.#stopped) return
    const client = new pg.Client({
      connectionString: this.connectionString,
      // Names the connection in pg_stat_activity, so an operator (or a test) can find it.
      application_name: `baton-listener:${process.pid}`,
    })
    client.on("error", () => undefined) // reported through "end"
    try {
      await client.connect()
      await client.query(`LISTEN ${CHUNK_CHANNEL}`)
      const pid = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")
      this.backendPid = pid.rows[0]!.pid
    } catch (e) {
      await client.end().catch(() => undefined)
      if (this.#stopped) return
      const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!
      if (attempt === 0)
        this.log.warn("database listener cannot connect; retrying", { error: (e as Error).message })
      this.#reconnect = setTimeout(() => void this.#connect(attempt + 1), wait)
      return
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    client.on("notification", (n) => this.#notified(n.payload))
    client.on("end", () => this.#dropped(client))
    this.#listening = true
    this.onAvailability?.(null)
    if (this.#everListened) {
      this.log.info("database listener back; catching up on documents in memory")
      this.#catchUp()
    }
    this.#everListened = true
  }

  #dropped(client: pg.Client): void {
    if (this.#client !== client) return
    this.#client = null
    this.#listening = false
    this.backendPid = null
    if (this.#stopped) return
    this.metrics.listenerDrops++
    this.log.warn("database listener lost; reconnecting")
    this.onAvailability?.("database listener disconnected")
    void this.#connect(0)
  }

  /** Every document in memory may have missed notifications: re-read all of them. */
  #catchUp(): void {
    const repo = this.#repo
    if (!repo) return
    for (const documentId of Object.keys(repo.handles)) {
      this.metrics.catchUps++
      this.#enqueue(documentId, (q) => (q.reload = true))
    }
  }

  #notified(payload: string | undefined): void {
    if (!payload) return
    let notice: ChunkNotice
    try {
      notice = JSON.parse(payload) as ChunkNotice
    } catch {
      return
    }
    if (notice.r === this.storage.instanceId) return
    this.metrics.notificationsReceived++
    const documentId = notice.k[0]
    if (typeof documentId !== "string" || !this.#repo?.handles[documentId as DocumentId]) return
    this.#enqueue(documentId, (q) => {
      if (typeof notice.b === "string")
        q.inline.push(new Uint8Array(Buffer.from(notice.b, "base64")))
      else q.keys.push(notice.k)
    })
  }

  #enqueue(documentId: string, add: (q: DocQueue) => void): void {
    let q = this.#queued.get(documentId)
    if (!q) {
      q = { keys: [], inline: [], reload: false }
      this.#queued.set(documentId, q)
    }
    add(q)
    if (!this.#draining) {
      this.#draining = true
      queueMicrotask(() => void this.#drain())
    }
  }

  /** Applies the queued chunks, one document after another, batching each document's chunks. */
  async #drain(): Promise<void> {
    try {
      while (this.#queued.size > 0 && !this.#stopped) {
        const [documentId, q] = this.#queued.entries().next().value as [string, DocQueue]
        this.#queued.delete(documentId)
        try {
          await this.#apply(documentId, q)
        } catch (e) {
          this.log.warn("applying another relay's chunk failed", {
            documentId,
            error: (e as Error).message,
          })
        }
      }
    } finally {
      this.#draining = false
    }
  }

  async #apply(documentId: string, q: DocQueue): Promise<void> {
    const handle = this.#repo?.handles[documentId as DocumentId] as DocHandle<unknown> | undefined
    if (!handle) return
    if (!handle.isReady()) {
      // Still loading: its read may have missed this chunk; apply once it is ready.
      await handle.whenReady(["ready", "unavailable", "deleted", "unloaded"])
      if (!handle.isReady()) return
    }
    const binaries = [...q.inline]
    let reload = q.reload
    if (!reload && q.keys.length > 0) {
      const found = await this.storage.loadKeys(q.keys)
      if (found.length < q.keys.length) {
        this.metrics.reloads++
        reload = true
      }
      for (const c of found) if (c.data) binaries.push(c.data)
    }
    if (reload) {
      for (const kind of ["snapshot", "incremental"])
        for (const c of await this.storage.loadRange([documentId, kind]))
          if (c.data) binaries.push(c.data)
    }
    if (binaries.length === 0 || !handle.isReady()) return
    const before = handle.heads()
    handle.update((doc) => {
      let next = doc
      for (const b of binaries) next = A.loadIncremental(next, b)
      return next
    })
    if (handle.heads().join() !== before.join()) this.metrics.notificationsApplied++
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#reconnect) clearTimeout(this.#reconnect)
    const client = this.#client
    this.#client = null
    this.#listening = false
    if (client) await client.end().catch(() => undefined)
  }
}
