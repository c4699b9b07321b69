/**
 * Trello's board export ("Print, export and share → Export as JSON") as a new Baton board.
 *
 * `planTrelloImport` reads the parsed export and returns the whole board as a plain object
 * (`board`, ready for `A.from` or to be written in slices) and a `summary` to show before
 * anything is created. It reads only the fields it needs and tolerates what real exports do
 * (missing fields, `null` for `[]`, ids that are not hex); everything taken from the file is
 * kept as text, never markup. Ids and the current time are arguments, as everywhere in the
 * model.
 */
import { generateNKeysBetween } from "fractional-indexing"
import { bucketKeys, bucketOf } from "../buckets"
import { formatMention } from "../replies/mentions"
import type {
  Board,
  Card,
  Checklist,
  ChecklistItem,
  Comment,
  Id,
  IsoInstant,
  Label,
  List,
  Member,
  TimeZone,
} from "../types"
import { BOARD_KIND, SCHEMA_VERSION } from "../types"
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, isIsoInstant } from "../values"
import { BATON_COLORS, batonColorOfTrello } from "./colors"
import { ImportError } from "./errors"
import type { ImportSummary } from "./summary"

/** Trello keeps at most this many actions in an export; older ones are left out. */
export const TRELLO_ACTION_CAP = 1000

export interface ImportOptions {
  /** The importing person's member id on the new board (its `createdBy`). */
  memberId: Id
  now: IsoInstant
  /** Fresh ids for everything the board creates (1–64 characters of `A–Z a–z 0–9 _ -`). */
  newId: () => Id
  /** The zone deadlines are shown in and placeholder members get (Trello keeps none). */
  zone?: TimeZone
}

export interface ImportPlan {
  board: Board
  summary: ImportSummary
}

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}
function objs(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : []
}
function str(v: unknown): string {
  return typeof v === "string" ? v : ""
}
function key(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : typeof v === "number" ? String(v) : null
}
function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s
}
function instant(v: unknown): IsoInstant | null {
  if (typeof v !== "string" || !isIsoInstant(v)) return null
  return new Date(Date.parse(v)).toISOString()
}
/** Trello ids are MongoDB object ids: the first 8 hex digits are the creation time in seconds. */
function timeOfId(id: string): IsoInstant | null {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null
  const s = parseInt(id.slice(0, 8), 16)
  return s > 0 ? new Date(s * 1000).toISOString() : null
}
/** Order by Trello's `pos` (numbers, floats included), then by place in the file. */
function byPos<T extends { o: Obj; i: number }>(xs: T[]): T[] {
  const p = (o: Obj): number =>
    typeof o.pos === "number" && Number.isFinite(o.pos) ? o.pos : Number.POSITIVE_INFINITY
  return xs.sort((a, b) => p(a.o) - p(b.o) || a.i - b.i)
}
function positions(n: number): string[] {
  return n === 0 ? [] : generateNKeysBetween(null, null, n)
}

/** True when the value looks like Trello's board export (not necessarily well-formed). */
export function looksLikeTrello(v: unknown): v is Obj {
  if (!isObj(v) || typeof v.name !== "string") return false
  const trelloish = ["prefs", "labelNames", "shortLink", "idOrganization", "actions", "checklists"]
  return ("lists" in v || "cards" in v) && trelloish.some((k) => k in v)
}

/**
 * Monday to Friday 09:00–17:00, as `defaultWorkingHours` gives (not imported from board.ts,
 * which loads Automerge: this module also runs in a worker that has no need of it).
 */
function workingHours(): Member["workingHours"] {
  const day = (): { start: number; end: number } => ({ start: 9 * 60, end: 17 * 60 })
  return { "1": day(), "2": day(), "3": day(), "4": day(), "5": day(), "6": null, "7": null }
}

const MEMBER_COLORS = ["#0969da", "#1a7f37", "#8250df", "#bc4c00", "#0a7d8c", "#cf222e"]

