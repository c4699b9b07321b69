/**
 * Who may do what on the relay, per board (see docs/protocol.md and docs/security.md).
 *
 * - An unclaimed board (no record) behaves as before: every peer syncs it.
 * - A peer authenticates per document: `hello` → a fresh nonce → `proof` (a signature of the
 *   nonce by the device's P-256 key, plus a link secret to join, plus link hashes to claim).
 * - On a claimed board a connection without a grant for it gets nothing: its sync requests
 *   are answered exactly as for a board the relay does not have (`doc-unavailable`), and
 *   nothing about the board is sent to it.
 * - A `view` grant may read: its sync messages that carry changes are refused (not given to
 *   the repo, so not stored and not forwarded) and counted. A `comment` grant's changes pass
 *   only when every path they touch is a card's comments or the members (`onlyComments`). Nothing is answered, so
 *   the exchange ends there instead of both sides asking for the same heads again.
 * - An editor's change whose actor id was first used by another device is refused the same way.
 */
import { decodeChange, decodeSyncMessage, getAllChanges, load } from "@automerge/automerge"
import type { DecodedChange } from "@automerge/automerge"
import type { AuthorClaim, AuthorClaims } from "./authorship"
import { randomBytes } from "node:crypto"
import type { Logger } from "../log"
import { changeCount } from "../mergeSync"
import type { AuthStore } from "./AuthStore"
import type { ClientAuthFrame } from "./authFrame"
import {
  b64,
  challengePayload,
  deviceIdOf,
  sameBytes,
  sha256,
  unb64,
  verifySignature,
} from "./crypto"
import { ROLES } from "./types"
import type { BoardAccess, DeviceRecord, Role } from "./types"

/** Byte 8 of an Automerge chunk (after magic and checksum) says what it holds. */
const DOCUMENT_CHUNK = 0

/**
 * The changes of one item of a sync message's `changes`, as (actor, hash): a change, or (when
 * Automerge sends a whole document at once) every change of a document chunk. Null if unreadable.
 */
interface ChangeInfo {
  actor: string
  hash: string
  whole: boolean
  /** The member Baton's change message credits (`{"v":1,"m":…}`), if it names one. */
  member: string | undefined
  decoded: DecodedChange
}

function memberOf(message: string | null | undefined): string | undefined {
  if (typeof message !== "string" || message.length > 800) return undefined
  try {
    const o = JSON.parse(message) as unknown
    if (typeof o !== "object" || o === null) return undefined
    const m = (o as Record<string, unknown>).m
    return typeof m === "string" ? m : undefined
  } catch {
    return undefined
  }
}

function changesOf(view: Uint8Array): ChangeInfo[] | null {
  // A copy: Automerge misreads a view into a larger buffer (what CBOR decoding gives).
  const bytes = new Uint8Array(view)
  const out: ChangeInfo[] = []
  try {
    // One item may hold several chunks one after the other (a client that sends what it
    // saved of a document offline sends its changes concatenated).
    for (const part of chunksOf(bytes)) {
      const chunk = new Uint8Array(part)
      if (chunk[8] !== DOCUMENT_CHUNK) {
        const c = decodeChange(chunk)
        out.push({
          actor: c.actor,
          hash: c.hash,
          whole: false,
          member: memberOf(c.message),
          decoded: c,
        })
        continue
      }
      for (const change of getAllChanges(load(chunk))) {
        const c = decodeChange(change)
        out.push({
          actor: c.actor,
          hash: c.hash,
          whole: true,
          member: memberOf(c.message),
          decoded: c,
        })
      }
    }
    return out
  } catch {
    return null
  }
}

/**
 * Splits concatenated Automerge chunks: each is magic (4 bytes), checksum (4), type (1), the
 * body's length (unsigned LEB128), then the body.
 */
export function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let at = 0
  while (at < bytes.byteLength) {
    let length = 0
    let shift = 0
    let i = at + 9
    for (;;) {
      if (i >= bytes.byteLength || shift > 28) throw new RangeError("truncated chunk header")
      const b = bytes[i++]!
      length += (b & 0x7f) * 2 ** shift
      shift += 7
      if ((b & 0x80) === 0) break
    }
    const end = i + length
    if (end > bytes.byteLength) throw new RangeError("truncated chunk")
    chunks.push(bytes.subarray(at, end))
    at = end
  }
  return chunks
}

/** Close code for a connection cut because the link or device it used was stopped. */
export const CLOSE_ACCESS_REVOKED = 4403

/** A connection as the access checks see it; the network adapter provides it. */
export interface AccessPeer {
  readonly seq: number
  readonly remote: string
  /** Sends a `baton-auth` frame for `documentId` (the adapter adds sender and target). */
  sendAuth(documentId: string, body: Record<string, unknown>): void
  /** Sends a `doc-unavailable` for `documentId`, exactly as the repo answers for a board it lacks. */
  sendUnavailable(documentId: string, request: Uint8Array): void
  /** Closes the whole connection. */
  close(code: number, reason: string): void
  /** Whether the connection has `documentId` open. */
  hasDocument(documentId: string): boolean
}

