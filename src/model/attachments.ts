/**
 * Files on cards and comments. The document holds only a small record per file (name, size,
 * type, SHA-256, who added it and when); the bytes live on the device and on the relay,
 * addressed by their SHA-256 (docs/attachments.md). History is kept forever, so bytes in the
 * document would be loaded by every device for every file ever attached.
 *
 * A card's image cover is the id of one of its image attachments (`coverImage`); the first
 * image attached becomes the cover unless the card has `autoCoverOff`. Concurrent attaches
 * all survive (a map keyed by id); a rename is one value (last writer wins); a remove wins
 * over a concurrent rename, as for every record.
 */
import * as A from "@automerge/automerge"
import { requireMember } from "./board"
import { ModelError } from "./errors"
import { requireCard } from "./queries"
import type { Attachment, AttachmentKind, Board, Card, Comment, Id } from "./types"
import { argBool, argId, argNow } from "./values"

export const ATTACHMENT_KINDS: readonly AttachmentKind[] = ["file", "image", "voice", "video"]
/** Longest file name kept (a name is shown, not parsed). */
export const MAX_ATTACHMENT_NAME = 255
/** The most attachments one card (or one comment) keeps: each is a few hundred bytes. */
export const MAX_ATTACHMENTS_PER_CARD = 500

const SHA256 = /^[0-9a-f]{64}$/
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/

export function isSha256(v: unknown): v is string {
  return typeof v === "string" && SHA256.test(v)
}

/** Image types shown inline (and as covers). SVG is not one: it can carry script. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
])

/** What a file is to Baton, from its type (a recording says it is voice or video itself). */
export function kindOfMime(mime: string): AttachmentKind {
  return INLINE_IMAGE_TYPES.has(mime) ? "image" : "file"
}

function argName(v: unknown): string {
  if (typeof v !== "string") throw new ModelError("invalid-argument", "The file name must be text.")
  // Control characters and path separators are not part of a name a person gave a file.
  // eslint-disable-next-line no-control-regex
  const t = v.replace(/[\u0000-\u001f\u007f/\\]/g, "").trim()
  if (t.length === 0) throw new ModelError("invalid-argument", "The file name cannot be empty.")
  if (t.length > MAX_ATTACHMENT_NAME)
    throw new ModelError(
      "invalid-argument",
      `The file name is too long (at most ${MAX_ATTACHMENT_NAME} characters).`,
    )
  return t
}

function optionalCount(v: unknown, what: string): number | undefined {
  if (v === undefined) return undefined
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || !Number.isInteger(v))
    throw new ModelError("invalid-argument", `Invalid ${what}.`)
  return v
}

/** A checked copy of an attachment record (plain values only, no `undefined` fields). */
export function argAttachment(v: unknown): Attachment {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ModelError("invalid-argument", "Invalid attachment.")
  const a = v as Record<string, unknown>
  const id = argId(a.id, "attachment")
  if (!isSha256(a.sha256)) throw new ModelError("invalid-argument", "Invalid file hash.")
  const mime = typeof a.mime === "string" ? a.mime.toLowerCase().split(";")[0]!.trim() : ""
  const size = optionalCount(a.size, "file size")
  if (size === undefined) throw new ModelError("invalid-argument", "Invalid file size.")
  const kind = a.kind
  if (typeof kind !== "string" || !(ATTACHMENT_KINDS as readonly string[]).includes(kind))
    throw new ModelError("invalid-argument", "Invalid attachment kind.")
  const out: Attachment = {
    id,
    sha256: a.sha256,
    name: argName(a.name),
    mime: MIME.test(mime) ? mime : "application/octet-stream",
    size,
    addedBy: argId(a.addedBy, "member"),
    addedAt: argNow(a.addedAt),
    kind: kind as AttachmentKind,
  }
  if (a.thumbSha256 !== undefined) {
    if (!isSha256(a.thumbSha256)) throw new ModelError("invalid-argument", "Invalid preview hash.")
    out.thumbSha256 = a.thumbSha256
  }
  const width = optionalCount(a.width, "image width")
  const height = optionalCount(a.height, "image height")
  const durationMs = optionalCount(a.durationMs, "recording length")
  if (width !== undefined) out.width = width
  if (height !== undefined) out.height = height
  if (durationMs !== undefined) out.durationMs = durationMs
  return out
}

