/**
 * The relay's storage: automerge-repo's `StorageAdapterInterface` on the local file system,
 * in the same layout as the upstream NodeFSStorageAdapter (`<dir>/<id[0:2]>/<id[2:]>/…`) so
 * existing data directories keep working, but:
 *
 * - durable: `save` resolves only once the bytes are fsync'd and the rename is fsync'd in
 *   the directory, so "saved" survives power loss and `kill -9`;
 * - atomic: a file is written to a temporary name, fsync'd, then renamed over the target;
 *   a crash leaves the old file or the new one, never a torn one;
 * - group commit: saves issued while a batch is being written are written together in the
 *   next batch (each directory fsync'd once), so throughput does not collapse to one fsync
 *   round-trip per change;
 * - off the event loop: a batch is written by a worker thread in one go (batchWriter.ts), so
 *   a busy relay does not add an event-loop wait to each of a write's file operations;
 * - forgiving on read: a chunk that cannot be read, or that Automerge cannot parse, is
 *   logged and skipped; it never stops other chunks or other documents from loading.
 */
import { promises as fs } from "node:fs"
import { BatchWriter } from "./batchWriter"
import type { WriterReply } from "./batchWriter"
import { join, relative, sep } from "node:path"
import { loadIncremental, init } from "@automerge/automerge"
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo"
import type { Logger } from "./log"
import type { RelayMetrics } from "./metrics"

interface PendingWrite {
  path: string
  /** The bytes to write, or null to delete the file. */
  data: Uint8Array | null
  waiters: { resolve: () => void; reject: (e: unknown) => void }[]
}

const TEMP_MARK = ".tmp-"

/** Key parts become path segments: refuse anything that could step outside the directory. */
function checkKeyPart(part: string): void {
  if (
    part.length === 0 ||
    part === "." ||
    part === ".." ||
    part.includes("/") ||
    part.includes("\\") ||
    part.includes("\0")
  )
    throw new Error(`refusing unsafe storage key part ${JSON.stringify(part)}`)
}

export class DurableFileStorage implements StorageAdapterInterface {
  #pending = new Map<string, PendingWrite>()
  /** The batch being written, by path. */
  #writing = new Map<string, PendingWrite>()
  #flushing: Promise<void> | null = null
  #tempSeq = 0
  #closed = false
  #writer = new BatchWriter()

  constructor(
    readonly baseDirectory: string,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
  ) {}