interface Grant {
  role: Role
  deviceId: string
  /** The link this connection presented to join, if it joined through one. */
  linkHash?: string
}

interface Challenge {
  seq: number
  documentId: string
  issuedAt: number
}

export interface AccessOptions {
  /** How long a nonce may be answered. Default 30 s. */
  nonceTtlMs?: number
  /** Most unanswered challenges one connection may hold. Default 64. */
  maxChallengesPerConnection?: number
  now?: () => number
  /** How long an "Add a device" code may be used. Default 10 minutes. */
  deviceCodeTtlMs?: number
  /** Wrong codes a board accepts per window before it refuses every code. Default 5 per 10 min. */
  maxCodeFailures?: number
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
const CODE_LENGTH = 8

/** An unused "Add a device" code: kept only as a hash, with the member it adds a device to. */
interface DeviceCode {
  documentId: string
  memberId: string
  expiresAt: number
}

/** A code as typed: upper case, without spaces or dashes. */
const normalCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, "")

/** `later`: the check needs the relay's copy of the board; ask again once it is loaded. */
export type Verdict = "pass" | "unavailable" | "drop" | "refused" | "later"

const REFUSAL_REASONS = [
  "read-only-change",
  "outside-comments",
  "foreign-actor",
  "foreign-member",
  "undecodable-change",
  "no-access",
  "bad-signature",
  "replayed-signature",
  "stale-nonce",
  "unknown-nonce",
  "link-stopped",
  "device-removed",
  "not-a-member",
  "not-an-editor",
  "too-many-challenges",
  "member-taken",
  "bad-device-code",
  "too-many-code-attempts",
  "no-member",
  "last-editor",
  "unknown-member",
  "link-mismatch",
  "foreign-author",
  "author-edited",
  "author-unchecked",
] as const
type RefusalReason = (typeof REFUSAL_REASONS)[number]

export class AccessControl {
  readonly #boards = new Map<string, BoardAccess>()
  readonly #peers = new Map<number, { peer: AccessPeer; grants: Map<string, Grant> }>()
  readonly #challenges = new Map<string, Challenge>()
  /** Nonces already answered, until they would be stale anyway: a second answer is a replay. */
  readonly #usedNonces = new Map<string, number>()
  /** Refusals of changes are logged once per connection and board, then only counted. */
  readonly #loggedRefusals = new Set<string>()
  readonly #refusals = new Map<RefusalReason, number>()
  readonly #ttl: number
  readonly #maxChallenges: number
  readonly #now: () => number
  readonly #codeTtl: number
  readonly #maxCodeFailures: number
  /** By `documentId:hash of the code`. */
  readonly #codes = new Map<string, DeviceCode>()
  /** Per board, the times of recent wrong codes. */
  readonly #codeFailures = new Map<string, number[]>()
  changesRefused = 0

  constructor(
    private readonly store: AuthStore,
    private readonly log: Logger,
    options: AccessOptions = {},
  ) {
    this.#ttl = options.nonceTtlMs ?? 30_000
    this.#maxChallenges = options.maxChallengesPerConnection ?? 64
    this.#now = options.now ?? Date.now
    this.#codeTtl = options.deviceCodeTtlMs ?? 10 * 60_000
    this.#maxCodeFailures = options.maxCodeFailures ?? 5
  }

  async start(): Promise<void> {
    for (const access of await this.store.loadAll()) this.#boards.set(access.documentId, access)
    await this.store.watch?.((record) => this.adopt(record))
  }

