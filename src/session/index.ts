/**
 * What the screens (`src/ui`) may use of what lies below them. The board session is the seam
 * between a board's screen and its document; the rest are the device's services a screen
 * shows or starts (sync status, storage health, backups, the boards this device knows).
 * `src/ui` imports neither `@automerge/*` nor `src/sync/**` (eslint.config.js enforces it):
 * what it needs comes through here.
 */
export { openBoard, SHOWN_FIRST, failureMessage } from "./openBoard"
export type { Act, BoardPhase, BoardSession, OpenBoardOptions } from "./openBoard"
export type { UndoResult } from "./undoStack"
export type { TitleConflict } from "./titleConflict"
export type { BoardDoc, BoardChange, ChangeMeta } from "./BoardDoc"
export type { DocStore } from "./docStore"
export { createBoard, createBoardFromTemplate } from "./createBoard"
export { historyOf, prepareHistoryIndex } from "./history/historyIndex"
export type { HistoryIndexStore } from "./history/historyIndex"
export { copyAsNewBoard } from "./copyBoard"
export { removeBoardCopy } from "./removeBoardCopy"
export {
  ROLES,
  addDeviceCode,
  bindMember,
  bindingMessage,
  boardAccess,
  isRole,
  isSecret,
  keepLinkSecrets,
  linkSecrets,
  listMembers,
  mayRun,
  memberChangeMessage,
  refusalMessage,
  removeMember,
  rolesUpTo,
  setMemberRole,
  stopLink,
  strongestRole,
} from "./access"
export type { BoardAccessState, MemberDevice, MemberDevices, Role, Secrets } from "./access"
export { boardIdFromText, isBoardId } from "./documentIds"
export type { BoardId } from "./documentIds"
export {
  recordBoardSyncWith,
  unsyncedOf,
  watchBoardSync,
  watchStoredBoardSync,
} from "./syncSummary"

// The repo and its handles, as types only: screens hand them on, never call into them.
export type { DocHandle, DocHandleChangePayload, DocumentId, Repo } from "@automerge/automerge-repo"
export type { Doc, Heads } from "@automerge/automerge"
// The board features of src/ui/time still write through the handle; they move behind act next.
export { changeBoard } from "./changeBoard"
export { findDocument } from "../sync/findDocument"

// Device services.
export { watchSyncStatus } from "../sync/transport/syncStatus"
export type { SyncStatus } from "../sync/transport/syncStatus"
export { getRelayConnection } from "../sync/transport/relayConnection"
export { STORAGE_RETRY_MS } from "../sync/repo"
export { storageHealth } from "../sync/storage/storageHealth"
export {
  BackupError,
  backupFileName,
  exportBackup,
  importBackup,
  readBackup,
  serializeBackup,
} from "../sync/device/backup"
export type { ImportResult } from "../sync/device/backup"
export {
  DEVICE_BOARDS_KEY,
  getDeviceBoard,
  readDeviceBoards,
  removeDeviceBoard,
  upsertDeviceBoard,
} from "../sync/device/deviceBoards"
export type { DeviceBoard, KeyValueStore } from "../sync/device/deviceBoards"
export { deleteSnapshot } from "../sync/storage/snapshotCache"

// Importing a board file (Trello's export or Baton's own) in a worker.
export { automergeReady, importTarget, startImportWorker } from "./import/importTarget"
export type { ImportTarget } from "./import/importTarget"
export type { FromWorker, ToWorker } from "./import/protocol"

// Files on cards: the bytes on this device (upload queue, cache) and at the relay.
export { deviceFiles } from "../sync/blobs/deviceFiles"
export { fileHealth } from "../sync/blobs/fileHealth"
export type { DeviceFiles } from "../sync/blobs/deviceFiles"
export type { UploadState } from "../sync/blobs/uploader"
export type { BlobLimits } from "../sync/blobs/blobTransport"
export type { Download } from "../sync/blobs/download"
export { sha256Hex } from "../sync/blobs/download"
export { problemOf } from "../sync/storage/storageHealth"
export type { FileWhere } from "../sync/blobs/deviceFiles"
