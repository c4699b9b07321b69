/**
 * Copying cards and lists, and card templates. A copy is a new card with a new id built from a
 * plain snapshot of the source (which may come from another board): its checklists and
 * comments keep their ids, which are unique per card. Labels and owners are copied only when
 * they exist on the target board, so a copy never points at a label or member it cannot show.
 */
import { initBoard } from "./board"
import { bucketOf } from "./buckets"
import { addCard, newCard } from "./cards"
import type { CardPlacement } from "./cards"
import { addList } from "./lists"
import { cardsInList, requireCard } from "./queries"
import type { Board, Card, Id, IsoInstant, Member } from "./types"
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
  fillCopy(doc, requireCard(doc, args.id), src, args.options)
}

/** Copies onto `card` (new, empty) what a copy takes of `src` (a plain snapshot). */
function fillCopy(doc: Board, card: Card, src: Card, o: CopyOptions): void {
  if (src.description !== "") card.description = src.description
  if (src.deadline !== null) card.deadline = src.deadline
  if (src.start !== undefined && src.start !== null) card.start = src.start
  if (src.urgent) card.urgent = true
  if (src.important) card.important = true
  if (src.cover !== undefined && src.cover !== null) card.cover = src.cover
  if (o.labels)
    for (const l of Object.keys(src.labels))
      if (doc.labels[l] !== undefined && !doc.labels[l].deleted) card.labels[l] = true
  if (o.owners)
    for (const m of Object.keys(src.owners)) if (doc.members[m] !== undefined) card.owners[m] = true
  if (o.checklists) for (const [k, v] of Object.entries(src.checklists)) card.checklists[k] = v
  if (o.comments)
    for (const [k, v] of Object.entries(src.comments)) {
      if (doc.members[v.authorId] === undefined) continue
      // A copy is never pinned, nor are its comments: the board's pins stay where they were put.
      const { pinnedAt: _pin, ...comment } = v
      card.comments[k] = comment
    }
}

/**
 * Copies a card of this board as card `id`, at `at` (by default right after the source when in
 * the same list, else at the bottom).
 */
export function copyCard(
  doc: Board,
  cardId: Id,
  args: {
    id: Id
    listId: Id
    memberId: Id
    now: IsoInstant
    options: CopyOptions
    at?: CardPlacement
  },
): void {
  const source = requireCard(doc, cardId)
  const at: CardPlacement =
    args.at ?? (source.listId === args.listId && !source.archived ? { after: cardId } : "bottom")
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
  return out.sort(byCreation)
}

/** Oldest first, then by id. */
export function byCreation(a: Card, b: Card): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)
}

/** What a card made from a template takes: its checklists, labels and description. */
export const FROM_TEMPLATE: CopyOptions = {
  checklists: true,
  labels: true,
  owners: false,
  comments: false,
}

/**
 * Adds a new card in `listId` from template card `templateId`: its title, description,
 * checklists and labels (not its owners or comments), at the bottom of the list. Not a template.
 */
export function addCardFromTemplate(
  doc: Board,
  templateId: Id,
  args: { id: Id; listId: Id; memberId: Id; now: IsoInstant },
): void {
  copyCard(doc, templateId, { ...args, options: FROM_TEMPLATE, at: "bottom" })
}

/** Marks the board as a template board (offered first for a new board) or not. LWW. */
export function setBoardTemplate(doc: Board, on: boolean): void {
  const v = argBool(on, "template")
  if ((doc.template ?? false) !== v) doc.template = v
}

/**
 * Fills an empty document as a new board made from `source` (a plain snapshot of a template
 * board, or of any board): its visible lists, its labels, its settings and its template cards
 * (still templates, with their checklists, labels and description), each under the id it has
 * on the source (ids are unique per board). No ordinary card, no comment, and of the members
 * only `member`, who makes it (and joins it in the same change). Run once, at creation.
 */
export function initBoardFromTemplate(
  doc: Board,
  source: Board,
  args: { title: string; member: Member; now: IsoInstant },
): void {
  const src = plain(source)
  initBoard(doc, {
    title: args.title,
    memberId: args.member.id,
    now: args.now,
    member: args.member,
  })
  doc.settings.replyWithinWorkingHours = src.settings.replyWithinWorkingHours
  for (const l of Object.values(src.labels))
    if (!l.deleted) doc.labels[l.id] = { id: l.id, name: l.name, color: l.color, deleted: false }
  const lists = new Set<Id>()
  for (const l of Object.values(src.lists)) {
    if (l.archived || l.deleted) continue
    lists.add(l.id)
    doc.lists[l.id] = {
      id: l.id,
      title: l.title,
      position: l.position,
      archived: false,
      deleted: false,
      createdAt: args.now,
    }
  }
  for (const c of templateCards(src)) {
    if (!lists.has(c.listId)) continue
    const card = newCard({
      id: c.id,
      listId: c.listId,
      position: c.position,
      title: c.title,
      createdBy: args.member.id,
      createdAt: args.now,
    })
    card.template = true
    doc.cardBuckets[bucketOf(c.id)]![c.id] = card
    fillCopy(doc, requireCard(doc, c.id), c, FROM_TEMPLATE)
  }
}

/**
 * A snapshot of `card` (of board `from`) whose labels, owners and comment authors point at
 * their namesakes on board `to`, for `copyCardFrom` there: boards do not share ids, so a label
 * is matched by name (a colour-only label by colour) and a member by name. What has no
 * namesake keeps its id, which `copyCardFrom` then leaves out.
 */
export function cardForBoard(card: Card, from: Board, to: Board): Card {
  const c = plain(card)
  const key = (s: string): string => s.trim().toLowerCase()
  const labelOn = (id: Id): Id => {
    const l = from.labels[id]
    if (l === undefined || to.labels[id] !== undefined) return id
    const match = Object.values(to.labels).find(
      (x) =>
        !x.deleted &&
        (l.name === "" ? x.name === "" && x.color === l.color : key(x.name) === key(l.name)),
    )
    return match?.id ?? id
  }
  const memberOn = (id: Id): Id => {
    const m = from.members[id]
    if (m === undefined || to.members[id] !== undefined) return id
    return Object.values(to.members).find((x) => key(x.name) === key(m.name))?.id ?? id
  }
  c.labels = Object.fromEntries(Object.keys(c.labels).map((id) => [labelOn(id), true as const]))
  c.owners = Object.fromEntries(Object.keys(c.owners).map((id) => [memberOn(id), true as const]))
  for (const k of Object.values(c.comments)) k.authorId = memberOn(k.authorId)
  return c
}

/**
 * Where a new card goes to be shown at `index` of a list whose cards are `ids` (in order):
 * before the card now there, at the top for 0, at the bottom past the end.
 */
export function placementAt(ids: readonly Id[], index: number): CardPlacement {
  if (index <= 0) return "top"
  const before = ids[index]
  return before === undefined ? "bottom" : { before }
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const copyOperations = {
  copyCard,
  copyCardFrom,
  copyList,
  setCardTemplate,
  addCardFromTemplate,
  setBoardTemplate,
} as const
