/**
 * Where the relay keeps its access state: a small interface so that a database-backed relay
 * can keep it beside the documents. `loadAll` runs once at start-up (every check after that
 * is synchronous, on the relay's in-memory copy); `save` writes one board's record whole.
 */
import { randomUUID } from "node:crypto"
import { promises as fs } from "node:fs"
import { join } from "node:path"
import type { BoardAccess } from "./types"

export interface AuthStore {
  loadAll(): Promise<BoardAccess[]>
  /** Resolves once the record is durable. */
  save(access: BoardAccess): Promise<void>
  /**
   * For stores several relays share: calls `onRecord` with each record another relay saved,
   * so this relay's copy follows. Stores of one relay have none.
   */
  watch?(onRecord: (record: BoardAccess) => void): Promise<void>
  close(): Promise<void>
}

/** Keeps each board's record as `<dir>/<documentId>.json`, written atomically. */
export class FileAuthStore implements AuthStore {
  /** Saves of one board run one after another, so an older record never overwrites a newer. */
  #chains = new Map<string, Promise<void>>()

  constructor(private readonly dir: string) {}

  async loadAll(): Promise<BoardAccess[]> {
    await fs.mkdir(this.dir, { recursive: true })
    const out: BoardAccess[] = []
    for (const name of await fs.readdir(this.dir)) {
      if (!name.endsWith(".json")) continue
      // An unreadable record stops the relay instead of being skipped: skipped, its board
      // would count as unclaimed and be open to anyone.
      const file = join(this.dir, name)
      let parsed: BoardAccess
      try {
        parsed = JSON.parse(await fs.readFile(file, "utf8")) as BoardAccess
      } catch (e) {
        throw new Error(`access record ${file} is unreadable (${String(e)})`)
      }
      if (parsed?.version !== 1 || typeof parsed.documentId !== "string" || !parsed.links)
        throw new Error(`access record ${file} is not a version 1 record`)
      out.push(parsed)
    }
    return out
  }

  save(access: BoardAccess): Promise<void> {
    const body = JSON.stringify(access)
    const previous = this.#chains.get(access.documentId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => this.#write(access.documentId, body))
    this.#chains.set(access.documentId, next)
    return next
  }

  async #write(documentId: string, body: string): Promise<void> {
    const file = join(this.dir, `${documentId}.json`)
    const tmp = join(this.dir, `.${documentId}.${randomUUID()}.tmp`)
    const handle = await fs.open(tmp, "w")
    try {
      await handle.writeFile(body)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(tmp, file)
    const dirHandle = await fs.open(this.dir, "r")
    try {
      await dirHandle.sync()
    } finally {
      await dirHandle.close()
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#chains.values()])
  }
}

/** Keeps records in memory only (benchmarks, and relays that need no persistence). */
export class MemoryAuthStore implements AuthStore {
  readonly records = new Map<string, string>()
  loadAll(): Promise<BoardAccess[]> {
    return Promise.resolve([...this.records.values()].map((r) => JSON.parse(r) as BoardAccess))
  }
  save(access: BoardAccess): Promise<void> {
    this.records.set(access.documentId, JSON.stringify(access))
    return Promise.resolve()
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}
