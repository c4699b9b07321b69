/**
 * Validation of the `baton-auth` frames a peer may send (see docs/protocol.md). Called by
 * validateFrame.ts after the envelope (sender, target, document id) has been checked, so a
 * malformed capability frame closes the connection like any other malformed frame.
 */
import { isRole } from "./types"
import type { Role } from "./types"

export const AUTH_TYPE = "baton-auth"

export type ClientAuthFrame =
  | { step: "hello" }
  | {
      step: "proof"
      nonce: Uint8Array
      publicKey: Uint8Array
      signature: Uint8Array
      /** The link secret, when the device joins through a link. */
      link?: Uint8Array
      /** SHA-256 hashes of the three new link secrets, used only if the board is unclaimed. */
      claim?: Record<Role, Uint8Array>
      /** The member id the device acts as, when it registers (see DeviceRecord.memberId). */
      member?: string
      /** A one-time code from a device of `member`, needed when `member` already has devices. */
      memberCode?: string
    }
  | { step: "add-device" }
  | { step: "bind-member"; member: string; memberCode?: string }
  | {
      step: "stop-link"
      role: Role
      newLinkHash: Uint8Array
      /** The new secret itself, for the relay to hand to the other editors. */
      newLink?: Uint8Array
    }
  | { step: "keep-links"; links: Partial<Record<Role, Uint8Array>> }
  | { step: "get-links" }
  | { step: "remove-device"; deviceId: string }
  | { step: "list-members" }
  | { step: "set-role"; member: string; role: Role }
  | { step: "remove-member"; member: string }

const isSecret = (v: unknown): v is Uint8Array =>
  v instanceof Uint8Array && v.byteLength >= 16 && v.byteLength <= 64

const isBytes = (v: unknown, length?: number): v is Uint8Array =>
  v instanceof Uint8Array && (length === undefined ? v.byteLength > 0 : v.byteLength === length)

/** A member id as the document keeps it: 1-64 characters of letters, digits, `_` and `-`. */
const MEMBER_ID = /^[A-Za-z0-9_-]{1,64}$/

/** The checked frame, or the reason it is malformed. */
export function parseAuthFrame(m: Record<string, unknown>): ClientAuthFrame | string {
  switch (m.step) {
    case "hello":
      return { step: "hello" }
    case "proof": {
      if (!isBytes(m.nonce, 32)) return "proof nonce is not 32 bytes"
      if (!isBytes(m.publicKey, 65) || m.publicKey[0] !== 4)
        return "proof publicKey is not a raw P-256 point"
      if (!isBytes(m.signature, 64)) return "proof signature is not 64 bytes"
      const frame: ClientAuthFrame = {
        step: "proof",
        nonce: m.nonce,
        publicKey: m.publicKey,
        signature: m.signature,
      }
      if (m.link !== undefined) {
        if (!isBytes(m.link) || m.link.byteLength < 16 || m.link.byteLength > 64)
          return "proof link is not a secret of 16-64 bytes"
        frame.link = m.link
      }
      if (m.claim !== undefined) {
        const c = m.claim as Record<string, unknown> | null
        if (c === null || typeof c !== "object" || Array.isArray(c))
          return "proof claim is not an object"
        if (!isBytes(c.edit, 32) || !isBytes(c.comment, 32) || !isBytes(c.view, 32))
          return "proof claim needs edit, comment and view hashes of 32 bytes"
        frame.claim = { edit: c.edit, comment: c.comment, view: c.view }
      }
      if (m.member !== undefined) {
        if (typeof m.member !== "string" || !MEMBER_ID.test(m.member))
          return "proof member is not a member id"
        frame.member = m.member
      }
      if (m.memberCode !== undefined) {
        if (typeof m.memberCode !== "string" || m.memberCode.length > 32)
          return "proof memberCode is not a short string"
        frame.memberCode = m.memberCode
      }
      return frame
    }
    case "add-device":
      return { step: "add-device" }
    case "bind-member": {
      if (typeof m.member !== "string" || !MEMBER_ID.test(m.member))
        return "bind-member member is not a member id"
      if (m.memberCode === undefined) return { step: "bind-member", member: m.member }
      if (typeof m.memberCode !== "string" || m.memberCode.length > 32)
        return "bind-member memberCode is not a short string"
      return { step: "bind-member", member: m.member, memberCode: m.memberCode }
    }
    case "stop-link":
      if (!isRole(m.role)) return "stop-link role is not edit, comment or view"
      if (!isBytes(m.newLinkHash, 32)) return "stop-link newLinkHash is not 32 bytes"
      if (m.newLink === undefined)
        return { step: "stop-link", role: m.role, newLinkHash: m.newLinkHash }
      if (!isSecret(m.newLink)) return "stop-link newLink is not a secret of 16-64 bytes"
      return { step: "stop-link", role: m.role, newLinkHash: m.newLinkHash, newLink: m.newLink }
    case "keep-links": {
      const l = m.links as Record<string, unknown> | null
      if (l === null || typeof l !== "object" || Array.isArray(l))
        return "keep-links links is not an object"
      const links: Partial<Record<Role, Uint8Array>> = {}
      for (const [role, secret] of Object.entries(l)) {
        if (!isRole(role)) return "keep-links names a role that is not edit, comment or view"
        if (!isSecret(secret)) return "keep-links secret is not 16-64 bytes"
        links[role] = secret
      }
      if (Object.keys(links).length === 0) return "keep-links holds no secret"
      return { step: "keep-links", links }
    }
    case "get-links":
      return { step: "get-links" }
    case "remove-device":
      if (typeof m.deviceId !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(m.deviceId))
        return "remove-device deviceId is malformed"
      return { step: "remove-device", deviceId: m.deviceId }
    case "list-members":
      return { step: "list-members" }
    case "set-role":
      if (typeof m.member !== "string" || !MEMBER_ID.test(m.member))
        return "set-role member is not a member id"
      if (!isRole(m.role)) return "set-role role is not edit, comment or view"
      return { step: "set-role", member: m.member, role: m.role }
    case "remove-member":
      if (typeof m.member !== "string" || !MEMBER_ID.test(m.member))
        return "remove-member member is not a member id"
      return { step: "remove-member", member: m.member }
    default:
      return "unknown auth step"
  }
}
