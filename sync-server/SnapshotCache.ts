/**
 * The relay's recent snapshot of each document (`A.save` bytes), served to a device that has
 * nothing of a board (`baton-snapshot-request`, docs/protocol.md) instead of letting the sync
 * protocol replay its history change by change.
 *
 * A snapshot is made at most once per `refreshMs` per document: a request within that time
 * gets the cached bytes even if the document moved on since, and the sync that follows the
 * snapshot brings the rest. So serving costs no `A.save` per request.
 */
import * as A from "@automerge/automerge"
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"

interface Entry {
  bytes: Uint8Array
  heads: string[]
  madeAt: number
}

export class SnapshotCache {
  readonly #entries = new Map<string, Entry>()
  readonly #making = new Map<string, Promise<Uint8Array | null>>()
  /** Snapshots made (each one an `A.save`), for tests and metrics. */
  saves = 0

  constructor(
    private readonly repo: Repo,
    private readonly refreshMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The document's snapshot, or null when the relay does not have the document. */
  get(documentId: string): Promise<Uint8Array | null> {
    const entry = this.#entries.get(documentId)
    if (entry && this.now() - entry.madeAt < this.refreshMs) return Promise.resolve(entry.bytes)
    const making = this.#making.get(documentId)
    if (making) return making
    const made = this.#make(documentId, entry).finally(() => this.#making.delete(documentId))
    this.#making.set(documentId, made)
    return made
  }

  /** Forgets a document's snapshot (the document was evicted or compacted). */
  forget(documentId: string): void {
    this.#entries.delete(documentId)
  }

  async #make(documentId: string, previous: Entry | undefined): Promise<Uint8Array | null> {
    const handle = await this.#handle(documentId)
    if (handle === null) return null
    const doc = handle.doc()
    const heads = A.getHeads(doc)
    if (previous && sameHeads(previous.heads, heads)) {
      previous.madeAt = this.now()
      return previous.bytes
    }
    if (heads.length === 0) return null
    const bytes = A.save(doc)
    this.saves++
    this.#entries.set(documentId, { bytes, heads, madeAt: this.now() })
    return bytes
  }

  async #handle(documentId: string): Promise<DocHandle<unknown> | null> {
    const known = this.repo.handles[documentId as DocumentId]
    if (known?.isReady()) return known
    try {
      return await this.repo.find<unknown>(documentId as DocumentId)
    } catch {
      return null
    }
  }
}

function sameHeads(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i])
}
