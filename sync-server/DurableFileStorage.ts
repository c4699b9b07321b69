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
 *   next batch (in parallel, each directory fsync'd once), so throughput does not collapse
 *   to one fsync round-trip per change;
 * - forgiving on read: a chunk that cannot be read, or that Automerge cannot parse, is
 *   logged and skipped; it never stops other chunks or other documents from loading.
 */
import { promises as fs } from "node:fs"
import { dirname, join, relative, sep } from "node:path"
import { loadIncremental, init } from "@automerge/automerge"
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo"
import type { Logger } from "./log"
import type { RelayMetrics } from "./metrics"

interface PendingWrite {
  path: string
  data: Uint8Array
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
  #flushing: Promise<void> | null = null
  #tempSeq = 0
  #closed = false

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
    const queued = this.#pending.get(path)
    if (queued) return queued.data
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
        await this.#writeBatch(batch)
      }
      this.#flushing = null
    })()
  }

  async #writeBatch(batch: PendingWrite[]): Promise<void> {
    this.metrics.fsyncBatches++
    const dirs = new Set<string>()
    await Promise.all(
      batch.map(async (w) => {
        const started = performance.now()
        try {
          await this.#ensureDir(dirname(w.path), dirs)
          const temp = `${w.path}${TEMP_MARK}${process.pid}-${++this.#tempSeq}`
          const fh = await fs.open(temp, "w")
          try {
            await fh.writeFile(w.data)
            await fh.datasync()
          } finally {
            await fh.close()
          }
          await fs.rename(temp, w.path)
          dirs.add(dirname(w.path))
          this.metrics.observeWrite((performance.now() - started) / 1000)
        } catch (e) {
          for (const waiter of w.waiters) waiter.reject(e)
          w.waiters = []
        }
      }),
    )
    // One fsync per directory makes every rename in it durable.
    await Promise.all([...dirs].map((d) => this.#syncDir(d)))
    for (const w of batch) for (const waiter of w.waiters) waiter.resolve()
  }

  /** mkdir -p, remembering created directories (and their parents) for the fsync pass. */
  async #ensureDir(dir: string, dirs: Set<string>): Promise<void> {
    const created = await fs.mkdir(dir, { recursive: true })
    if (created === undefined) return
    let d = dir
    while (d.length >= created.length) {
      dirs.add(dirname(d))
      d = dirname(d)
    }
  }

  async #syncDir(dir: string): Promise<void> {
    try {
      const fh = await fs.open(dir, "r")
      try {
        await fh.sync()
      } finally {
        await fh.close()
      }
    } catch (e) {
      this.log.warn("directory fsync failed", { dir, error: String(e) })
    }
  }

  async remove(key: StorageKey): Promise<void> {
    const path = this.pathFor(key)
    this.#dropPending(path)
    try {
      await fs.unlink(path)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e
    }
  }

  /** A queued write made moot by a removal: its savers are done. */
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

  /** Resolves when every save issued so far is durable. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing
  }

  /** Drains, then ignores further saves (the relay is shutting down). */
  async close(): Promise<void> {
    await this.drain()
    this.#closed = true
  }
}