  pathFor(key: StorageKey): string {
    key.forEach(checkKeyPart)
    const [first, ...rest] = key
    if (first === undefined) throw new Error("empty storage key")
    const head = first.length > 2 ? [first.slice(0, 2), first.slice(2)] : [first]
    return join(this.baseDirectory, ...head, ...rest)
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const path = this.pathFor(key)
    // Not on disk yet (or not deleted yet): what the queue will leave there.
    const queued = this.#pending.get(path) ?? this.#writing.get(path)
    if (queued) return queued.data ?? undefined
    try {
      return new Uint8Array(await fs.readFile(path))
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === "ENOENT") return undefined
      this.metrics.storageCorruptChunks++
      this.log.error("unreadable stored file skipped", { path, code: code ?? String(e) })
      return undefined
    }
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    const path = this.pathFor(key)
    // After close() every document has been flushed; late background saves are moot.
    if (this.#closed) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const existing = this.#pending.get(path)
      if (existing) {
        // Not yet started: the newer bytes replace the older ones in the same batch.
        existing.data = data
        existing.waiters.push({ resolve, reject })
      } else {
        this.#pending.set(path, { path, data, waiters: [{ resolve, reject }] })
      }
      this.#schedule()
    })
  }

  /** Starts a batch now if none is running; otherwise the running one starts the next. */
  #schedule(): void {
    if (this.#flushing) return
    this.#flushing = (async () => {
      while (this.#pending.size > 0) {
        const batch = [...this.#pending.values()]
        this.#pending.clear()
        for (const w of batch) this.#writing.set(w.path, w)
        await this.#writeBatch(batch)
        this.#writing.clear()
      }
      this.#flushing = null
    })()
  }

  async #writeBatch(batch: PendingWrite[]): Promise<void> {
    this.metrics.fsyncBatches++
    const started = performance.now()
    const writes = batch.map((w) => ({
      path: w.path,
      temp: `${w.path}${TEMP_MARK}${process.pid}-${++this.#tempSeq}`,
      data: w.data,
    }))
    let reply: WriterReply
    try {
      reply = await this.#writer.write(writes)
    } catch (e) {
      for (const w of batch) for (const waiter of w.waiters) waiter.reject(e)
      return
    }
    const seconds = (performance.now() - started) / 1000
    for (const warning of reply.dirWarnings) this.log.warn("directory fsync failed", warning)
    batch.forEach((w, i) => {
      const error = reply.errors[i]
      if (w.data === null) {
        if (error)
          this.log.warn("deleting a stored file failed", { path: w.path, error: error.message })
        return
      }
      if (error) {
        for (const waiter of w.waiters)
          waiter.reject(Object.assign(new Error(error.message), { code: error.code }))
      } else {
        this.metrics.observeWrite(seconds)
        for (const waiter of w.waiters) waiter.resolve()
      }
    })
  }

  /**
   * Deletes a file in the write queue's order (a later save of the same key wins) and returns
   * at once: automerge-repo deletes a document's old chunks one by one after compacting, and
   * waiting for each would hold up the document's durability (and so its forwarding) for one
   * event-loop turn per chunk. A deletion lost to a crash leaves an old chunk whose changes
   * the snapshot already has; loading merges them.
   */
  remove(key: StorageKey): Promise<void> {
    const path = this.pathFor(key)
    if (this.#closed) return Promise.resolve()
    const existing = this.#pending.get(path)
    if (existing) {
      // A save not yet started is superseded by the deletion.
      for (const waiter of existing.waiters) waiter.resolve()
      existing.waiters = []
      existing.data = null
    } else {
      this.#pending.set(path, { path, data: null, waiters: [] })
    }
    this.#schedule()
    return Promise.resolve()
  }

  #dropPending(path: string): void {
    const w = this.#pending.get(path)
    if (!w) return
    this.#pending.delete(path)
    for (const waiter of w.waiters) waiter.resolve()
  }

  async loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    const dir = this.pathFor(keyPrefix)
    const files = await this.#walk(dir)
    const chunks: Chunk[] = []
    const isDocChunk =
      keyPrefix.length === 2 && (keyPrefix[1] === "snapshot" || keyPrefix[1] === "incremental")
    for (const file of files) {
      const rest = relative(dir, file).split(sep)
      const key = [...keyPrefix, ...rest]
      const data = await this.load(key)
      if (data === undefined) continue
      if (isDocChunk && !this.#parses(data)) {
        this.metrics.storageCorruptChunks++
        this.log.error("corrupt stored chunk skipped", { path: file, bytes: data.byteLength })
        continue
      }
      chunks.push({ key, data })
    }
    return chunks
  }

  #parses(data: Uint8Array): boolean {
    try {
      loadIncremental(init(), data)
      return true
    } catch {
      return false
    }
  }

  async #walk(dir: string): Promise<string[]> {
    let entries
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== "ENOENT" && code !== "ENOTDIR")
        this.log.error("unreadable directory skipped", { dir, code })
      return []
    }
    const out: string[] = []
    for (const e of entries) {
      const full = join(dir, e.name)
      if (e.isDirectory()) out.push(...(await this.#walk(full)))
      else if (e.name.includes(TEMP_MARK))
        continue // left by a crash mid-write: never renamed, never valid
      else out.push(full)
    }
    return out
  }

  async removeRange(keyPrefix: StorageKey): Promise<void> {
    const dir = this.pathFor(keyPrefix)
    for (const path of [...this.#pending.keys()])
      if (path.startsWith(dir + sep)) this.#dropPending(path)
    await fs.rm(dir, { recursive: true, force: true })
  }

  /**
   * Settles the saves of a batch the writer has finished, without waiting for the event loop
   * to get round to its reply (see batchWriter.ts); the relay calls this for every frame.
   */
  poll(): void {
    this.#writer.poll()
  }

  /** Resolves when every save issued so far is durable. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing
  }

  /** Drains, then ignores further saves (the relay is shutting down). */
  async close(): Promise<void> {
    await this.drain()
    this.#closed = true
    await this.#writer.close()
  }
}