function own<T>(m: Record<string, T> | undefined, k: string): T | undefined {
  return m !== undefined && Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined
}

function requireAttachment(card: Card, attachmentId: Id): Attachment {
  const a = own(card.attachments, attachmentId)
  if (a === undefined)
    throw new ModelError("not-found", "This file is no longer on the card (someone removed it).")
  return a
}

/**
 * The attachments in the other values of a card's `attachments` field. On a card made before
 * attachments existed, two peers attaching its first files at once each create the map; the
 * merge keeps one map and the other is a conflict. Its files are not lost: they are read from
 * here and put back into the kept map by `repairAttachments` (and by every attachment
 * operation on the card). Empty outside an Automerge document.
 */
export function conflictingAttachments(card: Card): Attachment[] {
  let all: Record<string, unknown> | undefined
  try {
    all = A.getConflicts(card as unknown as A.Doc<unknown>, "attachments") as
      Record<string, unknown> | undefined
  } catch {
    return [] // a plain copy, not an object of an Automerge document
  }
  if (all === undefined || Object.keys(all).length < 2) return []
  const kept = card.attachments ?? {}
  const out: Attachment[] = []
  for (const m of Object.values(all)) {
    if (typeof m !== "object" || m === null || m === kept) continue
    for (const [id, a] of Object.entries(m as Record<string, Attachment>))
      if (own(kept, id) === undefined) out.push(a)
  }
  return out
}

/** Puts the files of a conflicting `attachments` map back into the kept one (see above). */
export function repairAttachments(doc: Board, cardId: Id): void {
  unionConflicts(requireCard(doc, cardId))
}

function unionConflicts(card: Card): void {
  const lost = conflictingAttachments(card)
  if (lost.length === 0) return
  if (card.attachments === undefined) card.attachments = {}
  for (const a of lost)
    if (own(card.attachments, a.id) === undefined) card.attachments[a.id] = argAttachment({ ...a })
}

/** The card's attachments, oldest first (ties by id): the order they are listed in. */
export function attachmentsOf(card: Card | Comment): Attachment[] {
  const m = card.attachments
  if (m === undefined) return []
  return Object.values(m).sort((a, b) =>
    a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.id < b.id ? -1 : 1,
  )
}

/** How many files a card carries, its comments' included (the tile's paperclip badge). */
export function attachmentCount(card: Card): number {
  let n = card.attachments === undefined ? 0 : Object.keys(card.attachments).length
  for (const c of Object.values(card.comments))
    if (c.attachments !== undefined) n += Object.keys(c.attachments).length
  return n
}

/** The attachment shown as the card's image cover, if it is still there and an image. */
export function coverImageOf(card: Card): Attachment | undefined {
  const id = card.coverImage
  if (id === undefined || id === null) return undefined
  const a = own(card.attachments, id)
  return a !== undefined && a.kind === "image" ? a : undefined
}

/**
 * Every SHA-256 the board's current document refers to (files and their previews, those of a
 * conflicting `attachments` map included): what the relay must keep.
 */
export function referencedBlobs(board: Board): Set<string> {
  const out = new Set<string>()
  const add = (m: Record<string, Attachment> | undefined): void => {
    if (m === undefined) return
    for (const a of Object.values(m)) {
      out.add(a.sha256)
      if (a.thumbSha256 !== undefined) out.add(a.thumbSha256)
    }
  }
  for (const bucket of Object.values(board.cardBuckets))
    for (const card of Object.values(bucket)) {
      add(card.attachments)
      for (const a of conflictingAttachments(card)) add({ [a.id]: a })
      for (const c of Object.values(card.comments)) add(c.attachments)
    }
  return out
}

/**
 * Attaches files to a card, by the member who added them. The first image a card gets becomes
 * its cover, unless the card has its automatic cover turned off or already has a cover.
 */
