/**
 * Who this device is on a board (docs/sharing.md): its role, whether the relay refused it, the
 * links it may hand out, and stopping a link. The screens see access only through here.
 */
import { createSignal, onCleanup, getOwner } from "solid-js"
import type { Accessor } from "solid-js"
import {
  ROLES,
  getDeviceAccess,
  isRole,
  isSecret,
  linkSecrets,
  rolesUpTo,
  strongestRole,
} from "../sync/device/boardAccess"
import type { BoardAccessState, Role, Secrets } from "../sync/device/boardAccess"
import type { OperationName } from "../model/operations"

export type { BoardAccessState, Role, Secrets }
export { ROLES, isRole, isSecret, linkSecrets, rolesUpTo, strongestRole }

/** What a commenter may do: their own comments and replies (with @mentions), and join. */
export const COMMENT_OPERATIONS: ReadonlySet<OperationName> = new Set<OperationName>([
  "addComment",
  "editComment",
  "deleteComment",
  "removeCommentAttachment",
  "joinBoard",
  "updateMember",
])

/** Whether `role` may run `op`; the relay refuses the change anyway when it may not. */
export function mayRun(role: Role, op: OperationName): boolean {
  if (role === "edit") return true
  if (role === "comment") return COMMENT_OPERATIONS.has(op)
  return false
}

/** Why an operation was refused, as told to the person. */
export function refusalMessage(role: Role): string {
  return role === "view"
    ? "You can view this board"
    : "You can comment on this board; ask an editor for a Can edit link to change it"
}

const EDITOR: BoardAccessState = { role: "edit", claimed: false, refused: null, secrets: {} }

/** The board's access on this device, kept current (the editor's, without a relay). */
export function boardAccess(documentId: string): Accessor<BoardAccessState> {
  const device = getDeviceAccess()
  if (device === null) return () => EDITOR
  const [state, setState] = createSignal(device.book.get(documentId))
  const off = device.book.subscribe((id) => {
    if (id === documentId) setState(device.book.get(documentId))
  })
  if (getOwner() !== null) onCleanup(off)
  return state
}

/** Keeps the secrets a link brought (before the board opens, so the relay sees them). */
export function keepLinkSecrets(documentId: string, secrets: Secrets): void {
  getDeviceAccess()?.book.addSecrets(documentId, secrets)
}

/** Secrets for a board just made here: this device claims it on its first connection. */
export function claimNewBoard(documentId: string): void {
  getDeviceAccess()?.book.newBoard(documentId)
}

/** Stops the board's link of `role` (editors only); resolves with whether the relay did. */
export function stopLink(documentId: string, role: Role): Promise<boolean> {
  return getDeviceAccess()?.stopLink(documentId, role) ?? Promise.resolve(false)
}
