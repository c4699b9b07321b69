/**
 * Boards whose copy on this device was partly unreadable when opened (a damaged disk, a
 * storage written by a broken browser): the readable parts were opened, the rest skipped, and
 * the relay fills in what is missing. The board page says so once per visit.
 */
import * as A from "@automerge/automerge"

export interface Damage {
  /** Stored chunks that could not be read. */
  skipped: number
  /** Stored chunks read. */
  read: number
}

const damaged = new Map<string, Damage>()

export function reportDamage(documentId: string, damage: Damage): void {
  damaged.set(documentId, damage)
}

/** Whether damage was found when `documentId` was opened (and not yet taken). */
export function hasDamage(documentId: string): boolean {
  return damaged.has(documentId)
}

/** The damage found when `documentId` was opened, once: a later call returns null. */
export function takeDamage(documentId: string): Damage | null {
  const found = damaged.get(documentId) ?? null
  damaged.delete(documentId)
  return found
}

/**
 * Opens what can be read of a document's stored chunks (snapshots first, then incremental
 * ones): each chunk is checked on its own, the readable ones are loaded together. Changes of a
 * readable chunk that depend on an unreadable one wait in the document until those arrive
 * from a peer.
 */
export function loadReadable<T>(
  chunks: readonly Uint8Array[],
  actor: string,
): { doc: A.Doc<T>; damage: Damage } {
  const readable: Uint8Array[] = []
  for (const chunk of chunks) {
    try {
      A.loadIncremental(A.init(), chunk)
      readable.push(chunk)
    } catch {
      // unreadable: skipped
    }
  }
  let doc = A.init<T>({ actor })
  for (const chunk of readable) doc = A.loadIncremental(doc, chunk)
  return { doc, damage: { skipped: chunks.length - readable.length, read: readable.length } }
}
