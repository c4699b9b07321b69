/** Board-level operations: create, rename, settings, members. */
import { bucketKeys } from "./buckets"
import { ModelError } from "./errors"
import { setTitle } from "./text"
import { BOARD_KIND, SCHEMA_VERSION } from "./types"
import type {
  Board,
  BoardDeletion,
  BoardSettings,
  DayHours,
  Id,
  IsoInstant,
  Member,
  MemberStatus,
  WeekHours,
} from "./types"
import {
  MAX_NAME_LENGTH,
  argId,
  argNow,
  argTitle,
  isHexColor,
  isIsoInstant,
  isMemberStatus,
  isTimeZone,
  isWeekHours,
} from "./values"

/** Default working hours: Monday to Friday 09:00–17:00. */
export function defaultWorkingHours(): WeekHours {
  const day = { start: 9 * 60, end: 17 * 60 }
  return {
    "1": { ...day },
    "2": { ...day },
    "3": { ...day },
    "4": { ...day },
    "5": { ...day },
    "6": null,
    "7": null,
  }
}

/**
 * Fills an empty document (`{}`) into a valid empty board: kind, schema version, title, empty
 * maps, every card bucket, default settings `{ replyWithinWorkingHours: 24 }`. With `member`,
 * that member joins in the same change.
 *
 * Concurrency: create a board once and share it. Two peers initialising the same document
 * concurrently would create competing objects; only one would win.
 * Throws `ModelError` if the document is not empty or the title is empty.
 */
export function initBoard(
  doc: Board,
  args: { title: string; memberId: Id; now: IsoInstant; member?: Member },
): void {
  const title = argTitle(args.title, "board title")
  const memberId = argId(args.memberId, "member")
  const now = argNow(args.now)
  if (Object.keys(doc).length > 0)
    throw new ModelError("already-exists", "This document is not empty.")
  const d = doc as unknown as Record<string, unknown>
  d.kind = BOARD_KIND
  d.schemaVersion = SCHEMA_VERSION
  d.title = title
  d.createdAt = now
  d.createdBy = memberId
  d.lists = {}
  const buckets: Record<string, Record<string, never>> = {}
  for (const k of bucketKeys()) buckets[k] = {}
  d.cardBuckets = buckets
  d.labels = {}
  d.members = {}
  d.settings = { replyWithinWorkingHours: 24 }
  d.calendarFeeds = {}
  if (args.member !== undefined) joinBoard(doc, args.member)
}

/** Renames the board. A title is one value: concurrent renames resolve to one of them. */
export function renameBoard(doc: Board, title: string): void {
  const t = argTitle(title, "board title")
  setTitle(doc as unknown as Record<string, unknown>, "title", t)
}

/**
 * Updates board settings. Each field is last-writer-wins; concurrent updates of different
 * fields both survive.
 */
export function updateSettings(doc: Board, patch: Partial<BoardSettings>): void {
  if (patch.replyWithinWorkingHours !== undefined) {
    const n = patch.replyWithinWorkingHours
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || n > 10_000)
      throw new ModelError(
        "invalid-argument",
        "The reply time must be a positive number of working hours.",
      )
    doc.settings.replyWithinWorkingHours = n
  }
}

function checkMemberFields(m: Partial<Member>): void {
  if (m.name !== undefined) {
    if (typeof m.name !== "string" || m.name.trim().length === 0)
      throw new ModelError("invalid-argument", "The name cannot be empty.")
    if (m.name.length > MAX_NAME_LENGTH)
      throw new ModelError("invalid-argument", "The name is too long.")
  }
  if (m.color !== undefined && !isHexColor(m.color))
    throw new ModelError(
      "invalid-argument",
      `The colour must look like #1a2b3c, not ${String(m.color)}.`,
    )
  if (m.timeZone !== undefined && !isTimeZone(m.timeZone))
    throw new ModelError("invalid-argument", `Unknown time zone: ${String(m.timeZone)}.`)
  if (m.workingHours !== undefined && !isWeekHours(m.workingHours))
    throw new ModelError(
      "invalid-argument",
      "Working hours must give, for each day, a start before an end, or no hours.",
    )
  if (m.status !== undefined && !isMemberStatus(m.status))
    throw new ModelError("invalid-argument", "Invalid status.")
  if (m.joinedAt !== undefined && !isIsoInstant(m.joinedAt))
    throw new ModelError("invalid-argument", "Invalid join time.")
}

function copyWeek(w: WeekHours): WeekHours {
  const out = {} as Record<string, DayHours | null>
  for (const d of ["1", "2", "3", "4", "5", "6", "7"] as const) {
    const h = w[d]
    out[d] =
      h === null
        ? null
        : h.more && h.more.length > 0
          ? {
              start: h.start,
              end: h.end,
              more: h.more.map((m) => ({ start: m.start, end: m.end })),
            }
          : { start: h.start, end: h.end }
  }
  return out as WeekHours
}

function copyStatus(s: MemberStatus): MemberStatus {
  if (s.kind !== "away") return { kind: s.kind }
  return s.from === undefined
    ? { kind: "away", until: s.until }
    : { kind: "away", until: s.until, from: s.from }
}

