/**
 * Schema migrations as numbered steps: `MIGRATIONS[v]` turns a version-`v` board into version
 * `v + 1`. `migrate` runs inside a change and applies the steps the document needs.
 *
 * Run a migration on one peer and let it sync: two peers migrating the same old document
 * concurrently each create new objects, and only one peer's objects win (both hold the same
 * data as of the migration; edits made on the losing peer's new objects before syncing would
 * be hidden).
 */
import { generateKeyBetween } from "fractional-indexing"
import { bucketKeys, bucketOf } from "./buckets"
import { ModelError } from "./errors"
import { BOARD_KIND, SCHEMA_VERSION } from "./types"

type Obj = Record<string, unknown>

/** One migration step, applied to the mutable document inside a change. */
export type Migration = (doc: Obj) => void

/** A deep plain copy of a value read from a document (Automerge objects cannot be re-parented). */
function plain(v: unknown): unknown {
  if (typeof v !== "object" || v === null) return v
  if (Array.isArray(v)) return v.map(plain)
  if (v instanceof Date) return new Date(v.getTime())
  const maybeString = v as { val?: unknown }
  if (typeof maybeString.val === "string" && Object.keys(v).length <= 1) return maybeString.val
  const out: Obj = {}
  for (const [k, x] of Object.entries(v as Obj)) out[k] = plain(x)
  return out
}

/**
 * Version 0 (the first prototype): cards in one flat `cards` map; cards had no `urgent`,
 * `important` or `pinnedAt`; `schemaVersion` may be missing. Version 1 shards cards into
 * `cardBuckets` (see `bucketOf`).
 */
function v0toV1(doc: Obj): void {
  const old = (typeof doc.cards === "object" && doc.cards !== null ? doc.cards : {}) as Obj
  const buckets: Record<string, Obj> = {}
  for (const k of bucketKeys()) buckets[k] = {}
  for (const [id, raw] of Object.entries(old)) {
    if (typeof raw !== "object" || raw === null) continue
    const card = plain(raw) as Obj
    card.id = id
    if (card.urgent === undefined) card.urgent = false
    if (card.important === undefined) card.important = false
    if (card.pinnedAt === undefined) card.pinnedAt = null
    ;(buckets[bucketOf(id)] as Obj)[id] = card
  }
  doc.cardBuckets = buckets
  delete doc.cards
  if (typeof doc.settings !== "object" || doc.settings === null)
    doc.settings = { replyWithinWorkingHours: 24 }
  doc.schemaVersion = 1
}

/** The id and name a card's single checklist of version 1 gets in version 2. */
export const FIRST_CHECKLIST_ID = "checklist"
export const FIRST_CHECKLIST_NAME = "Checklist"

/**
 * Version 2 gives a card several named checklists (`checklists`, each with its `items`). The
 * single `checklist` of version 1 becomes the first checklist, named "Checklist", with its
 * items as they were; a card without items gets no checklist. The board gets an empty map of
 * calendar feeds.
 */
function v1toV2(doc: Obj): void {
  const buckets = (
    typeof doc.cardBuckets === "object" && doc.cardBuckets !== null ? doc.cardBuckets : {}
  ) as Record<string, Obj>
  for (const bucket of Object.values(buckets)) {
    if (typeof bucket !== "object" || bucket === null) continue
    for (const raw of Object.values(bucket)) {
      if (typeof raw !== "object" || raw === null) continue
      const card = raw as Obj
      if (card.checklists !== undefined) continue
      const old = card.checklist
      const items = typeof old === "object" && old !== null ? (plain(old) as Obj) : ({} as Obj)
      card.checklists =
        Object.keys(items).length === 0
          ? {}
          : {
              [FIRST_CHECKLIST_ID]: {
                id: FIRST_CHECKLIST_ID,
                name: FIRST_CHECKLIST_NAME,
                position: generateKeyBetween(null, null),
                items,
              },
            }
      if (old !== undefined) delete card.checklist
    }
  }
  if (typeof doc.calendarFeeds !== "object" || doc.calendarFeeds === null) doc.calendarFeeds = {}
  doc.schemaVersion = 2
}

/**
 * Version 3 makes a title (of a card, a list, the board) one value: a rename assigns the whole
 * title instead of splicing characters into it, so two concurrent renames end as one of the
 * two titles instead of a mix of both. The data keeps its shape; the version says that every
 * peer editing the board renames that way (a Baton that splices titles, which knows only
 * version 2, no longer edits it: its splice would land in a title a rename has replaced, and
 * be lost without a word).
 */
function v2toV3(doc: Obj): void {
  doc.schemaVersion = 3
}

/**
 * Version 4 lets a checklist item be dragged to another checklist of its card: the item keeps
 * its place in the document and records the checklist it shows in (`shownIn`). The data keeps
 * its shape; the version says that every peer editing the board reads items that way (a
 * Baton that knows only version 3 would show a moved item in its old checklist, and move or
 * add items there against an order it cannot see).
 */
function v3toV4(doc: Obj): void {
  doc.schemaVersion = 4
}

export const MIGRATIONS: readonly Migration[] = [v0toV1, v1toV2, v2toV3, v3toV4]

/** The schema version of a board document (a missing version is 0). */
export function schemaVersionOf(doc: unknown): number {
  if (typeof doc !== "object" || doc === null) return -1
  const v = (doc as Obj).schemaVersion
  return v === undefined ? 0 : typeof v === "number" ? v : -1
}

/** True when `migrate` would change the document. */
export function needsMigration(doc: unknown): boolean {
  const v = schemaVersionOf(doc)
  return v >= 0 && v < SCHEMA_VERSION
}

/**
 * Brings an older board up to `SCHEMA_VERSION`, one numbered step at a time. Call inside a
 * change. Does nothing on a current board; throws `ModelError` (changing nothing) on a
 * document that is not a Baton board or is newer than this app.
 */
export function migrate(doc: unknown): void {
  if (typeof doc !== "object" || doc === null || (doc as Obj).kind !== BOARD_KIND)
    throw new ModelError("not-allowed", "This document is not a Baton board.")
  const o = doc as Obj
  let v = schemaVersionOf(o)
  if (v < 0) throw new ModelError("not-allowed", "This board has an unreadable format version.")
  if (v > SCHEMA_VERSION)
    throw new ModelError(
      "not-allowed",
      `This board was saved by a newer Baton (format ${v}); update Baton.`,
    )
  while (v < SCHEMA_VERSION) {
    const step = MIGRATIONS[v]
    if (step === undefined) throw new ModelError("not-allowed", `No migration from format ${v}.`)
    step(o)
    v += 1
  }
}
