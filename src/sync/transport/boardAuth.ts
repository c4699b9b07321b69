/**
 * The client's side of the relay's per-board authentication (docs/protocol.md): before the
 * first message about a board goes out on a connection, the board is authenticated (`hello`,
 * the relay's nonce signed with the device key, `proof` with the board's link or claim), and
 * the board's messages wait until the relay answers. A board with no credentials (none known
 * on this device) is synced as before, without a handshake.
 */
import type { Message } from "@automerge/automerge-repo/slim"

export type Role = "edit" | "comment" | "view"

/** Signs with the device's key; the private key never leaves WebCrypto. */
export interface DeviceSigner {
  /** Raw uncompressed P-256 public key (65 bytes). */
  publicKey: Uint8Array
  sign(payload: Uint8Array): Promise<Uint8Array>
}

export interface BoardCredentials {
  /** The link secret this device holds for the board, to join through it. */
  link?: Uint8Array
  /** SHA-256 hashes of new link secrets, to claim the board if nobody has yet. */
  claim?: Record<Role, Uint8Array>
}

/** One device of a claimed board, as the relay lists it to editors. */
export interface MemberDevice {
  deviceId: string
  /** The board member it acts as (null: joined before members were bound to devices). */
  memberId: string | null
  role: Role
  /** The link it joined with, or "claim" for the device that claimed the board. */
  joinedWith: Role | "claim"
  joinedAt: string
  removedAt: string | null
}

export interface MemberDevices {
  devices: MemberDevice[]
  /** This device's id among them. */
  you: string | null
}

/** Link secrets by role, as the relay hands them to editors. */
export type LinkSecrets = Partial<Record<Role, Uint8Array>>

export type BoardAuthResult =
  | {
      status: "granted"
      role: Role
      claimed: boolean
      /** An editor's grant: the current secrets the relay holds (absent for other roles). */
      links?: LinkSecrets
      /** Roles whose secret this device presented although it was stopped. */
      stale?: Role[]
    }
  | { status: "denied"; reason: string }

const ROLE_NAMES: readonly Role[] = ["edit", "comment", "view"]

/** The roles a relay frame lists (`stale`), ignoring anything else. */
function rolesOf(value: unknown): Role[] {
  return Array.isArray(value) ? ROLE_NAMES.filter((r) => (value as unknown[]).includes(r)) : []
}

/** The secrets of a relay frame's `links`, ignoring anything that is not one. */
function linksOf(value: unknown): LinkSecrets | undefined {
  if (typeof value !== "object" || value === null) return undefined
  const out: LinkSecrets = {}
  for (const r of ROLE_NAMES) {
    const s = (value as Record<string, unknown>)[r]
    if (s instanceof Uint8Array && s.byteLength >= 16 && s.byteLength <= 64) out[r] = s
  }
  return out
}

interface BoardState {
  status: "authenticating" | "granted" | "denied"
  queue: Message[]
}

const encoder = new TextEncoder()

