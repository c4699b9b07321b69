/**
 * What this device holds for each board's access (docs/sharing.md): the link secrets it knows
 * (a link of a role carries that role's secret and those of every lower role, so a holder can
 * hand out the same or lower links offline), the role the relay last granted, and whether the
 * relay refused this device. Kept in localStorage; a damaged entry is dropped, never thrown.
 *
 * It gives the relay connection its credentials (`BoardAuth`): the strongest link secret this
 * device holds and, when it holds the three (its creator, or an editor), claim hashes, so a
 * board nobody claimed yet is claimed the first time this device opens it online. A board it
 * holds no secret for (one made before links existed) gets three new secrets and is claimed
 * the same way. The relay ignores a claim for a board that is already claimed.
 */
import { BoardAuth } from "../transport/boardAuth"
import type {
  BoardAuthResult,
  BoardCredentials,
  DeviceSigner,
  LinkSecrets,
  Role,
} from "../transport/boardAuth"
import type { KeyValueStore } from "./deviceBoards"

export type { Role }

/** Roles, strongest first. */
export const ROLES: readonly Role[] = ["edit", "comment", "view"]

export type Secrets = Partial<Record<Role, string>>

export interface BoardAccessState {
  /** What this device may do on the board: the relay's last grant, else what its secrets say. */
  role: Role
  /** Whether the board has links and roles (as far as this device knows). */
  claimed: boolean
  /** Why the relay refused this device the board (`link-stopped`, `denied`), else null. */
  refused: string | null
  /** The link secrets this device holds (base64url). */
  secrets: Secrets
}

export const BOARD_ACCESS_KEY = "baton.boardAccess.v1"

/** A link secret as a link carries it: 16-64 bytes in base64url without padding. */
const SECRET = /^[A-Za-z0-9_-]{22,86}$/

export const isSecret = (s: unknown): s is string => typeof s === "string" && SECRET.test(s)
export const isRole = (r: unknown): r is Role => r === "edit" || r === "comment" || r === "view"

/** Roles a holder of `role` may hand out: the same and every lower one. */
export function rolesUpTo(role: Role): Role[] {
  return ROLES.slice(ROLES.indexOf(role))
}

/** The strongest role among the secrets, or null. */
export function strongestRole(secrets: Secrets): Role | null {
  return ROLES.find((r) => secrets[r] !== undefined) ?? null
}

/** The secrets a link of `role` carries (its own and every lower role's), or null if one is unknown. */
export function linkSecrets(role: Role, secrets: Secrets): Secrets | null {
  const out: Secrets = {}
  for (const r of rolesUpTo(role)) {
    const s = secrets[r]
    if (s === undefined) return null
    out[r] = s
  }
  return out
}

export function toBase64url(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

export function fromBase64url(text: string): Uint8Array {
  const b = atob(text.replace(/-/g, "+").replace(/_/g, "/"))
  const out = new Uint8Array(b.length)
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i)
  return out
}

export const newSecret = (): string => toBase64url(crypto.getRandomValues(new Uint8Array(32)))

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>))
}

interface Stored {
  secrets: Secrets
  role?: Role
  claimed?: boolean
  refused?: string
  /** Secrets this device made to claim a board it held none for, not yet accepted. */
  provisional?: boolean
}

function readAll(store: KeyValueStore): Record<string, Stored> {
  let raw: unknown
  try {
    raw = JSON.parse(store.getItem(BOARD_ACCESS_KEY) ?? "{}")
  } catch {
    return {}
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {}
  const out: Record<string, Stored> = {}
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== "object" || v === null) continue
    const e = v as Record<string, unknown>
    const secrets: Secrets = {}
    const s = (typeof e.secrets === "object" && e.secrets !== null ? e.secrets : {}) as Record<
      string,
      unknown
    >
    for (const r of ROLES) if (isSecret(s[r])) secrets[r] = s[r]
    out[id] = {
      secrets,
      ...(isRole(e.role) ? { role: e.role } : {}),
      ...(e.claimed === true ? { claimed: true } : {}),
      ...(typeof e.refused === "string" ? { refused: e.refused.slice(0, 40) } : {}),
      ...(e.provisional === true ? { provisional: true } : {}),
    }
  }
  return out
}