/** Markdown for a card's attachments: each a link (uploads need a Trello login to download). */
function attachmentsMarkdown(atts: Obj[]): string {
  const lines = atts.map((a) => {
    const name =
      clip(
        str(a.name)
          .replace(/[[\]\n\r]/g, " ")
          .trim(),
        200,
      ) || "attachment"
    const url = str(a.url).trim()
    const upload = a.isUpload === true
    const note = upload ? " (file kept in Trello: opening it needs a Trello login)" : ""
    if (/^https?:\/\/[^\s<>"'`]+$/i.test(url)) {
      const href = url.replace(/\(/g, "%28").replace(/\)/g, "%29")
      return `- [${name}](${href})${note}`
    }
    return `- ${name}${note}`
  })
  return `**Attachments from Trello**\n\n${lines.join("\n")}`
}

/**
 * Maps a parsed Trello export onto a new Baton board. Throws `ImportError` for a value that
 * is not a Trello export or whose structure is broken; creates nothing.
 */
export function planTrelloImport(input: unknown, opts: ImportOptions): ImportPlan {
  if (!looksLikeTrello(input))
    throw new ImportError(
      "not-an-export",
      "This is not a Trello board export. In Trello, open the board menu → Print, export and share → Export as JSON, and choose that file.",
    )
  for (const k of ["lists", "cards", "labels", "members", "checklists", "actions"] as const) {
    const v = input[k]
    if (v !== undefined && v !== null && !Array.isArray(v))
      throw new ImportError(
        "malformed",
        `This Trello export is damaged: its “${k}” is not a list. Export the board again. Nothing was created.`,
      )
  }
  const now = opts.now
  const zone = opts.zone ?? "UTC"
  const notImported: string[] = []
  const warnings: string[] = []

  // ---- members (placeholders) ----
  const members: Record<Id, Member> = {}
  const memberOf = new Map<string, Id>()
  const byUsername = new Map<string, Member>()
  const addMember = (m: Obj): Id | null => {
    const tid = key(m.id)
    if (tid === null) return null
    const known = memberOf.get(tid)
    if (known !== undefined) return known
    const username = clip(str(m.username), MAX_NAME_LENGTH)
    const name = clip(str(m.fullName).trim() || username || "Trello member", MAX_NAME_LENGTH)
    const id = opts.newId()
    const member: Member = {
      id,
      name,
      color: MEMBER_COLORS[memberOf.size % MEMBER_COLORS.length] as string,
      timeZone: zone,
      workingHours: workingHours(),
      status: { kind: "available" },
      joinedAt: now,
      importedFrom: { source: "trello", username },
    }
    members[id] = member
    memberOf.set(tid, id)
    if (username !== "") byUsername.set(username.toLowerCase(), member)
    return id
  }
  for (const m of objs(input.members)) addMember(m)
  const actions = objs(input.actions)
  for (const a of actions) if (isObj(a.memberCreator)) addMember(a.memberCreator)
  let unknownAuthor: Id | null = null
  const someoneInTrello = (): Id => {
    if (unknownAuthor === null) {
      unknownAuthor = addMember({ id: "\u0000unknown", fullName: "Someone in Trello" })
    }
    return unknownAuthor as Id
  }

  // ---- labels ----
  const labels: Record<Id, Label> = {}
  const labelOf = new Map<string, Id>()
  let uncolored = 0
  const addLabel = (l: Obj): void => {
    const tid = key(l.id)
    if (tid === null || labelOf.has(tid)) return
    const color = batonColorOfTrello(l.color)
    if (color === null) uncolored++
    const id = opts.newId()
    labels[id] = {
      id,
      name: clip(str(l.name).trim(), MAX_NAME_LENGTH),
      color: color ?? BATON_COLORS.grey,
      deleted: false,
    }
    labelOf.set(tid, id)
  }
  for (const l of objs(input.labels)) addLabel(l)
  const rawCards = objs(input.cards)
  for (const c of rawCards) for (const l of objs(c.labels)) addLabel(l)
  if (uncolored > 0)
    notImported.push(
      `${uncolored} label${uncolored === 1 ? " has" : "s have"} no colour in Trello; Baton labels always have one, so ${uncolored === 1 ? "it is" : "they are"} grey.`,
    )

  // ---- lists ----
  const lists: Record<Id, List> = {}
  const listOf = new Map<string, Id>()
  const sortedLists = byPos(objs(input.lists).map((o, i) => ({ o, i })))
  const listPositions = positions(sortedLists.length)
  let archivedLists = 0
  sortedLists.forEach(({ o }, i) => {
    const tid = key(o.id)
    if (tid === null || listOf.has(tid)) return
    const id = opts.newId()
    const archived = o.closed === true
    if (archived) archivedLists++
    lists[id] = {
      id,
      title: clip(str(o.name).trim(), MAX_TITLE_LENGTH) || "Untitled list",
      position: listPositions[i] as string,
      archived,
      deleted: false,
      createdAt: timeOfId(tid) ?? now,
      ...(archived ? { archivedAt: now } : {}),
    }
    listOf.set(tid, id)
  })

  // ---- checklists, comments and creators by card ----
  const checklistsByCard = new Map<string, Obj[]>()
  for (const cl of objs(input.checklists)) {
    const cid = key(cl.idCard)
    if (cid === null) continue
    const xs = checklistsByCard.get(cid) ?? []
    xs.push(cl)
    checklistsByCard.set(cid, xs)
  }
  const commentsByCard = new Map<string, Obj[]>()
  const creatorOf = new Map<string, Obj>()
  let otherActions = 0
  for (const a of actions) {
    const data = isObj(a.data) ? a.data : {}
    const cid = isObj(data.card) ? key(data.card.id) : null
    if (a.type === "commentCard" && cid !== null) {
      const xs = commentsByCard.get(cid) ?? []
      xs.push(a)
      commentsByCard.set(cid, xs)
    } else if (a.type === "createCard" && cid !== null) creatorOf.set(cid, a)
    else otherActions++
  }

  const mentionsIn = (text: string): string =>
    text.replace(/(^|[^\w@[])@([A-Za-z0-9_]{1,64})\b/g, (whole, pre: string, user: string) => {
      const m = byUsername.get(user.toLowerCase())
      return m === undefined ? whole : `${pre}${formatMention(m)}`
    })

  // ---- cards ----
  const buckets: Record<string, Record<Id, Card>> = {}
  for (const k of bucketKeys()) buckets[k] = {}
  const cardsByList = new Map<Id, { o: Obj; i: number }[]>()
  let withoutList = 0
  rawCards.forEach((o, i) => {
    const l = key(o.idList)
    const listId = l === null ? undefined : listOf.get(l)
    if (listId === undefined || key(o.id) === null) {
      withoutList++
      return
    }
    const xs = cardsByList.get(listId) ?? []
    xs.push({ o, i })
    cardsByList.set(listId, xs)
  })
  if (withoutList > 0)
    notImported.push(
      `${withoutList} card${withoutList === 1 ? "" : "s"} name no list of this board (or no id), so ${withoutList === 1 ? "it is" : "they are"} left out.`,
    )

  const counts = {
    cards: 0,
    archivedCards: 0,
    checklists: 0,
    checklistItems: 0,
    comments: 0,
    attachments: 0,
    uploads: 0,
    clipped: 0,
  }
  const seenCards = new Set<string>()
  for (const [listId, xs] of cardsByList) {
    const ordered = byPos(xs)
    const keys = positions(ordered.length)
    ordered.forEach(({ o }, idx) => {
      const tid = key(o.id) as string
      if (seenCards.has(tid)) return
      seenCards.add(tid)
      const id = opts.newId()
      const rawTitle = str(o.name).trim()
      if (rawTitle.length > MAX_TITLE_LENGTH) counts.clipped++
      let description = str(o.desc)
      const atts = objs(o.attachments)
      if (atts.length > 0) {
        counts.attachments += atts.length
        counts.uploads += atts.filter((a) => a.isUpload === true).length
        description = `${description.trimEnd()}${description.trim() === "" ? "" : "\n\n"}${attachmentsMarkdown(atts)}`
      }
      if (description.length > MAX_TEXT_LENGTH) {
        counts.clipped++
        description = description.slice(0, MAX_TEXT_LENGTH)
      }
      const owners: Record<Id, true> = {}
      if (Array.isArray(o.idMembers))
        for (const m of o.idMembers) {
          const mid = memberOf.get(String(m))
          if (mid !== undefined) owners[mid] = true
        }
      const cardLabels: Record<Id, true> = {}
      if (Array.isArray(o.idLabels))
        for (const l of o.idLabels) {
          const lid = labelOf.get(String(l))
          if (lid !== undefined) cardLabels[lid] = true
        }
      const due = instant(o.due)
      const done = o.dueComplete === true
      const start = instant(o.start)

      const checklists: Record<Id, Checklist> = {}
      const cls = byPos((checklistsByCard.get(tid) ?? []).map((c, i) => ({ o: c, i })))
      const clKeys = positions(cls.length)
      cls.forEach(({ o: cl }, ci) => {
        const clId = opts.newId()
        const items: Record<Id, ChecklistItem> = {}
        const its = byPos(objs(cl.checkItems).map((it, i) => ({ o: it, i })))
        const itKeys = positions(its.length)
        its.forEach(({ o: it }, ii) => {
          const itemId = opts.newId()
          items[itemId] = {
            id: itemId,
            text: clip(str(it.name).trim(), MAX_TITLE_LENGTH) || "(empty item)",
            done: it.state === "complete",
            position: itKeys[ii] as string,
          }
          counts.checklistItems++
        })
        checklists[clId] = {
          id: clId,
          name: clip(str(cl.name).trim(), MAX_TITLE_LENGTH) || "Checklist",
          position: clKeys[ci] as string,
          items,
        }
        counts.checklists++
      })

      const comments: Record<Id, Comment> = {}
      for (const a of commentsByCard.get(tid) ?? []) {
        const data = a.data as Obj
        const text = clip(mentionsIn(str(data.text)), MAX_TEXT_LENGTH)
        if (text.trim() === "") continue
        const author =
          (key(a.idMemberCreator) !== null
            ? memberOf.get(key(a.idMemberCreator) as string)
            : undefined) ?? someoneInTrello()
        const commentId = opts.newId()
        comments[commentId] = {
          id: commentId,
          authorId: author,
          text,
          createdAt: instant(a.date) ?? now,
          editedAt: null,
        }
        counts.comments++
      }

      const creation = creatorOf.get(tid)
      const creator =
        creation !== undefined && key(creation.idMemberCreator) !== null
          ? memberOf.get(key(creation.idMemberCreator) as string)
          : undefined
      const archived = o.closed === true
      counts.cards++
      if (archived) counts.archivedCards++
      const cover = isObj(o.cover) ? batonColorOfTrello(o.cover.color) : null
      const card: Card = {
        id,
        listId,
        position: keys[idx] as string,
        title: clip(rawTitle, MAX_TITLE_LENGTH) || "Untitled card",
        description,
        owners,
        deadline: due === null ? null : { kind: "instant", at: due, zone },
        ...(start !== null ? { start: { kind: "instant" as const, at: start, zone } } : {}),
        done,
        doneAt: done ? (instant(o.dateLastActivity) ?? due ?? now) : null,
        labels: cardLabels,
        checklists,
        comments,
        archived,
        ...(archived ? { archivedAt: now } : {}),
        urgent: false,
        important: false,
        pinnedAt: null,
        ...(cover !== null ? { cover } : {}),
        createdBy: creator ?? someoneInTrello(),
        createdAt: (creation !== undefined ? instant(creation.date) : null) ?? timeOfId(tid) ?? now,
      }
      ;(buckets[bucketOf(id)] as Record<Id, Card>)[id] = card
    })
  }

  // ---- what does not come over, and why ----
  if (counts.uploads > 0)
    notImported.push(
      `${counts.uploads} uploaded file${counts.uploads === 1 ? "" : "s"}: Trello lets only signed-in members download ${counts.uploads === 1 ? "it" : "them"}, so each card links to ${counts.uploads === 1 ? "its file" : "its files"} in Trello instead.`,
    )
  const customFields = Array.isArray(input.customFields) ? input.customFields.length : 0
  if (customFields > 0)
    notImported.push(
      `${customFields} custom field${customFields === 1 ? "" : "s"}: Baton has no custom fields.`,
    )
  const plugins = Array.isArray(input.pluginData) ? input.pluginData.length : 0
  if (plugins > 0) notImported.push(`Power-Up data (${plugins}): it belongs to Trello's Power-Ups.`)
  if (otherActions > 0)
    notImported.push(
      `${otherActions} other activity entr${otherActions === 1 ? "y" : "ies"} (moves, edits): Baton keeps its own history from now on.`,
    )
  notImported.push(
    "Votes, stickers, reminders, the board background and checklist items' own due dates and assignees: Baton has none of these.",
  )
  if (counts.clipped > 0)
    warnings.push(
      `${counts.clipped} title${counts.clipped === 1 ? " or description was" : "s or descriptions were"} longer than Baton keeps and ${counts.clipped === 1 ? "is" : "are"} shortened.`,
    )
  if (actions.length >= TRELLO_ACTION_CAP) {
    const oldest = actions
      .map((a) => instant(a.date))
      .filter((d): d is string => d !== null)
      .sort()[0]
    warnings.push(
      `This export holds ${actions.length.toLocaleString("en-US")} activity entries, Trello's limit is about ${TRELLO_ACTION_CAP.toLocaleString("en-US")}: comments older than ${oldest !== undefined ? oldest.slice(0, 10) : "the oldest entry"} may be missing from the file, so they cannot come over.`,
    )
  }

  const boardName = clip(str(input.name).trim(), MAX_TITLE_LENGTH) || "Imported board"
  const board: Board = {
    kind: BOARD_KIND,
    schemaVersion: SCHEMA_VERSION,
    title: boardName,
    createdAt: now,
    createdBy: opts.memberId,
    lists,
    cardBuckets: buckets,
    labels,
    members,
    settings: { replyWithinWorkingHours: 24 },
    calendarFeeds: {},
  }
  return {
    board,
    summary: {
      source: "trello",
      boardName,
      lists: Object.keys(lists).length,
      archivedLists,
      cards: counts.cards,
      archivedCards: counts.archivedCards,
      checklists: counts.checklists,
      checklistItems: counts.checklistItems,
      comments: counts.comments,
      members: Object.keys(members).length,
      labels: Object.keys(labels).length,
      attachments: counts.attachments,
      notImported,
      warnings,
    },
  }
}