function base64url(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** The bytes a device signs for `documentId` and the relay's `nonce`. */
export function challengePayload(documentId: string, nonce: Uint8Array): Uint8Array {
  return encoder.encode(`baton-auth-v1\n${documentId}\n${base64url(nonce)}`)
}

export class BoardAuth {
  #boards = new Map<string, BoardState>()
  #sendFrame: ((frame: Record<string, unknown>) => void) | null = null
  #sendMessage: ((message: Message) => void) | null = null

  constructor(
    private readonly signer: DeviceSigner,
    /**
     * The board's credentials, or `null` to sync it without a handshake. A promise is awaited
     * when the relay's challenge comes (so new claim secrets can be made and hashed then).
     */
    private readonly credentialsFor: (
      documentId: string,
    ) => BoardCredentials | Promise<BoardCredentials> | null,
    private readonly onResult: (documentId: string, result: BoardAuthResult) => void = () => {},
    /**
     * The relay's current secrets for a board this device edits (after a stop, or an answer to
     * `keepLinks`), and which of the secrets this device offered are no longer current.
     */
    private readonly onLinks: (
      documentId: string,
      links: LinkSecrets,
      stale: Role[],
    ) => void = () => {},
  ) {}

  /** A connection is up: frames go out through `sendFrame`, released messages through `sendMessage`. */
  connected(
    sendFrame: (frame: Record<string, unknown>) => void,
    sendMessage: (message: Message) => void,
  ): void {
    this.#answerRequests()
    this.#boards.clear()
    this.#sendFrame = sendFrame
    this.#sendMessage = sendMessage
  }

  /** The connection is gone: every board authenticates again on the next one. */
  disconnected(): void {
    this.#answerRequests()
    this.#boards.clear()
    this.#sendFrame = this.#sendMessage = null
  }

  /** The role the relay granted on this connection, if any. */
  roleOf(documentId: string): BoardAuthResult | undefined {
    const s = this.#boards.get(documentId)
    return s?.status === "granted" ? this.#granted.get(documentId) : undefined
  }
  #granted = new Map<string, BoardAuthResult>()

  /** True when `message` may go out now; otherwise it is held until the relay answers. */
  admit(message: Message): boolean {
    const documentId = message.documentId
    if (documentId === undefined || message.type === "baton-auth") return true
    const existing = this.#boards.get(documentId)
    if (existing?.status === "granted") return true
    // A refused board's requests go on: the relay answers them as for a board it does not
    // have, so the repo stops waiting (and what this device holds stays on it).
    if (existing?.status === "denied") return true
    if (existing) {
      existing.queue.push(message)
      return false
    }
    if (this.credentialsFor(documentId) === null) return true
    this.#boards.set(documentId, { status: "authenticating", queue: [message] })
    this.#sendFrame?.({ type: "baton-auth", documentId, step: "hello" })
    return false
  }

  /** Editors' requests waiting for the relay's answer, per board. */
  #requests = new Map<string, ((frame: Record<string, unknown>) => void)[]>()

  /**
   * Stops the board's link of `role`: the relay replaces its hash by `newLinkHash`. Resolves
   * with whether the relay did it (only an editor's granted connection may).
   */
  stopLink(
    documentId: string,
    role: Role,
    newLinkHash: Uint8Array,
    newLink?: Uint8Array,
  ): Promise<boolean> {
    const send = this.#sendFrame
    if (send === null || this.#boards.get(documentId)?.status !== "granted")
      return Promise.resolve(false)
    return new Promise((resolve) => {
      const waiting = this.#requests.get(documentId) ?? []
      waiting.push((answer) => resolve(answer.step === "link-stopped" && answer.role === role))
      this.#requests.set(documentId, waiting)
      send({
        type: "baton-auth",
        documentId,
        step: "stop-link",
        role,
        newLinkHash,
        ...(newLink !== undefined ? { newLink } : {}),
      })
    })
  }

  /**
   * Offers the relay the secrets this device holds, so it can hand them to the board's other
   * editors. The answer comes to `onLinks`, like every later change of the current secrets.
   */
  keepLinks(documentId: string, links: LinkSecrets): void {
    if (this.#boards.get(documentId)?.status !== "granted") return
    this.#sendFrame?.({ type: "baton-auth", documentId, step: "keep-links", links })
  }

  /** Sends a request about a granted board and resolves with the relay's answer (`lost` when cut). */
  #request(documentId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const send = this.#sendFrame
    if (send === null || this.#boards.get(documentId)?.status !== "granted")
      return Promise.resolve({ step: "lost" })
    return new Promise((resolve) => {
      const waiting = this.#requests.get(documentId) ?? []
      waiting.push(resolve)
      this.#requests.set(documentId, waiting)
      send({ type: "baton-auth", documentId, ...body })
    })
  }

  /** A one-time "Add a device" code for this device's member, or the reason there is none. */
  async addDevice(
    documentId: string,
  ): Promise<{ code: string; expiresAt: string } | { reason: string }> {
    const a = await this.#request(documentId, { step: "add-device" })
    return a.step === "device-code" && typeof a.code === "string"
      ? { code: a.code, expiresAt: String(a.expiresAt) }
      : { reason: a.step === "lost" ? "offline" : String(a.reason ?? "denied") }
  }

  /** Binds this device to `member` on the relay; an existing member needs its code. */
  async bindMember(documentId: string, member: string, code?: string): Promise<true | string> {
    const a = await this.#request(documentId, {
      step: "bind-member",
      member,
      ...(code !== undefined ? { memberCode: code } : {}),
    })
    if (a.step === "member-bound") return true
    return a.step === "lost" ? "offline" : String(a.reason ?? "denied")
  }

  /** The board's devices with their members and roles, as the relay keeps them (editors only). */
  async listMembers(documentId: string): Promise<MemberDevices | { reason: string }> {
    const a = await this.#request(documentId, { step: "list-members" })
    if (a.step !== "members" || !Array.isArray(a.devices))
      return { reason: a.step === "lost" ? "offline" : String(a.reason ?? "denied") }
    const devices: MemberDevice[] = []
    for (const d of a.devices as Record<string, unknown>[]) {
      if (typeof d.deviceId !== "string" || typeof d.role !== "string") continue
      devices.push({
        deviceId: d.deviceId,
        memberId: typeof d.memberId === "string" ? d.memberId : null,
        role: d.role as Role,
        joinedWith: String(d.joinedWith) as Role | "claim",
        joinedAt: String(d.joinedAt),
        removedAt: typeof d.removedAt === "string" ? d.removedAt : null,
      })
    }
    return { devices, you: typeof a.you === "string" ? a.you : null }
  }

  /** Gives every device of `member` the role `role`; true, or the relay's reason. */
  async setMemberRole(documentId: string, member: string, role: Role): Promise<true | string> {
    const a = await this.#request(documentId, { step: "set-role", member, role })
    if (a.step === "role-set") return true
    return a.step === "lost" ? "offline" : String(a.reason ?? "denied")
  }

  /** Stops every device of `member` on the board; true, or the relay's reason. */
  async removeMember(documentId: string, member: string): Promise<true | string> {
    const a = await this.#request(documentId, { step: "remove-member", member })
    if (a.step === "member-removed") return true
    return a.step === "lost" ? "offline" : String(a.reason ?? "denied")
  }

  #answerRequests(): void {
    for (const waiting of this.#requests.values()) for (const w of waiting) w({ step: "lost" })
    this.#requests.clear()
  }

  /** Handles a `baton-auth` frame from the relay. */
  async receive(frame: Record<string, unknown>): Promise<void> {
    const documentId = frame.documentId
    if (typeof documentId !== "string") return
    const state = this.#boards.get(documentId)
    if (state?.status === "granted" && frame.step === "links") {
      // Not an answer to a request: the relay sends it whenever the current secrets change.
      this.onLinks(documentId, linksOf(frame.links) ?? {}, rolesOf(frame.stale))
      return
    }
    if (state?.status === "granted") {
      const waiting = this.#requests.get(documentId)
      const next = waiting?.shift()
      if (waiting?.length === 0) this.#requests.delete(documentId)
      next?.(frame)
      return
    }
    if (!state || state.status !== "authenticating") return
    if (frame.step === "challenge" && frame.nonce instanceof Uint8Array) {
      const credentials = (await this.credentialsFor(documentId)) ?? {}
      const signature = await this.signer.sign(challengePayload(documentId, frame.nonce))
      this.#sendFrame?.({
        type: "baton-auth",
        documentId,
        step: "proof",
        nonce: frame.nonce,
        publicKey: this.signer.publicKey,
        signature,
        ...(credentials.link ? { link: credentials.link } : {}),
        ...(credentials.claim ? { claim: credentials.claim } : {}),
      })
      return
    }
    if (frame.step === "granted") {
      const role = frame.role as Role
      const links = role === "edit" ? linksOf(frame.links) : undefined
      const stale = rolesOf(frame.stale)
      const result: BoardAuthResult = {
        status: "granted",
        role,
        claimed: frame.claimed === true,
        ...(links !== undefined ? { links } : {}),
        ...(stale.length > 0 ? { stale } : {}),
      }
      state.status = "granted"
      this.#granted.set(documentId, result)
      const queue = state.queue.splice(0)
      for (const m of queue) this.#sendMessage?.(m)
      this.onResult(documentId, result)
      return
    }
    if (frame.step === "denied") {
      state.status = "denied"
      const queue = state.queue.splice(0)
      for (const m of queue) this.#sendMessage?.(m)
      this.onResult(documentId, { status: "denied", reason: String(frame.reason ?? "denied") })
    }
  }
}
