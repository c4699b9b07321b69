/**
 * Copying cards and lists, and card templates. A copy is a new card with a new id built from a
 * plain snapshot of the source (which may come from another board): its checklists and
 * comments keep their ids, which are unique per card. Labels and owners are copied only when
 * they exist on the target board, so a copy never points at a label or member it cannot show.
 */
import { addCard } from "./cards"
import type { CardPlacement } from "./cards"
import { addList } from "./lists"
import { cardsInList, requireCard } from "./queries"
import type { Board, Card, Id, IsoInstant } from "./types"
import { argBool } from "./values"

/** What a copy takes from its source besides title and description. */
export interface CopyOptions {
  checklists: boolean
  labels: boolean
  owners: boolean
  comments: boolean
}

export const COPY_ALL: CopyOptions = {
  checklists: true,
  labels: true,
  owners: true,
  comments: true,
}

function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

/**
 * Adds a copy of `source` (a card snapshot, from this board or another) as card `id` in
 * `listId`. The copy is never a template, pinned, archived or done.
 */
export function copyCardFrom(
  doc: Board,
  source: Card,
  args: {
    id: Id
    listId: Id
    memberId: Id
    now: IsoInstant
    options: CopyOptions
    at?: CardPlacement
  },
): void {
  const src = plain(source)
  addCard(doc, {
    id: args.id,
    listId: args.listId,
    title: src.title,
    memberId: args.memberId,
    now: args.now,
    at: args.at,
  })
  const card = requireCard(doc, args.id)
  if (src.description !== "") card.description = src.description
  if (src.deadline !== null) card.deadline = src.deadline
  if (src.start !== undefined && src.start !== null) card.start = src.start
  if (src.urgent) card.urgent = true
  if (src.important) card.important = true
  if (src.cover !== undefined && src.cover !== null) card.cover = src.cover
  const o = args.options
  if (o.labels)
    for (const l of Object.keys(src.labels))
      if (doc.labels[l] !== undefined && !doc.labels[l].deleted) card.labels[l] = true
  if (o.owners)
    for (const m of Object.keys(src.owners)) if (doc.members[m] !== undefined) card.owners[m] = true
  if (o.checklists) for (const [k, v] of Object.entries(src.checklists)) card.checklists[k] = v
  if (o.comments)
    for (const [k, v] of Object.entries(src.comments))
      if (doc.members[v.authorId] !== undefined) card.comments[k] = v
}

/** Copies a card of this board as card `id` (right after the source when in the same list). */
export function copyCard(
  doc: Board,
  cardId: Id,
  args: { id: Id; listId: Id; memberId: Id; now: IsoInstant; options: CopyOptions },
): void {
  const source = requireCard(doc, cardId)
  const at: CardPlacement =
    source.listId === args.listId && !source.archived ? { after: cardId } : "bottom"
  copyCardFrom(doc, source, { ...args, at })
}

/**
 * Copies list `listId` as `id` right after it, with every non-archived card, each under the
 * id `cardIds[i]` (in the list's order; cards without an id are left out).
 */
export function copyList(
  doc: Board,
  listId: Id,
  args: { id: Id; title: string; cardIds: Id[]; memberId: Id; now: IsoInstant },
): void {
  const cards = cardsInList(doc, listId).map((c) => plain(c))
  addList(doc, { id: args.id, title: args.title, now: args.now, at: { after: listId } })
  cards.forEach((c, i) => {
    const id = args.cardIds[i]
    if (id === undefined) return
    copyCardFrom(doc, c, {
      id,
      listId: args.id,
      memberId: args.memberId,
      now: args.now,
      options: COPY_ALL,
    })
  })
}

/** Marks a card as a template (offered in every list's "Add a card" menu) or not. LWW. */
export function setCardTemplate(doc: Board, cardId: Id, on: boolean): void {
  const v = argBool(on, "template")
  const card = requireCard(doc, cardId)
  if ((card.template ?? false) !== v) card.template = v
}

/** The board's template cards that are not archived, oldest first. */
export function templateCards(doc: Board): Card[] {
  const out: Card[] = []
  for (const bucket of Object.values(doc.cardBuckets))
    for (const c of Object.values(bucket)) if (c.template === true && !c.archived) out.push(c)
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.id < b.id ? -1 : 1))
}

/** Adds a new card in `listId` from template card `templateId`: a full copy, not a template. */
export function addCardFromTemplate(
  doc: Board,
  templateId: Id,
  args: { id: Id; listId: Id; memberId: Id; now: IsoInstant },
): void {
  copyCard(doc, templateId, { ...args, options: COPY_ALL })
}
