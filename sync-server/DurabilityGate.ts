/**
 * "Durable before forwarded": the relay sends no sync message about a document until the
 * document, as it stands when the message is sent, is on disk. A peer that has received a
 * change from the relay (or been told the relay holds it) can therefore never see it lost to
 * a relay crash.
 *
 * Each document has at most one flush running and one waiting; every sender that arrives
 * while one is waiting shares it, so bursts of messages cost one save (and the storage's
 * group commit shares the fsyncs between documents).
 */
import * as A from "@automerge/automerge"
import type { DocumentId, Repo } from "@automerge/automerge-repo"
import { sameHeads } from "../src/model/heads"

interface DocState {
  /**
   * The document version last made durable, and its heads (Automerge's hex hashes: the
   * handle's `heads()` would base58-encode them on every outgoing message).
   */
  durableDoc: unknown
  durableHeads: string[] | null
  running: Promise<void> | null
  waiting: Promise<void> | null
}

export class DurabilityGate {
  #docs = new Map<string, DocState>()

  constructor(private readonly repo: Repo) {}

  /**
   * Null when the document's current state is already durable (send at once); otherwise a
   * promise that resolves once it is.
   */
  ensure(documentId: string): Promise<void> | null {
    const handle = this.repo.handles[documentId as DocumentId]
    if (!handle || !handle.isReady()) return null
    const state = this.#state(documentId)
    if (state.waiting === null && state.durableHeads) {
      // Documents are immutable values: the same object is the same version.
      const doc = handle.doc()
      if (doc === state.durableDoc) return null
      if (sameHeads(state.durableHeads, A.getHeads(doc))) {
        state.durableDoc = doc
        return null
      }
    }
    if (state.waiting) return state.waiting
    const previous = state.running ?? Promise.resolve()
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        state.waiting = null
        state.running = next
        const h = this.repo.handles[documentId as DocumentId]
        if (!h || !h.isReady()) return
        const doc = h.doc()
        await this.repo.flush([documentId as DocumentId])
        state.durableDoc = doc
        state.durableHeads = A.getHeads(doc)
      })
      .finally(() => {
        if (state.running === next) state.running = null
      })
    state.waiting = next
    return next
  }

  /** Forgets an evicted document. */
  forget(documentId: string): void {
    const s = this.#docs.get(documentId)
    if (s && !s.running && !s.waiting) this.#docs.delete(documentId)
  }

  #state(documentId: string): DocState {
    let s = this.#docs.get(documentId)
    if (!s) {
      s = { durableDoc: null, durableHeads: null, running: null, waiting: null }
      this.#docs.set(documentId, s)
    }
    return s
  }
}
