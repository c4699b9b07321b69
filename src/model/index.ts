/**
 * The Baton board model: the schema, every operation as a plain function
 * `(doc: Board, ...args) => void` to call inside `A.change`/`handle.change`, read helpers,
 * invariants, validation and migrations. Ids and the current time are always arguments.
 */
export * from "./types"
export { BUCKET_COUNT, bucketKeys, bucketOf } from "./buckets"
export { ModelError, isModelError } from "./errors"
export { sameHeads } from "./heads"
export { titleConflicts } from "./text"
export type { ModelErrorCode } from "./errors"
export { encodeChangeMeta, decodeChangeMeta } from "./changeMeta"
export type { ChangeMeta } from "./changeMeta"
export { compareByPosition, isValidPosition, placeAt } from "./positions"
export type { Positioned, Placement } from "./positions"
export * from "./board"
export * from "./lists"
export type { ListPlacement } from "./lists"
export * from "./cards"
export type { CardPlacement, PlacementHint } from "./cards"
export * from "./labels"
export * from "./checklist"
export * from "./comments"
export * from "./calendarFeeds"
export {
  getCard,
  requireCard,
  getList,
  isListVisible,
  allCards,
  visibleLists,
  archivedLists,
  deletedLists,
  cardsInList,
  cardsByList,
  cardsByListCached,
  archivedCards,
  orphanedCards,
  cardsInArchivedLists,
  liveLabels,
  cardLabels,
  checklistsOf,
  checklistItems,
  checklistProgress,
  commentsOf,
  ownersOf,
} from "./queries"
export { checkBoard } from "./check"
export type { Violation } from "./check"
export { validateBoard, describeBoardError } from "./validate"
export type { BoardError, BoardValidation } from "./validate"
export {
  migrate,
  needsMigration,
  schemaVersionOf,
  MIGRATIONS,
  FIRST_CHECKLIST_ID,
  FIRST_CHECKLIST_NAME,
} from "./migrations"
export type { Migration } from "./migrations"
export * from "./copy"
export type { CopyOptions } from "./copy"
export * from "./attachments"