/** The device's access records, with listeners (one instance per page). */
export class BoardAccessBook {
  #listeners = new Set<(documentId: string) => void>()
  #running = new Map<string, Promise<BoardCredentials>>()
  /** Per board: how many links were added here, and how many when credentials were last made. */
  #given = new Map<string, number>()
  #presented = new Map<string, number>()

  constructor(private readonly store: KeyValueStore) {}

  #update(documentId: string, fn: (e: Stored) => void): void {
    const all = readAll(this.store)
    const entry = all[documentId] ?? { secrets: {} }
    fn(entry)
    all[documentId] = entry
    try {
      this.store.setItem(BOARD_ACCESS_KEY, JSON.stringify(all))
    } catch (e) {
      console.error("Baton: could not keep a board's link on this device", e)
    }
    for (const l of this.#listeners) l(documentId)
  }

  /** Calls `listener` with the board's id whenever what this device holds for it changes. */
  subscribe(listener: (documentId: string) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  get(documentId: string): BoardAccessState {
    const e = readAll(this.store)[documentId]
    const secrets = e?.secrets ?? {}
    const fromSecrets = strongestRole(secrets)
    return {
      role: e?.refused !== undefined ? "view" : (e?.role ?? fromSecrets ?? "edit"),
      claimed: e?.claimed === true || (fromSecrets !== null && fromSecrets !== "edit"),
      refused: e?.refused ?? null,
      secrets,
    }
  }

  /** Keeps the secrets of a link this device was given (and forgets an earlier refusal). */
  addSecrets(documentId: string, secrets: Secrets): void {
    this.#given.set(documentId, (this.#given.get(documentId) ?? 0) + 1)
    this.#update(documentId, (e) => {
      if (e.provisional === true) {
        e.secrets = {}
        delete e.provisional
      }
      const before = strongestRole(e.secrets)
      const incoming = strongestRole(secrets)
      // A weaker link never replaces the secrets of a stronger one.
      if (before === null || incoming === null || ROLES.indexOf(incoming) <= ROLES.indexOf(before))
        Object.assign(e.secrets, secrets)
      if (e.refused !== undefined) {
        delete e.refused
        delete e.role
      }
    })
  }

  /** Secrets for a new board: this device claims it the first time it is online. */
  newBoard(documentId: string): void {
    this.#update(documentId, (e) => {
      e.secrets = { edit: newSecret(), comment: newSecret(), view: newSecret() }
      e.role = "edit"
    })
  }

  /** What to present to the relay for the board. */
  credentials(documentId: string): Promise<BoardCredentials> {
    const running = this.#running.get(documentId)
    if (running !== undefined) return running
    const made = this.#credentials(documentId).finally(() => this.#running.delete(documentId))
    this.#running.set(documentId, made)
    return made
  }

  async #credentials(documentId: string): Promise<BoardCredentials> {
    this.#presented.set(documentId, this.#given.get(documentId) ?? 0)
    let { secrets } = this.get(documentId)
    const strongest = strongestRole(secrets)
    if (strongest === null) {
      // Nothing held: offer to claim it (a board made before links existed).
      this.newBoard(documentId)
      this.#update(documentId, (e) => {
        e.provisional = true
      })
      secrets = this.get(documentId).secrets
    } else if (
      strongest !== "edit" ||
      secrets.comment === undefined ||
      secrets.view === undefined
    ) {
      return { link: fromBase64url(secrets[strongest]!) }
    }
    const edit = fromBase64url(secrets.edit!)
    const claim = {
      edit: await sha256(edit),
      comment: await sha256(fromBase64url(secrets.comment!)),
      view: await sha256(fromBase64url(secrets.view!)),
    }
    return { link: edit, claim }
  }

  /** The relay's answer for the board on a connection. */
  result(documentId: string, result: BoardAuthResult): void {
    // A refusal of what was presented before this device was given a link says nothing of it.
    const stale = (this.#presented.get(documentId) ?? 0) !== (this.#given.get(documentId) ?? 0)
    if (result.status === "denied" && stale) return
    this.#update(documentId, (e) => {
      if (result.status === "granted") {
        e.role = result.role
        if (result.claimed) e.claimed = true
        delete e.refused
        delete e.provisional
      } else {
        e.refused = result.reason
        // The claim was refused (someone claimed it first): the secrets made for it are worthless.
        if (e.provisional === true) {
          e.secrets = {}
          delete e.provisional
          delete e.role
        }
      }
    })
  }

  /**
   * The relay's current secrets (editors get them): they replace what this device held for
   * those roles, and a secret the relay named stale (stopped since) is forgotten, so the Share
   * dialog never offers a link that no longer works.
   */
  currentLinks(documentId: string, links: LinkSecrets, stale: readonly Role[]): void {
    const incoming = Object.entries(links) as [Role, Uint8Array][]
    const held = this.get(documentId).secrets
    const changes =
      incoming.some(([r, s]) => held[r] !== toBase64url(s)) ||
      stale.some((r) => held[r] !== undefined && links[r] === undefined)
    if (!changes) return
    this.#update(documentId, (e) => {
      for (const [r, s] of incoming) e.secrets[r] = toBase64url(s)
      for (const r of stale) if (links[r] === undefined) delete e.secrets[r]
    })
  }

  /** A new secret for `role` that replaced the stopped one (the relay has its hash). */
  replaceSecret(documentId: string, role: Role, secret: string): void {
    this.#update(documentId, (e) => {
      e.secrets[role] = secret
    })
  }
}

