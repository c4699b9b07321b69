/**
 * What the relay does with documents in memory beyond what automerge-repo does:
 *
 * - forwards changes at once: the upstream DocSynchronizer batches outgoing sync messages
 *   with a 100 ms throttle; on a relay that throttle is pure added latency, so when a
 *   document changes the relay starts a sync round with each of the document's peers right
 *   away (the durability gate still holds every message until the change is on disk);
 * - evicts idle documents: a document with no message in or out for `idleMs` is made
 *   durable, then dropped from memory (`repo.removeFromCache`). It is loaded again from
 *   disk on the next message about it; peers that asked for it earlier still get its
 *   changes, because the repo remembers who requested what.
 */
import type { DocHandle, DocumentId, PeerId, Repo } from "@automerge/automerge-repo"
import type { DurabilityGate } from "./DurabilityGate"
import type { Logger } from "./log"
import type { RelayMetrics } from "./metrics"

interface SyncLike {
  hasPeer(peerId: PeerId): boolean
  beginSync(peerIds: PeerId[]): Promise<void>
}

export class DocumentLifecycle {
  #lastActivity = new Map<string, number>()
  #hooked = new WeakSet<DocHandle<unknown>>()
  #sweeper: ReturnType<typeof setInterval> | null = null
  #evicting = new Set<string>()
  #sweeping: Promise<void> | null = null
  #stopped = false
  onEvicted: ((documentId: string) => void) | null = null

  constructor(
    private readonly repo: Repo,
    private readonly gate: DurabilityGate,
    private readonly idleMs: number,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
    private readonly forwardImmediately = true,
  ) {}

  start(): void {
    const every = Math.max(50, Math.min(this.idleMs / 2, 5000))
    this.#sweeper = setInterval(() => {
      if (this.#sweeping || this.#stopped) return
      this.#sweeping = this.sweep().finally(() => (this.#sweeping = null))
    }, every)
    this.#sweeper.unref()
  }

  /** Stops sweeping and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#sweeper) clearInterval(this.#sweeper)
    this.#sweeper = null
    await this.#sweeping
  }

  /** Records a message in or out about `documentId`. */
  touch(documentId: string): void {
    if (!this.#lastActivity.has(documentId)) {
      this.metrics.documentsLoaded++
      // The handle appears once the repo has processed the message.
      setImmediate(() => this.#hook(documentId))
    }
    this.#lastActivity.set(documentId, Date.now())
  }

  #hook(documentId: string): void {
    if (!this.forwardImmediately) return
    const handle = this.repo.handles[documentId as DocumentId]
    if (!handle || this.#hooked.has(handle)) return
    this.#hooked.add(handle)
    handle.on("change", () => {
      const sync = (
        this.repo.synchronizer.docSynchronizers as Record<string, SyncLike | undefined>
      )[documentId]
      if (!sync) return
      const peers = this.repo.peers.filter((p) => sync.hasPeer(p))
      if (peers.length > 0) void sync.beginSync(peers)
    })
  }

  /** Evicts every document idle for longer than `idleMs`. */
  async sweep(now = Date.now()): Promise<void> {
    const idle = [...this.#lastActivity.entries()]
      .filter(([, t]) => now - t > this.idleMs)
      .map(([id]) => id)
    for (const documentId of Object.keys(this.repo.handles)) {
      if (!this.#lastActivity.has(documentId)) this.#lastActivity.set(documentId, now)
    }
    await Promise.all(idle.map((id) => this.#evict(id)))
  }

  async #evict(documentId: string): Promise<void> {
    if (this.#evicting.has(documentId)) return
    this.#evicting.add(documentId)
    try {
      const handle = this.repo.handles[documentId as DocumentId]
      if (!handle) {
        this.#lastActivity.delete(documentId)
        return
      }
      if (handle.isReady()) {
        await this.gate.ensure(documentId)
      } else if (handle.state === "unavailable") {
        // Nobody had it: make it an empty ready document so the repo can drop the handle.
        handle.doneLoading()
      } else {
        return // still loading or requesting: try again next sweep
      }
      const last = this.#lastActivity.get(documentId) ?? 0
      if (Date.now() - last <= this.idleMs) return // touched while we were flushing
      await this.repo.removeFromCache(documentId as DocumentId)
      this.#lastActivity.delete(documentId)
      this.gate.forget(documentId)
      this.metrics.documentsEvicted++
      this.onEvicted?.(documentId)
      this.log.debug("document evicted", { documentId })
    } catch (e) {
      this.log.warn("eviction failed", { documentId, error: String(e) })
    } finally {
      this.#evicting.delete(documentId)
    }
  }
}
