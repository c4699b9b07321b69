/**
 * Card history with values: what one history entry changed on a card, old and new, read by
 * materialising only that card just before and just after the change.
 */
import type * as A from "@automerge/automerge"
import { getCard } from "../queries"
import type { FormatOptions } from "../time/format"
import type { Board, Card, Id, TimeZone } from "../types"
import type { CatchUpKind } from "./catchUp"
import { describeItem } from "./describe"
import type { Names } from "./describe"
import type { HistoryEntry } from "./history"
import { describeEvent } from "./history"
import type { CardEvent } from "./objects"
import { cardAt, valuesOf } from "./values"
import type { ValueField } from "./values"

const FIELD: Partial<Record<CardEvent["kind"], ValueField>> = {
  title: "title",
  description: "description",
  moved: "moved",
  deadline: "deadline",
  "owner-added": "owners",
  "owner-removed": "owners",
  "label-added": "labels",
  "label-removed": "labels",
  checklist: "checklist",
  urgent: "urgent",
  important: "important",
  pinned: "pinned",
  unpinned: "pinned",
}

const KIND: Partial<Record<ValueField, CatchUpKind>> = {
  title: "title",
  description: "description",
  moved: "moved",
  deadline: "deadline",
  owners: "owners",
  labels: "labels",
  checklist: "checklist",
  urgent: "urgent",
  important: "important",
  pinned: "pinned",
}

/**
 * Phrases for what `entry` did to card `cardId`, with old and new values where short (e.g.
 * "renamed it: “a” → “b”", "moved it from To do to Done"). A field changed in several events
 * of the entry is described once. Falls back to the phrase without values when the card is
 * gone from the document.
 */
export function describeEntry(
  doc: A.Doc<Board>,
  cardId: Id,
  entry: HistoryEntry,
  names: Names,
  zone: TimeZone,
  now: number,
  opts: FormatOptions = {},
): string[] {
  const card = getCard(doc, cardId)
  const out: string[] = []
  const done = new Set<ValueField>()
  let before: ReturnType<typeof cardAt> | undefined
  let after: ReturnType<typeof cardAt> | undefined
  for (const ev of entry.events) {
    const field = FIELD[ev.kind]
    if (!card || !field || ev.kind === "created") {
      out.push(describeEvent(ev, names))
      continue
    }
    if (done.has(field)) continue
    done.add(field)
    before ??= entry.deps.length > 0 ? cardAt(doc, card, entry.deps) : null
    after ??= cardAt(doc, card, [entry.hash])
    const v = after ? valuesOf(field, before, after as Card, doc.members ?? {}) : null
    out.push(
      v === null
        ? describeEvent(ev, names)
        : describeItem({ kind: KIND[field]!, count: 1 }, v, names, zone, now, opts),
    )
  }
  return out
}