  /**
   * Takes a board's record as another relay saved it. Connections it no longer allows are
   * cut: those of a removed device or a stopped link, and, when the board was claimed
   * elsewhere, those that have it open without a grant.
   */
  adopt(record: BoardAccess): void {
    const before = this.#boards.get(record.documentId)
    const had = before !== undefined
    this.#boards.set(record.documentId, record)
    const secretsOf = (a: BoardAccess | undefined): string =>
      ROLES.map((r) => a?.links[r].secret ?? "").join(" ")
    if (had && secretsOf(before) !== secretsOf(record)) this.#pushLinks(record.documentId, record)
    const stopped = new Set(record.stoppedLinks.map((s) => s.hash))
    this.#cut(
      record.documentId,
      (_seq, grant) =>
        grant === undefined
          ? !had
          : Boolean(record.devices[grant.deviceId]?.removedAt) ||
            (record.devices[grant.deviceId] ?? grant).role !== grant.role ||
            (grant.linkHash !== undefined && stopped.has(grant.linkHash)),
      "access changed",
    )
  }

  close(): Promise<void> {
    return this.store.close()
  }

  /** Number of boards claimed and devices registered, for /metrics and the benchmark. */
  get counts(): { boards: number; devices: number } {
    let devices = 0
    for (const b of this.#boards.values()) devices += Object.keys(b.devices).length
    return { boards: this.#boards.size, devices }
  }

  isClaimed(documentId: string): boolean {
    return this.#boards.has(documentId)
  }

  /** A claimed board's record (links, devices, actors), read-only; undefined when unclaimed. */
  recordOf(documentId: string): Readonly<BoardAccess> | undefined {
    return this.#boards.get(documentId)
  }

  #entry(peer: AccessPeer): { peer: AccessPeer; grants: Map<string, Grant> } {
    let e = this.#peers.get(peer.seq)
    if (!e) {
      e = { peer, grants: new Map() }
      this.#peers.set(peer.seq, e)
    }
    return e
  }

  forget(seq: number): void {
    this.#peers.delete(seq)
    for (const [nonce, ch] of this.#challenges) if (ch.seq === seq) this.#challenges.delete(nonce)
    for (const key of this.#loggedRefusals)
      if (key.startsWith(`${seq}:`)) this.#loggedRefusals.delete(key)
  }

  #refuse(peer: AccessPeer, reason: RefusalReason, detail?: string): void {
    this.#refusals.set(reason, (this.#refusals.get(reason) ?? 0) + 1)
    this.log.warn("access refused", { reason, detail, remote: peer.remote })
  }

  /**
   * What to do with a document message from `peer` before the repo sees it. `loaded`: asked
   * again after `later`, once the board was loaded; a check that still cannot run refuses.
   */
  inbound(
    peer: AccessPeer,
    documentId: string,
    message: Record<string, unknown>,
    loaded = false,
  ): Verdict {
    const access = this.#boards.get(documentId)
    if (!access) return "pass"
    const grant = this.#peers.get(peer.seq)?.grants.get(documentId)
    const type = message.type
    if (!grant) {
      if (type === "sync" || type === "request") {
        this.#refusals.set("no-access", (this.#refusals.get("no-access") ?? 0) + 1)
        return "unavailable"
      }
      return "drop"
    }
    if ((type !== "sync" && type !== "request") || !(message.data instanceof Uint8Array))
      return "pass"
    const count = changeCount(message.data)
    if (count === 0) return "pass"
    const decoded = decodeSyncMessage(message.data)
    if (decoded.changes.length === 0) return "pass"
    if (grant.role === "view") return this.#refuseChange(peer, documentId, "read-only-change")
    // Attribution: an actor id belongs to the device that first used it.
    const fresh: string[] = []
    const unknown: DecodedChange[] = []
    for (const item of decoded.changes) {
      const changes = changesOf(item)
      if (changes === null) return this.#refuseChange(peer, documentId, "undecodable-change")
      for (const { actor, hash, whole, member, decoded: change } of changes) {
        const owner = access.actors[actor]
        // Only what the relay's copy lacks is this device's to answer for: a whole document
        // carries everyone's history, and a device whose sync state was lost (or the relay's,
        // after eviction) sends teammates' changes it got from the relay back beside its own.
        // (A client sends changes only after the relay's first answer, by which time the board
        // is in memory.) A device's own actor needs no lookup.
        if (whole || owner !== grant.deviceId) {
          const known = this.knownChange(documentId, hash)
          if (known === undefined && !loaded) return "later"
          if (known === true) continue
        }
        unknown.push(change)
        // History credits the member a change's message names: only the device's own member.
        if (member !== undefined && !this.#mayCredit(access, grant.deviceId, member))
          return this.#refuseChange(peer, documentId, "foreign-member")
        if (owner === undefined) fresh.push(actor)
        else if (owner !== grant.deviceId)
          return this.#refuseChange(peer, documentId, "foreign-actor")
      }
    }
    // A commenter writes comments (and its own member profile) only: the changes are tried on
    // a copy of the relay's board, and every path they touch must be inside a card's comments.
    if (grant.role === "comment") {
      const only = this.onlyComments(documentId, decoded.changes, (member) =>
        this.#mayCredit(access, grant.deviceId, member),
      )
      if (only === undefined && !loaded) return "later"
      if (only !== true) return this.#refuseChange(peer, documentId, "outside-comments")
    }
    // Who the content says did it: only the device's own member, a member no device is bound to
    // (placeholders of an import, members from before the board was claimed), or what the
    // board already credits to that member (a restored card, an undone deletion).
    const claims = this.authorsOf(documentId, unknown, loaded)
    if (claims === undefined) {
      if (!loaded) return "later"
      return this.#refuseChange(peer, documentId, "author-unchecked")
    }
    if (!claims.ok)
      return this.#refuseChange(
        peer,
        documentId,
        claims.why === "edited" ? "author-edited" : "author-unchecked",
      )
    const foreign = claims.claims.filter((c) => !this.#mayClaim(access, grant, c))
    if (foreign.length > 0 && this.carried(documentId, foreign) !== true)
      return this.#refuseChange(peer, documentId, "foreign-author")
    if (fresh.length > 0) {
      for (const actor of fresh) access.actors[actor] = grant.deviceId
      this.#save(access)
    }
    return "pass"
  }

  /**
   * Whether a claim of authorship passes without looking at the board's history: it names the
   * device's own member or a member no device is bound to; or, from an editor, it is a comment
   * or attachment inside a card the same change creates (a copy or a move from another board).
   */
  #mayClaim(access: BoardAccess, grant: Grant, claim: AuthorClaim): boolean {
    const own = access.devices[grant.deviceId]?.memberId
    if (claim.value === own) return true
    if (!Object.values(access.devices).some((d) => d.memberId === claim.value)) return true
    return (
      grant.role === "edit" &&
      claim.inNewCard &&
      (claim.field === "authorId" || claim.field === "addedBy")
    )
  }

  /**
   * Whether the device may make a change credited to `member`: its own bound member; or, while
   * it is not bound yet, a member no device is bound to (it binds when the person joins).
   */
  #mayCredit(access: BoardAccess, deviceId: string, member: string): boolean {
    const own = access.devices[deviceId]?.memberId
    if (own !== undefined) return own === member
    return !Object.values(access.devices).some((d) => d.memberId === member)
  }

  #refuseChange(peer: AccessPeer, documentId: string, reason: RefusalReason): Verdict {
    this.changesRefused++
    this.#refusals.set(reason, (this.#refusals.get(reason) ?? 0) + 1)
    const key = `${peer.seq}:${documentId}:${reason}`
    if (!this.#loggedRefusals.has(key)) {
      this.#loggedRefusals.add(key)
      this.log.warn("change refused", { reason, remote: peer.remote })
    }
    return "refused"
  }

  /** Whether a message about `documentId` may go to the connection `seq`. */
  outbound(seq: number, documentId: string): boolean {
    if (!this.#boards.has(documentId)) return true
    return this.#peers.get(seq)?.grants.has(documentId) === true
  }

  #save(access: BoardAccess): Promise<void> {
    return this.store.save(access).catch((err: unknown) => {
      this.log.error("access state not saved", { error: String(err) })
      throw err
    })
  }

  /** Handles one `baton-auth` frame; resolves once it is answered. */
  async handle(peer: AccessPeer, documentId: string, frame: ClientAuthFrame): Promise<void> {
    switch (frame.step) {
      case "hello":
        return this.#hello(peer, documentId)
      case "proof":
        return this.#proof(peer, documentId, frame)
      case "add-device":
        return this.#addDevice(peer, documentId)
      case "bind-member":
        return this.#bindDevice(peer, documentId, frame.member, frame.memberCode)
      case "stop-link":
        return this.#stopLink(peer, documentId, frame.role, frame.newLinkHash, frame.newLink)
      case "keep-links":
        return this.#keepLinks(peer, documentId, frame.links)
      case "get-links": {
        const access = this.#editorGrant(peer, documentId)
        if (access) peer.sendAuth(documentId, { step: "links", links: this.#keptSecrets(access) })
        return
      }
      case "remove-device":
        return this.#removeDevice(peer, documentId, frame.deviceId)
      case "list-members":
        return this.#listMembers(peer, documentId)
      case "set-role":
        return this.#setMemberRole(peer, documentId, frame.member, frame.role)
      case "remove-member":
        return this.#removeMember(peer, documentId, frame.member)
    }
  }

  #prune(): void {
    const now = this.#now()
    for (const [nonce, ch] of this.#challenges)
      if (now - ch.issuedAt > this.#ttl) this.#challenges.delete(nonce)
    for (const [nonce, until] of this.#usedNonces) if (until < now) this.#usedNonces.delete(nonce)
  }

  #hello(peer: AccessPeer, documentId: string): void {
    this.#prune()
    let outstanding = 0
    for (const ch of this.#challenges.values()) if (ch.seq === peer.seq) outstanding++
    if (outstanding >= this.#maxChallenges) {
      this.#refuse(peer, "too-many-challenges")
      peer.sendAuth(documentId, { step: "denied", reason: "denied" })
      return
    }
    const nonce = new Uint8Array(randomBytes(32))
    this.#challenges.set(b64(nonce), { seq: peer.seq, documentId, issuedAt: this.#now() })
    peer.sendAuth(documentId, { step: "challenge", nonce })
  }

  #deny(peer: AccessPeer, documentId: string, reason: RefusalReason, answer = "denied"): void {
    this.#refuse(peer, reason)
    peer.sendAuth(documentId, { step: "denied", reason: answer })
  }

  async #proof(
    peer: AccessPeer,
    documentId: string,
    frame: Extract<ClientAuthFrame, { step: "proof" }>,
  ): Promise<void> {
    const nonceKey = b64(frame.nonce)
    const now = this.#now()
    const used = this.#usedNonces.get(nonceKey)
    if (used !== undefined && used >= now) return this.#deny(peer, documentId, "replayed-signature")
    const challenge = this.#challenges.get(nonceKey)
    if (!challenge || challenge.seq !== peer.seq || challenge.documentId !== documentId)
      return this.#deny(peer, documentId, "unknown-nonce")
    this.#challenges.delete(nonceKey)
    // Answered or not, this nonce is spent.
    this.#usedNonces.set(nonceKey, challenge.issuedAt + this.#ttl)
    if (now - challenge.issuedAt > this.#ttl) return this.#deny(peer, documentId, "stale-nonce")
    const valid = await verifySignature(
      frame.publicKey,
      frame.signature,
      challengePayload(documentId, frame.nonce),
    )
    if (!valid) return this.#deny(peer, documentId, "bad-signature")
    const deviceId = deviceIdOf(frame.publicKey)
    const at = new Date(this.#now()).toISOString()
    const access = this.#boards.get(documentId)

    if (!access) {
      if (!frame.claim) {
        // Unclaimed and not claiming: the board stays open to everyone, as before.
        peer.sendAuth(documentId, { step: "granted", role: "edit", deviceId, claimed: false })
        return
      }
      const claimed: BoardAccess = {
        version: 1,
        documentId,
        claimedAt: at,
        links: {
          edit: { hash: b64(frame.claim.edit), since: at },
          comment: { hash: b64(frame.claim.comment), since: at },
          view: { hash: b64(frame.claim.view), since: at },
        },
        stoppedLinks: [],
        devices: {
          [deviceId]: {
            publicKey: b64(frame.publicKey),
            role: "edit",
            joinedWith: "claim",
            joinedAt: at,
            ...(frame.member ? { memberId: frame.member } : {}),
          },
        },
        actors: {},
      }
      this.#boards.set(documentId, claimed)
      this.#entry(peer).grants.set(documentId, { role: "edit", deviceId })
      await this.#save(claimed)
      peer.sendAuth(documentId, { step: "granted", role: "edit", deviceId, claimed: true })
      // Peers that had the board open without a proof no longer may: cut them so they resync.
      this.#cut(
        documentId,
        (seq, grant) => seq !== peer.seq && grant === undefined,
        "board claimed",
      )
      return
    }

    const device = access.devices[deviceId]
    // The device proved it holds its key: telling it that it was removed gives nothing away.
    if (device?.removedAt) return this.#deny(peer, documentId, "device-removed", "device-removed")
    let linkHash: string | undefined
    let role: Role | undefined = device?.role
    /** The role of the stopped link a registered device presented: it can stop showing it. */
    let stale: Role | undefined
    if (frame.link) {
      const presented = sha256(frame.link)
      let matched: Role | undefined
      // Every role is compared, whatever matches, so the time taken says nothing.
      for (const r of ROLES) if (sameBytes(presented, unb64(access.links[r].hash))) matched ??= r
      if (matched) linkHash = b64(presented)
      else if (device)
        stale = access.stoppedLinks.find((s) => sameBytes(presented, unb64(s.hash)))?.role
      if (!device) {
        if (!matched) {
          const stopped = access.stoppedLinks.some((s) => sameBytes(presented, unb64(s.hash)))
          return stopped
            ? this.#deny(peer, documentId, "link-stopped", "link-stopped")
            : this.#deny(peer, documentId, "not-a-member")
        }
        let memberId: string | undefined
        if (frame.member) {
          const bound = this.#bindMember(peer, access, frame.member, frame.memberCode)
          if (bound !== true) return this.#denyBinding(peer, documentId, bound)
          memberId = frame.member
        }
        role = matched
        access.devices[deviceId] = {
          publicKey: b64(frame.publicKey),
          role: matched,
          joinedWith: matched,
          linkHash,
          joinedAt: at,
          ...(memberId ? { memberId } : {}),
        }
        await this.#save(access)
      }
    }
    if (!role) return this.#deny(peer, documentId, "not-a-member")
    if (device && !device.memberId && frame.member) {
      // A device registered before it named its member (an older client) binds once, the same way.
      const bound = this.#bindMember(peer, access, frame.member, frame.memberCode)
      if (bound === true) {
        device.memberId = frame.member
        await this.#save(access)
      }
    }
    this.#entry(peer).grants.set(documentId, { role, deviceId, ...(linkHash ? { linkHash } : {}) })
    const memberId = access.devices[deviceId]?.memberId
    peer.sendAuth(documentId, {
      step: "granted",
      role,
      deviceId,
      claimed: true,
      ...(memberId ? { memberId } : {}),
      // Only editors learn the current secrets: the links they share and may stop.
      ...(role === "edit" ? { links: this.#keptSecrets(access) } : {}),
      ...(stale ? { stale: [stale] } : {}),
    })
  }

  /**
   * Whether a registering device may act as `memberId`: yes when no device of the board is
   * bound to it (a new member); when one is, only with an unused, unexpired code that a device
   * of that member made. Wrong codes are limited per board, whoever sends them.
   */
  #bindMember(
    _peer: AccessPeer,
    access: BoardAccess,
    memberId: string,
    code: string | undefined,
  ): true | "taken" | "bad-code" | "limited" {
    const taken = Object.values(access.devices).some((d) => d.memberId === memberId)
    if (!taken && code === undefined) return true
    const now = this.#now()
    const failures = (this.#codeFailures.get(access.documentId) ?? []).filter(
      (t) => now - t < this.#codeTtl,
    )
    this.#codeFailures.set(access.documentId, failures)
    if (failures.length >= this.#maxCodeFailures) return "limited"
    if (code === undefined) return "taken"
    for (const [key, c] of this.#codes) if (c.expiresAt <= now) this.#codes.delete(key)
    const key = `${access.documentId}:${b64(sha256(new TextEncoder().encode(normalCode(code))))}`
    const found = this.#codes.get(key)
    if (!found || found.memberId !== memberId) {
      failures.push(now)
      return "bad-code"
    }
    // Single use: spent whether or not the registration that follows is saved.
    this.#codes.delete(key)
    return true
  }

  /**
   * Binds the connection's device to a member, once: to a new member freely, to an existing
   * one with its code. Answers `member-bound`, or `denied` with the reason.
   */
  async #bindDevice(
    peer: AccessPeer,
    documentId: string,
    member: string,
    code: string | undefined,
  ): Promise<void> {
    const access = this.#boards.get(documentId)
    const grant = this.#peers.get(peer.seq)?.grants.get(documentId)
    const device = grant ? access?.devices[grant.deviceId] : undefined
    if (!access || !device) return this.#deny(peer, documentId, "no-member")
    if (device.memberId !== undefined) {
      if (device.memberId === member) {
        peer.sendAuth(documentId, { step: "member-bound", memberId: member })
        return
      }
      return this.#deny(peer, documentId, "member-taken", "member-taken")
    }
    const bound = this.#bindMember(peer, access, member, code)
    if (bound !== true) return this.#denyBinding(peer, documentId, bound)
    device.memberId = member
    await this.#save(access)
    peer.sendAuth(documentId, { step: "member-bound", memberId: member })
  }

  #denyBinding(peer: AccessPeer, documentId: string, why: "taken" | "bad-code" | "limited"): void {
    const reason =
      why === "taken"
        ? "member-taken"
        : why === "limited"
          ? "too-many-code-attempts"
          : "bad-device-code"
    this.#deny(peer, documentId, reason, reason)
  }

  /** An "Add a device" code for the member the asking device is bound to. */
  #addDevice(peer: AccessPeer, documentId: string): void {
    const access = this.#boards.get(documentId)
    const grant = this.#peers.get(peer.seq)?.grants.get(documentId)
    const memberId = grant ? access?.devices[grant.deviceId]?.memberId : undefined
    if (!access || !grant || !memberId) return this.#deny(peer, documentId, "no-member")
    const bytes = randomBytes(CODE_LENGTH)
    let code = ""
    for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length]
    const expiresAt = this.#now() + this.#codeTtl
    const key = `${documentId}:${b64(sha256(new TextEncoder().encode(code)))}`
    this.#codes.set(key, { documentId, memberId, expiresAt })
    peer.sendAuth(documentId, {
      step: "device-code",
      code,
      expiresAt: new Date(expiresAt).toISOString(),
    })
  }

  #editorGrant(peer: AccessPeer, documentId: string): BoardAccess | null {
    const access = this.#boards.get(documentId)
    const grant = this.#peers.get(peer.seq)?.grants.get(documentId)
    if (!access || grant?.role !== "edit") {
      this.#deny(peer, documentId, "not-an-editor")
      return null
    }
    return access
  }

  async #stopLink(
    peer: AccessPeer,
    documentId: string,
    role: Role,
    newHash: Uint8Array,
    newLink: Uint8Array | undefined,
  ): Promise<void> {
    const access = this.#editorGrant(peer, documentId)
    if (!access) return
    if (newLink !== undefined && !sameBytes(sha256(newLink), newHash))
      return this.#deny(peer, documentId, "link-mismatch")
    const old = access.links[role]
    const at = new Date(this.#now()).toISOString()
    access.stoppedLinks.push({ hash: old.hash, role, stoppedAt: at })
    // A new record: the stopped secret goes with the stopped hash.
    access.links[role] = {
      hash: b64(newHash),
      since: at,
      ...(newLink !== undefined ? { secret: b64(newLink) } : {}),
    }
    await this.#save(access)
    this.log.info("link stopped", { role, remote: peer.remote })
    peer.sendAuth(documentId, { step: "link-stopped", role })
    this.#pushLinks(documentId, access)
    this.#cut(documentId, (_seq, grant) => grant?.linkHash === old.hash, "link stopped")
  }

  /**
   * The secrets of the board's current links that the relay holds, by role. Each is checked
   * against its link's hash again, so a record edited by hand or merged badly still never
   * hands out a secret that is not the current one.
   */
  #keptSecrets(access: BoardAccess): Partial<Record<Role, Uint8Array>> {
    const out: Partial<Record<Role, Uint8Array>> = {}
    for (const r of ROLES) {
      const link = access.links[r]
      if (link.secret === undefined) continue
      const secret = unb64(link.secret)
      if (sameBytes(sha256(secret), unb64(link.hash))) out[r] = secret
    }
    return out
  }

  /** Sends the current secrets to every editor's connection on the board, except `skip`. */
  #pushLinks(documentId: string, access: BoardAccess, skip?: number): void {
    const links = this.#keptSecrets(access)
    for (const peer of this.#allPeers()) {
      if (peer.seq === skip) continue
      if (this.#peers.get(peer.seq)?.grants.get(documentId)?.role !== "edit") continue
      peer.sendAuth(documentId, { step: "links", links })
    }
  }

  /**
   * An editor offers the secrets it holds; the relay keeps each that is the current one of its
   * role (by hash, in constant time) and tells the editor which are not (`stale`: stopped
   * since it got them). The other editors get the secrets that were new to the relay.
   */
  async #keepLinks(
    peer: AccessPeer,
    documentId: string,
    offered: Partial<Record<Role, Uint8Array>>,
  ): Promise<void> {
    const access = this.#editorGrant(peer, documentId)
    if (!access) return
    const stale: Role[] = []
    let added = false
    for (const r of ROLES) {
      const secret = offered[r]
      if (secret === undefined) continue
      const link = access.links[r]
      if (!sameBytes(sha256(secret), unb64(link.hash))) {
        stale.push(r)
        continue
      }
      if (link.secret === undefined) {
        link.secret = b64(secret)
        added = true
      }
    }
    if (added) await this.#save(access)
    peer.sendAuth(documentId, {
      step: "links",
      links: this.#keptSecrets(access),
      ...(stale.length > 0 ? { stale } : {}),
    })
    if (added) this.#pushLinks(documentId, access, peer.seq)
  }

  async #removeDevice(peer: AccessPeer, documentId: string, deviceId: string): Promise<void> {
    const access = this.#editorGrant(peer, documentId)
    if (!access) return
    const device = access.devices[deviceId]
    if (!device) {
      peer.sendAuth(documentId, { step: "denied", reason: "unknown-device" })
      return
    }
    device.removedAt = new Date(this.#now()).toISOString()
    await this.#save(access)
    this.log.info("device removed", { remote: peer.remote })
    peer.sendAuth(documentId, { step: "device-removed", deviceId })
    this.#cut(documentId, (_seq, grant) => grant?.deviceId === deviceId, "device removed")
  }

  /**
   * The board's devices as editors manage them: each with its member, role, the link it
   * joined with and when. Public keys are left out: an editor has no use for them.
   */
  #listMembers(peer: AccessPeer, documentId: string): void {
    const access = this.#editorGrant(peer, documentId)
    if (!access) return
    const devices = Object.entries(access.devices).map(([deviceId, d]) => ({
      deviceId,
      ...(d.memberId ? { memberId: d.memberId } : {}),
      role: d.role,
      joinedWith: d.joinedWith,
      joinedAt: d.joinedAt,
      ...(d.removedAt ? { removedAt: d.removedAt } : {}),
    }))
    const own = this.#peers.get(peer.seq)?.grants.get(documentId)?.deviceId
    peer.sendAuth(documentId, { step: "members", devices, ...(own ? { you: own } : {}) })
  }

  /** The devices of `memberId` that still work on the board. */
  #devicesOf(access: BoardAccess, memberId: string): [string, DeviceRecord][] {
    return Object.entries(access.devices).filter(
      ([, d]) => d.memberId === memberId && d.removedAt === undefined,
    )
  }

  /**
   * Whether taking `memberId`'s devices out of the editors leaves the board with no editor:
   * nobody could then share it, stop its links or manage its members.
   */
  #lastEditor(access: BoardAccess, memberId: string): boolean {
    return !Object.values(access.devices).some(
      (d) => d.removedAt === undefined && d.role === "edit" && d.memberId !== memberId,
    )
  }

  async #setMemberRole(
    peer: AccessPeer,
    documentId: string,
    memberId: string,
    role: Role,
  ): Promise<void> {
    const access = this.#editorGrant(peer, documentId)
    if (!access) return
    const devices = this.#devicesOf(access, memberId)
    if (devices.length === 0)
      return this.#deny(peer, documentId, "unknown-member", "unknown-member")
    if (role !== "edit" && this.#lastEditor(access, memberId))
      return this.#deny(peer, documentId, "last-editor", "last-editor")
    const changed = new Set<string>()
    for (const [id, d] of devices)
      if (d.role !== role) {
        d.role = role
        changed.add(id)
      }
    if (changed.size > 0) await this.#save(access)
    this.log.info("member role set", { role, devices: changed.size, remote: peer.remote })
    peer.sendAuth(documentId, { step: "role-set", member: memberId, role })
    // Their open connections hold the old role; they reconnect and are granted the new one.
    this.#cut(
      documentId,
      (_seq, grant) => grant !== undefined && changed.has(grant.deviceId),
      "role changed",
    )
  }

  async #removeMember(peer: AccessPeer, documentId: string, memberId: string): Promise<void> {
    const access = this.#editorGrant(peer, documentId)
    if (!access) return
    const devices = this.#devicesOf(access, memberId)
    if (devices.length === 0)
      return this.#deny(peer, documentId, "unknown-member", "unknown-member")
    if (this.#lastEditor(access, memberId))
      return this.#deny(peer, documentId, "last-editor", "last-editor")
    const at = new Date(this.#now()).toISOString()
    const removed = new Set<string>()
    for (const [id, d] of devices) {
      d.removedAt = at
      removed.add(id)
    }
    await this.#save(access)
    this.log.info("member removed", { devices: removed.size, remote: peer.remote })
    peer.sendAuth(documentId, { step: "member-removed", member: memberId })
    this.#cut(
      documentId,
      (_seq, grant) => grant !== undefined && removed.has(grant.deviceId),
      "member removed",
    )
  }

  /**
   * Closes every connection on `documentId` that `shouldCut` names. The whole connection
   * goes: the repo's sync state with it would otherwise still count what it can no longer
   * receive; the client reconnects and authenticates each board again.
   */
  #cut(
    documentId: string,
    shouldCut: (seq: number, grant: Grant | undefined) => boolean,
    reason: string,
  ): void {
    for (const peer of this.#allPeers()) {
      const grant = this.#peers.get(peer.seq)?.grants.get(documentId)
      if (!grant && !peer.hasDocument(documentId)) continue
      if (shouldCut(peer.seq, grant)) peer.close(CLOSE_ACCESS_REVOKED, reason)
    }
  }

  /**
   * Whether `changes` (a sync message's) touch only comments and profiles of members `mine`
   * accepts on the relay's copy of the board (undefined: the board is not in memory, so the
   * changes are refused; the client sends again).
   */
  onlyComments: (
    documentId: string,
    changes: Uint8Array[],
    mine: (memberId: string) => boolean,
  ) => boolean | undefined = () => undefined

  /** The authorship claims of fresh changes on the relay's board (undefined: not in memory). */
  authorsOf: (
    documentId: string,
    changes: DecodedChange[],
    loaded: boolean,
  ) => AuthorClaims | undefined = () => ({
    ok: true,
    claims: [],
  })

  /** Whether the board's history already credits each claim's holder to its member. */
  carried: (documentId: string, claims: AuthorClaim[]) => boolean | undefined = () => undefined

  /** Resolves once the relay's copy of the board is in memory (for a `later` verdict). */
  whenLoaded: (documentId: string) => Promise<void> = () => Promise.resolve()

  /** Whether the relay's copy of the board has a change (undefined: not in memory). */
  knownChange: (documentId: string, hash: string) => boolean | undefined = () => undefined

  /** Every open connection; the adapter sets this. */
  listPeers: () => AccessPeer[] = () => [...this.#peers.values()].map((e) => e.peer)

  #allPeers(): AccessPeer[] {
    return this.listPeers()
  }

  /** Prometheus lines: refusals by reason, claimed boards, registered devices. No board is named. */
  renderMetrics(): string {
    const lines = [
      "# HELP baton_relay_access_refusals_total Messages and proofs refused by the access checks, by reason.",
      "# TYPE baton_relay_access_refusals_total counter",
    ]
    for (const reason of REFUSAL_REASONS)
      lines.push(
        `baton_relay_access_refusals_total{reason="${reason}"} ${this.#refusals.get(reason) ?? 0}`,
      )
    const { boards, devices } = this.counts
    lines.push(
      "# HELP baton_relay_changes_refused_total Changes refused from peers whose role may not make them.",
      "# TYPE baton_relay_changes_refused_total counter",
      `baton_relay_changes_refused_total ${this.changesRefused}`,
      "# HELP baton_relay_claimed_boards Boards with links and roles.",
      "# TYPE baton_relay_claimed_boards gauge",
      `baton_relay_claimed_boards ${boards}`,
      "# HELP baton_relay_registered_devices Devices registered on claimed boards.",
      "# TYPE baton_relay_registered_devices gauge",
      `baton_relay_registered_devices ${devices}`,
    )
    return lines.join("\n") + "\n"
  }
}
