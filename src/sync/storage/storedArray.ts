/** Lists that Baton keeps as JSON in `localStorage`. */

/**
 * The array stored as JSON under `key`: empty when there is none, when the storage cannot be
 * read, or when what is there is not a JSON array. Never throws; the caller checks the items.
 */
export function readStoredArray(store: Pick<Storage, "getItem"> | null, key: string): unknown[] {
  if (store === null) return []
  try {
    const raw = store.getItem(key)
    if (raw === null) return []
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? (parsed as unknown[]) : []
  } catch {
    return []
  }
}

/**
 * Stores `items` as JSON under `key` (removing the key when there are none). Throws what the
 * storage throws (a full or blocked one), or when there is no storage.
 */
export function writeStoredArray(
  store: Pick<Storage, "setItem" | "removeItem"> | null,
  key: string,
  items: readonly unknown[],
): void {
  if (store === null) throw new Error("this browser keeps no local storage")
  if (items.length === 0) store.removeItem(key)
  else store.setItem(key, JSON.stringify(items))
}
