/**
 * What session tests open boards from: documents in memory, found at once or after a while
 * (`arrive`), early edits in a memory key-value store, shown-first writes on an explicit queue.
 */
import type * as A from "@automerge/automerge"
import type { Board } from "../model/types"
import { earlyEditsIn } from "../sync/storage/earlyEdits"
import type { EarlyEdits } from "../sync/storage/earlyEdits"
import type { BoardSnapshot } from "../sync/storage/snapshotCache"
import { memoryBoardDoc } from "./memoryBoardDoc"
import type { MemoryBoardDoc } from "./memoryBoardDoc"
import type { BoardSource, OpenBoardOptions, SnapshotStore } from "./openBoard"

export interface TestSource extends BoardSource {
  /** Makes a document that was missing arrive. */
  arrive(documentId: string, doc: A.Doc<Board>): MemoryBoardDoc
  /** The document a session found, once found. */
  opened(documentId: string): MemoryBoardDoc | undefined
}

/**
 * `docs` are found at once; others are unavailable until `arrive`; `fail` makes every find
 * reject with that message.
 */
export function testSource(docs: Record<string, A.Doc<Board>> = {}, fail?: string): TestSource {
  const opened = new Map<string, MemoryBoardDoc>()
  const waiting = new Map<string, (doc: MemoryBoardDoc) => void>()
  return {
    async findBoard(documentId, { onUnavailable }) {
      await Promise.resolve()
      if (fail !== undefined) throw new Error(fail)
      const known = docs[documentId]
      if (known !== undefined) {
        const doc = memoryBoardDoc(known, documentId)
        opened.set(documentId, doc)
        return doc
      }
      onUnavailable()
      return new Promise((resolve) => waiting.set(documentId, resolve))
    },
    arrive(documentId, value) {
      const doc = memoryBoardDoc(value, documentId)
      opened.set(documentId, doc)
      waiting.get(documentId)?.(doc)
      return doc
    },
    opened: (documentId) => opened.get(documentId),
  }
}

/** A key-value store in memory (as localStorage). */
export function memoryKeyValue(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const m = new Map<string, string>()
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  }
}

/**
 * Snapshots in memory; `saved` holds what the session saved last. Copied in and out, as
 * IndexedDB copies them (a snapshot's board is the store's own object when it is taken).
 */
export function memorySnapshots(initial: BoardSnapshot | null = null): SnapshotStore & {
  saved: () => BoardSnapshot | null
} {
  let stored = initial === null ? null : structuredClone(initial)
  const keep = (s: BoardSnapshot): void => void (stored = structuredClone(s))
  return {
    read: () => Promise.resolve(stored === null ? null : structuredClone(stored)),
    saver: (take) => ({ changed: () => keep(take()), stop: () => keep(take()) }),
    saved: () => stored,
  }
}

/** Options for a session under test: writes queued in `tasks`, messages kept in `told`. */
export function testOptions(
  member = "ann",
  early: EarlyEdits = earlyEditsIn(memoryKeyValue()),
): OpenBoardOptions & { tasks: (() => void)[]; told: string[]; runLater(): void } {
  const tasks: (() => void)[] = []
  const told: string[] = []
  return {
    memberId: () => member,
    notify: (m) => void told.push(m),
    later: (t) => void tasks.push(t),
    early,
    snapshots: null,
    now: () => Date.parse("2026-11-25T03:00:00.000Z"),
    tasks,
    told,
    runLater() {
      for (let t = tasks.shift(); t !== undefined; t = tasks.shift()) t()
    },
  }
}
