/**
 * What the relay keeps about who may do what on one board. Nothing here can read the board:
 * link secrets are kept only as SHA-256 hashes, devices only as public keys, so this state
 * stays the same once documents are encrypted end to end.
 */

/** A link's role, strongest first. */
export const ROLES = ["edit", "comment", "view"] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value)
}

/** One current link of a board. */
export interface LinkRecord {
  /** base64url SHA-256 of the link's secret. */
  hash: string
  /** ISO-8601 UTC instant the link was made. */
  since: string
  /**
   * base64url of the secret itself, kept so that every editor's devices can show the current
   * link (docs/sharing.md), and handed only to editors. It goes with its hash: stopping the
   * link replaces the whole record, so a stopped secret is never handed out.
   */
  secret?: string
}

export interface StoppedLink {
  hash: string
  role: Role
  stoppedAt: string
}

export interface DeviceRecord {
  /** base64url of the device's ECDSA P-256 public key, raw uncompressed point (65 bytes). */
  publicKey: string
  role: Role
  /** How the device joined: the role of the link it presented, or "claim" for the claimer. */
  joinedWith: Role | "claim"
  /** Hash of the link it joined with (absent for the claimer). */
  linkHash?: string
  joinedAt: string
  /** Set when an editor removed the device: it is refused from then on. */
  removedAt?: string
  /**
   * The board member (the document's member id) this device acts as. Set once, when the device
   * registers: to a member no other device has, or, with a one-time code from a device of that
   * member ("Add a device"), to an existing one. Never changed afterwards.
   */
  memberId?: string
}

export interface BoardAccess {
  version: 1
  documentId: string
  claimedAt: string
  links: Record<Role, LinkRecord>
  stoppedLinks: StoppedLink[]
  /** By device id (base64url SHA-256 of the raw public key, 43 characters). */
  devices: Record<string, DeviceRecord>
  /** Automerge actor id (hex) → the device that first used it. */
  actors: Record<string, string>
}
