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
import type { DocHandle, DocumentId, Repo } from "../session"
import type { Board, Card } from "../model/types"

export interface BoardContextProps {
  /** Reactive mirror of the board (read it inside JSX or effects). */
  board: Board
  handle: DocHandle<Board>
  documentId: DocumentId
  /** The member this person is on this board. */
  memberId: string
}

export interface CardContextProps extends BoardContextProps {
  card: Card
}

const toolbarItems: Component<BoardContextProps>[] = []
const cardBadges: Component<CardContextProps>[] = []
const cardDialogSections: Component<CardContextProps>[] = []
const homeSections: Component<{ repo: Repo }>[] = []

export function addBoardToolbarItem(c: Component<BoardContextProps>): void {
  toolbarItems.push(c)
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
export function addHomeSection(c: Component<{ repo: Repo }>): void {
  homeSections.push(c)
}

export const extensions = {
  get toolbarItems(): readonly Component<BoardContextProps>[] {
    return toolbarItems
  },
  get cardBadges(): readonly Component<CardContextProps>[] {
    return cardBadges
  },
  get cardDialogSections(): readonly Component<CardContextProps>[] {
    return cardDialogSections
  },
  get homeSections(): readonly Component<{ repo: Repo }>[] {
    return homeSections
  },
  get deadlineBadgeReplaced(): boolean {
    return deadlineBadgeReplaced
  },
}
