/**
 * Places where other parts of Baton (e.g. the time-zone features in `src/ui/time/`) mount
 * their components without editing the board screens. Register before `render` (in
 * `src/main.tsx`):
 *
 * ```ts
 * addBoardToolbarItem(TeamClockButton)   // a button in the board's toolbar
 * addCardBadge(DeadlineInZones)          // extra badges on every card tile
 * addCardDialogSection(CardTimeSection)  // a section in the card dialog
 * addHomeSection(MyWork)                 // a section on the home page
 * ```
 */
import type { Component } from "solid-js"
import type { BoardSession, DocHandle, DocumentId, Repo } from "../session"
import type { Board, Card } from "../model/types"

export interface BoardContextProps {
  /** Reactive mirror of the board (read it inside JSX or effects). */
  board: Board
  /** Read-only access to the live document (history, change events). Edits go through `session`. */
  handle: DocHandle<Board>
  /** The board's session: every edit goes through its `act`, which checks the role and records undo. */
  session: BoardSession
  documentId: DocumentId
  /** The member this person is on this board. */
  memberId: string
}

export interface CardContextProps extends BoardContextProps {
  card: Card
}

/** What a section of the card dialog is given. */
export interface CardSectionProps {
  card: Card
  /** Closes the dialog (e.g. after archiving the card). */
  onClose: () => void
}

/**
 * A section of the card dialog. Unlike `addCardDialogSection`'s, it is drawn from the first
 * paint on (edits before the document has loaded go through the session like any other).
 */
export interface CardSection {
  /** Names it for `openCard(cardId, id)`, which scrolls to it and focuses its first field. */
  id: string
  column: "main" | "side"
  /** Sections are drawn by increasing order within their column. */
  order: number
  /** Its heading's id prefix (the heading is `${prefix}-${cardId}`), or its label. */
  heading: { prefix: string } | { label: string }
  component: Component<CardSectionProps>
  /**
   * The section disables its own controls by role (viewers may still open its files);
   * otherwise a role that may not edit the card sees all of it disabled.
   */
  ownRoles?: boolean
}

/**
 * Where a toolbar item is drawn. `status` items stay in sight on every screen (the phone's
 * compact bar); `bar` items sit in the toolbar row on wide screens; `menu` items sit in the
 * board menu. On a phone every item but `status` ones is in the board menu.
 */
export type ToolbarPlacement = "status" | "bar" | "menu"

export interface ToolbarItem {
  component: Component<BoardContextProps>
  placement: ToolbarPlacement
}

const toolbarItems: ToolbarItem[] = []
const cardSections: CardSection[] = []
const cardDeadlineDetails: Component<CardContextProps>[] = []
const cardBadges: Component<CardContextProps>[] = []
const cardDialogSections: Component<CardContextProps>[] = []
const homeSections: Component<{ repo: Repo }>[] = []

export function addBoardToolbarItem(
  c: Component<BoardContextProps>,
  options: { placement?: ToolbarPlacement } = {},
): void {
  toolbarItems.push({ component: c, placement: options.placement ?? "bar" })
}
let deadlineBadgeReplaced = false

/**
 * Adds a badge to every card tile. With `{ replacesDeadline: true }` the board's own deadline
 * badge is no longer drawn (the added component shows the deadline instead).
 */
export function addCardBadge(
  c: Component<CardContextProps>,
  options: { replacesDeadline?: boolean } = {},
): void {
  cardBadges.push(c)
  if (options.replacesDeadline === true) deadlineBadgeReplaced = true
}
export function addCardDialogSection(c: Component<CardContextProps>): void {
  cardDialogSections.push(c)
}
/** Adds (or, with the same id, replaces) a section of the card dialog. */
export function addCardSection(section: CardSection): void {
  const at = cardSections.findIndex((s) => s.id === section.id)
  if (at >= 0) cardSections.splice(at, 1)
  cardSections.push(section)
  cardSections.sort((a, b) => a.order - b.order)
}
/** Adds what a component shows of a card's deadline, inside the dialog's one Deadline section. */
export function addCardDeadlineDetail(c: Component<CardContextProps>): void {
  cardDeadlineDetails.push(c)
}
export function addHomeSection(c: Component<{ repo: Repo }>): void {
  homeSections.push(c)
}

export const extensions = {
  get toolbarItems(): readonly Component<BoardContextProps>[] {
    return toolbarItems.map((i) => i.component)
  },
  /** The components of the toolbar items drawn at `placement`, in the order they were added. */
  toolbarItemsAt(placement: ToolbarPlacement): readonly Component<BoardContextProps>[] {
    return toolbarItems.filter((i) => i.placement === placement).map((i) => i.component)
  },
  get cardBadges(): readonly Component<CardContextProps>[] {
    return cardBadges
  },
  get cardDialogSections(): readonly Component<CardContextProps>[] {
    return cardDialogSections
  },
  get cardSections(): readonly CardSection[] {
    return cardSections
  },
  get cardDeadlineDetails(): readonly Component<CardContextProps>[] {
    return cardDeadlineDetails
  },
  get homeSections(): readonly Component<{ repo: Repo }>[] {
    return homeSections
  },
  get deadlineBadgeReplaced(): boolean {
    return deadlineBadgeReplaced
  },
}