/** A signer whose key is read (or made) on first use. */
export function lazySigner(keys: () => Promise<DeviceSigner>): DeviceSigner {
  let loaded: DeviceSigner | null = null
  let loading: Promise<DeviceSigner> | null = null
  return {
    get publicKey(): Uint8Array {
      if (loaded === null) throw new Error("the device key is not loaded yet")
      return loaded.publicKey
    },
    async sign(payload) {
      loading ??= keys()
      loaded = await loading
      return loaded.sign(payload)
    },
  }
}

/** The page's access book and the relay handshake that uses it. */
export interface DeviceAccess {
  book: BoardAccessBook
  auth: BoardAuth
  /** Stops the board's link of `role` and makes a new one; resolves with whether the relay did. */
  stopLink(documentId: string, role: Role): Promise<boolean>
}

export function createDeviceAccess(store: KeyValueStore, signer: DeviceSigner): DeviceAccess {
  const book = new BoardAccessBook(store)
  const auth: BoardAuth = new BoardAuth(
    signer,
    (id) => book.credentials(id),
    (id, r) => {
      book.result(id, r)
      if (r.status !== "granted") return
      if (r.stale !== undefined) book.currentLinks(id, {}, r.stale)
      if (r.role !== "edit" || !r.claimed) return
      const kept = r.links ?? {}
      book.currentLinks(id, kept, [])
      // Secrets the relay does not hold yet (a board this device just claimed, or one claimed
      // before the relay kept them): offered, so every editor's Share dialog can show them.
      const { secrets } = book.get(id)
      const offer: LinkSecrets = {}
      for (const role of ROLES) {
        const s = secrets[role]
        if (kept[role] === undefined && s !== undefined) offer[role] = fromBase64url(s)
      }
      if (Object.keys(offer).length > 0) auth.keepLinks(id, offer)
    },
    (id, links, stale) => book.currentLinks(id, links, stale),
  )
  return {
    book,
    auth,
    async stopLink(documentId, role) {
      const secret = newSecret()
      const bytes = fromBase64url(secret)
      const ok = await auth.stopLink(documentId, role, await sha256(bytes), bytes)
      if (ok) book.replaceSecret(documentId, role, secret)
      return ok
    },
  }
}

let current: DeviceAccess | null = null

export function setDeviceAccess(access: DeviceAccess | null): void {
  current = access
}

/** The page's device access, or null when the app runs without a relay. */
export function getDeviceAccess(): DeviceAccess | null {
  return current
}