export function addAttachments(doc: Board, cardId: Id, attachments: unknown): void {
  if (!Array.isArray(attachments) || attachments.length === 0)
    throw new ModelError("invalid-argument", "No file to attach.")
  const list = attachments.map(argAttachment)
  const card = requireCard(doc, cardId)
  unionConflicts(card)
  for (const a of list) requireMember(doc, a.addedBy)
  const existing = card.attachments === undefined ? 0 : Object.keys(card.attachments).length
  if (existing + list.length > MAX_ATTACHMENTS_PER_CARD)
    throw new ModelError(
      "invalid-argument",
      `A card keeps at most ${MAX_ATTACHMENTS_PER_CARD} files; remove some first.`,
    )
  const hadImage = attachmentsOf(card).some((a) => a.kind === "image")
  if (card.attachments === undefined) card.attachments = {}
  for (const a of list) {
    if (own(card.attachments, a.id) !== undefined)
      throw new ModelError("already-exists", `An attachment with id ${a.id} already exists.`)
    card.attachments[a.id] = a
  }
  const firstImage = list.find((a) => a.kind === "image")
  if (
    firstImage !== undefined &&
    !hadImage &&
    card.autoCoverOff !== true &&
    (card.coverImage === undefined || card.coverImage === null)
  )
    card.coverImage = firstImage.id
}

export function renameAttachment(doc: Board, cardId: Id, attachmentId: Id, name: unknown): void {
  const n = argName(name)
  const card = requireCard(doc, cardId)
  unionConflicts(card)
  const a = requireAttachment(card, attachmentId)
  if (a.name !== n) a.name = n
}

/** Removes a file from the card (and as its cover). The relay keeps the bytes for a while. */
export function removeAttachment(doc: Board, cardId: Id, attachmentId: Id): void {
  const card = requireCard(doc, cardId)
  unionConflicts(card)
  requireAttachment(card, attachmentId)
  delete card.attachments![attachmentId]
  if (card.coverImage === attachmentId) card.coverImage = null
}

/** Makes an image attachment the card's cover, or (`null`) shows no image cover. */
export function setCoverImage(doc: Board, cardId: Id, attachmentId: Id | null): void {
  const card = requireCard(doc, cardId)
  unionConflicts(card)
  if (attachmentId === null) {
    if (card.coverImage !== undefined && card.coverImage !== null) card.coverImage = null
    return
  }
  const a = requireAttachment(card, argId(attachmentId, "attachment"))
  if (a.kind !== "image")
    throw new ModelError("invalid-argument", "Only an image can be a card's cover.")
  if (card.coverImage !== a.id) card.coverImage = a.id
}

/** Whether the first image attached to the card becomes its cover (on unless turned off). */
export function setAutoCover(doc: Board, cardId: Id, on: unknown): void {
  const v = argBool(on, "Automatic cover")
  const card = requireCard(doc, cardId)
  if (v && card.autoCoverOff === true) delete card.autoCoverOff
  if (!v && card.autoCoverOff !== true) card.autoCoverOff = true
}

/** Removes a file from a comment (by its author or an editor; roles are checked by the caller). */
export function removeCommentAttachment(
  doc: Board,
  cardId: Id,
  commentId: Id,
  attachmentId: Id,
): void {
  const card = requireCard(doc, cardId)
  const c = own(card.comments, commentId)
  if (c === undefined)
    throw new ModelError("not-found", `This comment no longer exists (${commentId}).`)
  if (own(c.attachments, attachmentId) === undefined)
    throw new ModelError("not-found", "This file is no longer on the comment.")
  delete c.attachments![attachmentId]
}

/** The attachments of a new comment, checked (used by `addComment`). */
export function commentAttachments(doc: Board, value: unknown): Record<Id, Attachment> | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value))
    throw new ModelError("invalid-argument", "Invalid attachments for a comment.")
  if (value.length === 0) return undefined
  if (value.length > MAX_ATTACHMENTS_PER_CARD)
    throw new ModelError("invalid-argument", "Too many files on one comment.")
  const out: Record<Id, Attachment> = {}
  for (const v of value) {
    const a = argAttachment(v)
    requireMember(doc, a.addedBy)
    out[a.id] = a
  }
  return out
}

/** Where an attachment sits: on the card itself or in one of its comments. */
export function findAttachment(
  card: Card,
  attachmentId: Id,
): { attachment: Attachment; commentId: Id | null } | undefined {
  const a = own(card.attachments, attachmentId)
  if (a !== undefined) return { attachment: a, commentId: null }
  for (const c of Object.values(card.comments)) {
    const x = own(c.attachments, attachmentId)
    if (x !== undefined) return { attachment: x, commentId: c.id }
  }
  return undefined
}

/** The operations of this module, by the name their changes record (see `OPERATIONS`). */
export const attachmentOperations = {
  addAttachments,
  renameAttachment,
  removeAttachment,
  setCoverImage,
  setAutoCover,
  removeCommentAttachment,
  repairAttachments,
} as const
