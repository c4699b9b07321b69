/**
 * An in-memory automerge-repo storage adapter, for tests and for running a repo that keeps
 * nothing. Implements the same interface as the IndexedDB and file-system adapters.
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from "@automerge/automerge-repo"

const SEP = "\u0000"

export class MemoryStorageAdapter implements StorageAdapterInterface {
  #data = new Map<string, Uint8Array>()

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.#data.get(key.join(SEP))
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.#data.set(key.join(SEP), data)
  }

  async remove(key: StorageKey): Promise<void> {
    this.#data.delete(key.join(SEP))
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const chunks: Chunk[] = []
    for (const [k, data] of this.#data) {
      const key = k.split(SEP)
      if (prefix.every((p, i) => key[i] === p)) chunks.push({ key, data })
    }
    return chunks
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    for (const k of [...this.#data.keys()]) {
      const key = k.split(SEP)
      if (prefix.every((p, i) => key[i] === p)) this.#data.delete(k)
    }
  }
}
