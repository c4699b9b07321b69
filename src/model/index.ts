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
export {
  defaultWorkingHours,
  initBoard,
  renameBoard,
  updateSettings,
  joinBoard,
  memberNamed,
  nameTakenMessage,
  updateMember,
  deleteBoard,
  boardDeletion,
} from "./board"
export { addList, renameList, moveList, archiveList, restoreList, deleteList } from "./lists"
export type { ListPlacement } from "./lists"
export {
  addCard,
  setCardTitle,
  setCardDescription,
  moveCard,
  archiveCard,
  restoreCard,
  deleteCard,
  addOwner,
  removeOwner,
  setDeadline,
  clearDeadline,
  setStart,
  clearStart,
  markDone,
  unmarkDone,
  setUrgent,
  setImportant,
  pinCard,
  unpinCard,
} from "./cards"
export type { CardPlacement, PlacementHint } from "./cards"
export {
  createLabel,
  renameLabel,
  recolorLabel,
  deleteLabel,
  assignLabel,
  unassignLabel,
} from "./labels"
export {
  addChecklist,
  renameChecklist,
  moveChecklist,
  deleteChecklist,
  addChecklistItem,
  editChecklistItem,
  toggleChecklistItem,
  moveChecklistItem,
  deleteChecklistItem,
  setChecklistItemOwner,
  setChecklistItemDeadline,
} from "./checklist"
export { addComment, editComment, deleteComment, pinComment, unpinComment } from "./comments"
export { addCalendarFeed, stopCalendarFeed } from "./calendarFeeds"
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
export {
  COPY_ALL,
  FROM_TEMPLATE,
  cardForBoard,
  addCardFromTemplate,
  copyCard,
  copyCardFrom,
  copyList,
  initBoardFromTemplate,
  placementAt,
  setBoardTemplate,
  setCardTemplate,
  templateCards,
} from "./copy"
export type { CopyOptions } from "./copy"
export {
  ATTACHMENT_KINDS,
  INLINE_IMAGE_TYPES,
  addAttachments,
  attachmentCount,
  attachmentsOf,
  conflictingAttachments,
  coverImageOf,
  findAttachment,
  isSha256,
  kindOfMime,
  referencedBlobs,
  removeAttachment,
  removeCommentAttachment,
  renameAttachment,
  repairAttachments,
  setAutoCover,
  setCoverImage,
} from "./attachments"
