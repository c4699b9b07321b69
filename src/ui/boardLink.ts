/**
 * Board links. A board is addressed by its automerge document id in the hash route:
 * `#/b/<documentId>`, and a card within it by `#/b/<documentId>/c/<cardId>`.
 *
 * A shared link also carries the secrets of its role (docs/sharing.md) in the fragment, which
 * a browser never sends to a server: `#/b/<id>?edit=…&comment=…&view=…` (Can edit),
 * `?comment=…&view=…` (Can comment), `?view=…` (Can view). The app keeps them on the device
 * and takes them out of the address bar. A link without them opens the board as before.
 */
import { ROLES, boardIdFromText, isBoardId, isSecret, linkSecrets, strongestRole } from "../session"
import type { DocumentId, Role, Secrets } from "../session"

export type Route =
  | { page: "home" }
  | { page: "settings" }
  /** "New board" (the installed app's shortcut): create a board and open it. */
  | { page: "new" }
  | {
      page: "board"
      documentId: DocumentId
      cardId: string | null
      query: URLSearchParams
      /** The link secrets the address carries (none for a plain board address). */
      secrets: Secrets
    }
  | { page: "invalid"; input: string; reason: string }

const CARD_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Parses a location hash (with or without the leading `#`). Never throws. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash
  const [path = "", queryString = ""] = raw.split("?", 2)
  const query = new URLSearchParams(queryString)
  if (path === "" || path === "/") return { page: "home" }
  const secrets: Secrets = {}
  let damagedKey = false
  for (const role of ROLES) {
    const value = query.get(role)
    if (value === null) continue
    query.delete(role)
    if (isSecret(value)) secrets[role] = value
    else damagedKey = true
  }
  const strongest = strongestRole(secrets)
  if (damagedKey || (strongest !== null && linkSecrets(strongest, secrets) === null))
    return {
      page: "invalid",
      input: hash,
      reason:
        "This board link is damaged or cut short: its access key is incomplete. Copy the whole link again, or ask for a new one.",
    }
  const parts = path.split("/").filter((p) => p !== "")
  if (parts.length === 1 && parts[0] === "settings") return { page: "settings" }
  if (parts.length === 1 && parts[0] === "new") return { page: "new" }
  if (parts[0] !== "b") {
    return { page: "invalid", input: hash, reason: "This address is not a Baton page." }
  }
  const id = parts[1]
  if (id === undefined || !isBoardId(id)) {
    return {
      page: "invalid",
      input: hash,
      reason: "This board link is damaged or incomplete: the board id is not valid.",
    }
  }
  if (parts.length === 2) return { page: "board", documentId: id, cardId: null, query, secrets }
  const cardId = parts[3]
  if (parts.length === 4 && parts[2] === "c" && cardId !== undefined && CARD_ID.test(cardId)) {
    return { page: "board", documentId: id, cardId, query, secrets }
  }
  return { page: "invalid", input: hash, reason: "This board link has an unknown ending." }
}

/** The hash route of a board, optionally of one card on it. */
export function boardHash(documentId: DocumentId, cardId?: string): string {
  return cardId === undefined ? `#/b/${documentId}` : `#/b/${documentId}/c/${cardId}`
}

/** The address of a board's link of `role`: `base` (origin and path) and the fragment. */
export function shareLink(
  base: string,
  documentId: DocumentId,
  role: Role,
  secrets: Secrets,
): string {
  const carried = linkSecrets(role, secrets)
  if (carried === null) throw new Error(`this device does not hold the ${role} link`)
  const query = new URLSearchParams()
  for (const r of ROLES) {
    const s = carried[r]
    if (s !== undefined) query.set(r, s)
  }
  return `${base}${boardHash(documentId)}?${query.toString()}`
}

/** The hash to show once a link's secrets are kept: the same address without them. */
export function hashWithoutSecrets(hash: string): string {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash
  const [path = "", queryString = ""] = raw.split("?", 2)
  const query = new URLSearchParams(queryString)
  for (const r of ROLES) query.delete(r)
  const rest = query.toString()
  return `#${path}${rest === "" ? "" : `?${rest}`}`
}

/**
 * Reads a board id out of anything a person might paste: a full link, a hash route, an
 * `automerge:` URL or a bare document id. Returns `null` when there is none.
 */
export function documentIdFromInput(input: string): DocumentId | null {
  const text = input.trim()
  if (text === "") return null
  const hashAt = text.indexOf("#")
  if (hashAt >= 0) {
    const route = parseRoute(text.slice(hashAt))
    return route.page === "board" ? route.documentId : null
  }
  return boardIdFromText(text)
}

/**
 * Goes to `hash` within the app, as `location.hash = hash` does (a history entry; Back
 * returns), but without the browser's scroll to a fragment, which lays out the whole page
 * before anything else can run: opening a card from a tap waited on that layout and again on
 * the dialog's own. The app's router hears it as a `hashchange` all the same.
 */
export function goToHash(hash: string): void {
  if (hash === location.hash) return
  history.pushState(history.state, "", hash)
  window.dispatchEvent(new HashChangeEvent("hashchange"))
}
