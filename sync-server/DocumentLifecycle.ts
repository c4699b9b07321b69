/**
 * What the relay does with documents in memory beyond what automerge-repo does:
 *
 * - forwards changes at once: the upstream DocSynchronizer batches outgoing sync messages
 *   with a 100 ms throttle; on a relay that throttle is pure added latency, so the relay
 *   lets it fire on the next tick instead (the durability gate still holds every message
 *   until the change is on disk); only when the relay's event loop is lagging (overload)
 *   does it keep the throttle, because then batching serves every peer better;
 * - starts making a change durable as soon as it arrives (when forwarding waits for the disk):
 *   the first outgoing message about it would otherwise start the write only once the
 *   fan-out runs, a turn of the event loop later, which on a busy relay is tens of ms;
 * - evicts idle documents: a document with no message in or out for `idleMs` is made
 *   durable, then dropped from memory (`repo.removeFromCache`). It is loaded again from
 *   disk on the next message about it; peers that asked for it earlier still get its
 *   changes, because the repo remembers who requested what.
 */
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import type { DurabilityGate } from "./DurabilityGate"
import type { Logger } from "./log"
import type { RelayMetrics } from "./metrics"
import { skipSyncThrottle } from "./skipSyncThrottle"

export interface DocumentLifecycleOptions {
  repo: Repo
  gate: DurabilityGate
  /** A document with no message in or out for this long is evicted from memory. */
  idleMs: number
  log: Logger
  metrics: RelayMetrics
  /** Forward a change as soon as it is applied instead of after the repo's sync throttle. */
  forwardImmediately?: boolean
  /** Ask the durability gate to write a change as soon as it is applied. */
  flushOnChange?: boolean
}

/** Event-loop lag probe interval, and the lag above which the relay counts as busy. */
const LAG_PROBE_MS = 10
const BUSY_LAG_MS = 25

export class DocumentLifecycle {
  #lastActivity = new Map<string, number>()
  #hooked = new WeakSet<DocHandle<unknown>>()
  #sweeper: ReturnType<typeof setInterval> | null = null
  #evicting = new Set<string>()
  #sweeping: Promise<void> | null = null
  #stopped = false
  onEvicted: ((documentId: string) => void) | null = null

  private readonly repo: Repo
  private readonly gate: DurabilityGate
  private readonly idleMs: number
  private readonly log: Logger
  private readonly metrics: RelayMetrics
  private readonly forwardImmediately: boolean
  private readonly flushOnChange: boolean

  constructor(options: DocumentLifecycleOptions) {
    this.repo = options.repo
    this.gate = options.gate
    this.idleMs = options.idleMs
    this.log = options.log
    this.metrics = options.metrics
    this.forwardImmediately = options.forwardImmediately ?? true
    this.flushOnChange = options.flushOnChange ?? true
  }

  /** How late the relay's timers run: a measure of how busy its event loop is. */
  #lagMs = 0
  #lagTimer: ReturnType<typeof setInterval> | null = null

  start(): void {
    let expected = performance.now() + LAG_PROBE_MS
    this.#lagTimer = setInterval(() => {
      const now = performance.now()
      // Decaying maximum: one late tick marks the loop busy for a few hundred ms.
      this.#lagMs = Math.max(now - expected, this.#lagMs * 0.9)
      expected = now + LAG_PROBE_MS
    }, LAG_PROBE_MS)
    this.#lagTimer.unref()
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
    if (this.#lagTimer) clearInterval(this.#lagTimer)
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
    const handle = this.repo.handles[documentId as DocumentId]
    if (!handle || this.#hooked.has(handle)) return
    this.#hooked.add(handle)
    if (this.flushOnChange)
      handle.on("heads-changed", () => {
        // A failed write is retried by the first message that needs it, and reported there.
        this.gate.ensure(documentId)?.catch(() => undefined)
      })
    if (!this.forwardImmediately) return
    // Changes go out at once (see skipSyncThrottle.ts), except when the relay is overloaded:
    // then batching (the throttle) beats immediacy, fewer and larger messages for every peer.
    skipSyncThrottle(handle as DocHandle<unknown>, () => this.#lagMs > BUSY_LAG_MS)
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