/** A name as compared for uniqueness: trimmed, inner spaces collapsed, case-insensitive. */
const nameKey = (name: string): string => name.trim().replace(/\s+/g, " ").toLocaleLowerCase("en")

/** The member other than `exceptId` who already has this name (as compared), if any. */
export function memberNamed(doc: Board, name: string, exceptId?: Id): Member | undefined {
  const key = nameKey(name)
  return Object.values(doc.members).find((m) => m.id !== exceptId && nameKey(m.name) === key)
}

/** The message shown when a name is taken. */
export function nameTakenMessage(name: string): string {
  return `“${name.trim()}” is already a member of this board. Choose another name, or pick that member above if it is you.`
}

/**
 * Adds a member to the board. Idempotent: if the id already joined, nothing changes (use
 * `updateMember` to change a profile), so a re-join never overwrites edits made since.
 *
 * Concurrency: two devices joining with the same member id concurrently each create a whole
 * profile; after merging, one whole profile wins on every peer (never a field-by-field mix).
 */
export function joinBoard(doc: Board, member: Member): void {
  const id = argId(member.id, "member")
  if (Object.prototype.hasOwnProperty.call(doc.members, id)) return
  if (member.name === undefined || member.color === undefined || member.timeZone === undefined)
    throw new ModelError("invalid-argument", "A member needs a name, a colour and a time zone.")
  checkMemberFields(member)
  if (!isWeekHours(member.workingHours))
    throw new ModelError("invalid-argument", "Invalid working hours.")
  if (!isMemberStatus(member.status)) throw new ModelError("invalid-argument", "Invalid status.")
  if (!isIsoInstant(member.joinedAt)) throw new ModelError("invalid-argument", "Invalid join time.")
  // Names are unique on a board (two people joining at once, offline, can still merge into
  // two members of one name: each keeps its own id, and either can rename).
  if (memberNamed(doc, member.name, id) !== undefined)
    throw new ModelError("already-exists", nameTakenMessage(member.name))
  doc.members[id] = {
    id,
    name: member.name.trim(),
    color: member.color,
    timeZone: member.timeZone,
    workingHours: copyWeek(member.workingHours),
    status: copyStatus(member.status),
    joinedAt: member.joinedAt,
  }
}

/**
 * Updates a member's profile. Each field is last-writer-wins (working hours and status are
 * replaced as a whole, so a concurrent update never mixes two weeks); concurrent updates of
 * different fields both survive.
 */
export function updateMember(doc: Board, memberId: Id, patch: Partial<Omit<Member, "id">>): void {
  const m = Object.prototype.hasOwnProperty.call(doc.members, memberId)
    ? doc.members[memberId]
    : undefined
  if (m === undefined) throw new ModelError("not-found", `No member ${memberId} on this board.`)
  checkMemberFields(patch)
  if (patch.name !== undefined && memberNamed(doc, patch.name, memberId) !== undefined)
    throw new ModelError(
      "already-exists",
      `“${patch.name.trim()}” is already the name of another member of this board.`,
    )
  if (patch.name !== undefined && patch.name.trim() !== m.name) m.name = patch.name.trim()
  if (patch.color !== undefined && patch.color !== m.color) m.color = patch.color
  if (patch.timeZone !== undefined && patch.timeZone !== m.timeZone) m.timeZone = patch.timeZone
  if (patch.workingHours !== undefined) m.workingHours = copyWeek(patch.workingHours)
  if (patch.status !== undefined) m.status = copyStatus(patch.status)
  if (patch.joinedAt !== undefined && patch.joinedAt !== m.joinedAt) m.joinedAt = patch.joinedAt
}

/** The member with this id, or throws `ModelError("not-found")`. */
export function requireMember(doc: Board, memberId: Id): Member {
  const m = Object.prototype.hasOwnProperty.call(doc.members, memberId)
    ? doc.members[memberId]
    : undefined
  if (m === undefined)
    throw new ModelError("not-found", `Member ${memberId} has not joined this board.`)
  return m
}

/**
 * Deletes the board for everyone: records who deleted it and when (`deleted: { by, at }`).
 * Nothing else is removed, so every device keeps what it holds and can export it; the screens
 * show the board as deleted and take no more edits. Only an editor may (the relay refuses the
 * change from a commenter or a viewer).
 *
 * Concurrency: an edit made concurrently on another device still merges into the document (a
 * deleted board keeps its content). Two concurrent deletes keep one whole record, the same on
 * every peer (the record is one value, never a mix of two). Throws `ModelError`
 * ("not-allowed") when the board is already deleted.
 */
export function deleteBoard(doc: Board, memberId: Id, at: IsoInstant): void {
  const by = argId(memberId, "member")
  const when = argNow(at)
  if (doc.deleted !== undefined && doc.deleted !== null)
    throw new ModelError("not-allowed", "This board is already deleted.")
  doc.deleted = { by, at: when }
}

/** Who deleted the board and when, or `null` while it is not deleted. */
export function boardDeletion(doc: Board): BoardDeletion | null {
  const d = doc.deleted
  return d === undefined || d === null ? null : d
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const boardOperations = {
  renameBoard,
  updateSettings,
  joinBoard,
  updateMember,
  deleteBoard,
} as const
