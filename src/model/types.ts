/**
 * The shape of a Baton board document (schema version 3).
 *
 * One Automerge document holds one board. Cards live in maps keyed by id, sharded into
 * buckets (see `bucketOf`) so an edit touches a small map; a card's place is its `listId`
 * plus a fractional-index `position`, so a move is two last-writer-wins fields and can
 * never duplicate or lose a card. Ties in `position` are broken by id.
 *
 * Time is stored as ISO-8601 UTC instants; date-only deadlines as `YYYY-MM-DD`.
 */

export const BOARD_KIND = "baton/board"
export const SCHEMA_VERSION = 4

export type Id = string
/** An instant as an ISO-8601 string in UTC, e.g. `2026-11-25T03:08:00.000Z`. */
export type IsoInstant = string
/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string
/** An IANA time zone name, e.g. `America/Lima`. */
export type TimeZone = string

/**
 * A deadline is either an exact instant (with the zone it was entered in, for display) or a
 * calendar date, meaning the end of that day in the card owner's zone.
 */
export type Deadline =
  { kind: "instant"; at: IsoInstant; zone: TimeZone } | { kind: "date"; date: IsoDate }

/**
 * Working hours of one day as minutes since local midnight, `start < end`. `end` may pass
 * 1440 (up to 2880) for a shift that runs into the next day (22:00–02:00 is 1320–1560).
 * A split day lists its further spans in `more` (additive: older apps see the first span).
 */
export interface DayHours {
  start: number
  end: number
  more?: Array<{ start: number; end: number }>
}

/** Working hours per ISO weekday: "1" is Monday … "7" is Sunday; `null` is a day off. */
export type WeekHours = Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", DayHours | null>

export type MemberStatus =
  | { kind: "available" }
  | { kind: "focusing" }
  /** `from` (additive): when the leave started; absent in older statuses. */
  | { kind: "away"; until: IsoInstant | null; from?: IsoInstant }

export interface Member {
  id: Id
  name: string
  /** CSS colour, `#rrggbb`. */
  color: string
  timeZone: TimeZone
  workingHours: WeekHours
  status: MemberStatus
  joinedAt: IsoInstant
  /**
   * Set on a member an import created from another tool's user (a placeholder a person can
   * later claim): where it came from and that tool's username. Absent on people who joined.
   */
  importedFrom?: { source: string; username: string } | null
}

export interface Label {
  id: Id
  name: string
  color: string
  /** Tombstone: deleted labels stay so concurrent assignments never dangle. */
  deleted: boolean
}

export interface List {
  id: Id
  /** One value (schema 3), like a card's title. */
  title: string
  position: string
  archived: boolean
  /** Tombstone: a deleted list stays so that cards moved into it concurrently stay reachable. */
  deleted: boolean
  createdAt: IsoInstant
  /** When the list was last archived (absent in lists never archived). */
  archivedAt?: IsoInstant | null
  /** When the list was deleted (absent in lists never deleted). */
  deletedAt?: IsoInstant | null
}

export interface ChecklistItem {
  id: Id
  text: string
  done: boolean
  position: string
  /** Additive: the member who owns this item (absent or `null`: no one). */
  owner?: Id | null
  /** Additive: the item's deadline, same shape as a card's (absent or `null`: none). */
  deadline?: Deadline | null
  /**
   * Schema 4: the checklist of the card this item was dragged to (absent, `null` or a
   * checklist no longer on the card: the one holding it). The item stays where it was
   * created, so a move is one last-writer-wins value and a teammate's concurrent edit of the
   * item is kept; `position` orders it in the checklist it shows in.
   */
  shownIn?: Id | null
}

/**
 * One named checklist of a card. Its items live inside it, so deleting a checklist takes its
 * items with it (including items another peer adds to it concurrently).
 */
export interface Checklist {
  id: Id
  /** Collaborative text. */
  name: string
  position: string
  items: Record<Id, ChecklistItem>
}

export interface Comment {
  id: Id
  authorId: Id
  /** Collaborative text. */
  text: string
  createdAt: IsoInstant
  editedAt: IsoInstant | null
  /** Additive: the comment this one answers (see `src/model/replies/thread.ts`). */
  replyTo?: Id
  /** Additive: the card's comments its author had when writing it (their frontier). */
  follows?: Id[]
  /** Additive: files (voice and video notes among them) posted with the comment. */
  attachments?: Record<Id, Attachment>
  /** Additive: when the comment was pinned to the board's Pinned strip (`null`: not pinned). */
  pinnedAt?: IsoInstant | null
}

