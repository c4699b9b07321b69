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
import type { MemberDevice, MemberDevices } from "../sync/transport/boardAuth"
import type { OperationName } from "../model/operations"

export type { BoardAccessState, MemberDevice, MemberDevices, Role, Secrets }
export { ROLES, isRole, isSecret, linkSecrets, rolesUpTo, strongestRole }

/** What a commenter may do: their own comments and replies (with @mentions), and join. */
export const COMMENT_OPERATIONS: ReadonlySet<OperationName> = new Set<OperationName>([
  "addComment",
  "editComment",
  "deleteComment",
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

/** Why the relay would not bind this device to a member, as told to the person. */
export function bindingMessage(reason: string): string {
  switch (reason) {
    case "member-taken":
      return "This member already has devices. Enter the code from one of them (Add a device), or join as a new member."
    case "bad-device-code":
      return "That code does not work. Codes work once, for 10 minutes: make a new one with Add a device."
    case "too-many-code-attempts":
      return "Too many wrong codes on this board. Wait 10 minutes, then try a new code."
    case "offline":
      return "You need to be online to add this device to a member."
    default:
      return "The relay did not accept this. Try again."
  }
}

/**
 * Binds this device to `memberId` on the relay (an existing member needs a code from one of
 * its devices). True without a relay or on a board nobody claimed, where there is nothing to bind.
 */
export async function bindMember(
  documentId: string,
  memberId: string,
  code?: string,
): Promise<true | string> {
  const device = getDeviceAccess()
  if (device === null || !device.book.get(documentId).claimed) return true
  return device.auth.bindMember(documentId, memberId, code)
}

/** Why the relay would not change or remove a member, as told to the person. */
export function memberChangeMessage(reason: string): string {
  switch (reason) {
    case "last-editor":
      return "Someone else must be able to edit first: a board always keeps at least one editor."
    case "unknown-member":
      return "This member has no device on the relay yet, so there is nothing to change."
    case "offline":
      return "Baton needs to reach the relay for this. Try again once you are online."
    case "not-an-editor":
      return "Only editors can manage members."
    default:
      return "The relay did not accept this. Try again."
  }
}

/** The board's devices with their members and roles (editors, on a claimed board, online). */
export function listMembers(documentId: string): Promise<MemberDevices | { reason: string }> {
  const device = getDeviceAccess()
  return device === null
    ? Promise.resolve({ reason: "offline" })
    : device.auth.listMembers(documentId)
}

/** Gives every device of `memberId` the role `role` on the relay. */
export function setMemberRole(
  documentId: string,
  memberId: string,
  role: Role,
): Promise<true | string> {
  const device = getDeviceAccess()
  return device === null
    ? Promise.resolve("offline")
    : device.auth.setMemberRole(documentId, memberId, role)
}

/** Stops every device of `memberId` on the board, at the relay. */
export function removeMember(documentId: string, memberId: string): Promise<true | string> {
  const device = getDeviceAccess()
  return device === null
    ? Promise.resolve("offline")
    : device.auth.removeMember(documentId, memberId)
}

/** A one-time "Add a device" code for this device's member on the board. */
export function addDeviceCode(
  documentId: string,
): Promise<{ code: string; expiresAt: string } | { reason: string }> {
  const device = getDeviceAccess()
  return device === null
    ? Promise.resolve({ reason: "offline" })
    : device.auth.addDevice(documentId)
}
