/**
 * Cards are sharded into a fixed set of bucket maps so that one edit touches a small map
 * (Automerge's cost per edit grows with the size of the edited map).
 *
 * Every bucket is created once, by `initBoard` (or a migration), never lazily: two peers that
 * created the same bucket concurrently would make two competing map objects under one key,
 * and the cards in the losing one would vanish from view.
 */

/** Number of card buckets. 10,000 cards → ~80 cards per bucket. Never change it for schema 1. */
export const BUCKET_COUNT = 128

const KEYS: readonly string[] = Array.from({ length: BUCKET_COUNT }, (_, i) =>
  i.toString(16).padStart(2, "0"),
)

/** All bucket keys, `"00"` … `"7f"`. */
export function bucketKeys(): readonly string[] {
  return KEYS
}

/**
 * The bucket of a card id: FNV-1a (32 bit) of the id's UTF-16 code units, modulo
 * `BUCKET_COUNT`, as two hex digits. Stable across peers, platforms and versions.
 */
export function bucketOf(cardId: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < cardId.length; i++) {
    h ^= cardId.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return KEYS[h % BUCKET_COUNT] as string
}