export type AttachmentKind = "file" | "image" | "voice" | "video"

/**
 * A file on a card or comment. Only this record is in the document; the bytes are on the
 * device and on the relay at `/blobs/<board>/<sha256>` (see `src/model/attachments.ts`).
 */
export interface Attachment {
  id: Id
  /** SHA-256 of the bytes, 64 lowercase hex digits: the file's address. */
  sha256: string
  name: string
  /** Media type as the attaching device gave it (`application/octet-stream` if unknown). */
  mime: string
  /** Bytes. */
  size: number
  /** The member who attached it. */
  addedBy: Id
  addedAt: IsoInstant
  kind: AttachmentKind
  /** A small preview image (JPEG or WebP) made on the attaching device. */
  thumbSha256?: string
  width?: number
  height?: number
  /** Length of a voice or video note. */
  durationMs?: number
}

export interface Card {
  id: Id
  listId: Id
  position: string
  /** One value (schema 3): a rename assigns the whole title; concurrent renames keep one. */
  title: string
  /** Collaborative text (Markdown): concurrent edits merge character by character. */
  description: string
  /** Set of member ids. */
  owners: Record<Id, true>
  deadline: Deadline | null
  /**
   * Additive: when work on the card starts (same shape as a deadline; absent or `null`: none).
   * Replaced as a whole, so concurrent sets keep one start and never mix two.
   */
  start?: Deadline | null
  done: boolean
  doneAt: IsoInstant | null
  /** Set of label ids. */
  labels: Record<Id, true>
  /** The card's checklists, ordered by position then id (item ids are unique per card). */
  checklists: Record<Id, Checklist>
  comments: Record<Id, Comment>
  archived: boolean
  /** When the card was last archived (absent in cards never archived). */
  archivedAt?: IsoInstant | null
  urgent: boolean
  important: boolean
  /** Pinned cards show at the top of the board; `null` when not pinned. */
  pinnedAt: IsoInstant | null
  /** Additive: a template card is offered in every list's "Add a card" menu. */
  template?: boolean
  /** Cover colour `#rrggbb` (absent or `null`: no cover). */
  cover?: string | null
  /** Additive: files on the card, by id. */
  attachments?: Record<Id, Attachment>
  /** Additive: the image attachment shown as the tile's cover (`null`: none). */
  coverImage?: Id | null
  /** Additive: `true` when the first image attached should not become the cover. */
  autoCoverOff?: boolean
  /** When the card's conversation was marked resolved: mentions before it await no reply. */
  repliesResolvedAt?: IsoInstant | null
  createdBy: Id
  createdAt: IsoInstant
}

/**
 * A calendar feed of the board's deadlines (an iCalendar URL the relay serves). The URL holds
 * a secret; the board keeps only its SHA-256 (`hash`, hex), so reading the board does not
 * give the URL. A stopped feed stays as a tombstone and is never served again.
 */
export interface CalendarFeed {
  id: Id
  hash: string
  /** Only this member's cards (the cards they own), or `null` for every deadline. */
  memberId: Id | null
  createdBy: Id
  createdAt: IsoInstant
  stoppedAt: IsoInstant | null
}

export interface BoardSettings {
  /** "We reply within N working hours". */
  replyWithinWorkingHours: number
}

export interface Board {
  kind: typeof BOARD_KIND
  schemaVersion: number
  /** One value (schema 3), like a card's title. */
  title: string
  createdAt: IsoInstant
  createdBy: Id
  lists: Record<Id, List>
  /** Cards sharded by `bucketOf(card.id)`. */
  cardBuckets: Record<string, Record<Id, Card>>
  labels: Record<Id, Label>
  members: Record<Id, Member>
  settings: BoardSettings
  /** Calendar feeds by id (see `CalendarFeed`). */
  calendarFeeds: Record<Id, CalendarFeed>
  /** Additive: a template board is offered first when making a new board from a board. */
  template?: boolean
  /** Additive: set once the board is deleted for everyone (see `deleteBoard`). */
  deleted?: BoardDeletion | null
}

/** Who deleted a board for everyone, and when. */
export interface BoardDeletion {
  by: Id
  at: IsoInstant
}
