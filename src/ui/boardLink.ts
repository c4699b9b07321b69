/**
 * Board links. A board is addressed by its automerge document id in the hash route:
 * `#/b/<documentId>`, and a card within it by `#/b/<documentId>/c/<cardId>`.
 */
import { boardIdFromText, isBoardId } from "../session"
import type { DocumentId } from "../session"

export type Route =
  | { page: "home" }
  | { page: "settings" }
  /** "New board" (the installed app's shortcut): create a board and open it. */
  | { page: "new" }
  | { page: "board"; documentId: DocumentId; cardId: string | null; query: URLSearchParams }
  | { page: "invalid"; input: string; reason: string }

const CARD_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Parses a location hash (with or without the leading `#`). Never throws. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith("#") ? hash.slice(1) : hash
  const [path = "", queryString = ""] = raw.split("?", 2)
  const query = new URLSearchParams(queryString)
  if (path === "" || path === "/") return { page: "home" }
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
  if (parts.length === 2) return { page: "board", documentId: id, cardId: null, query }
  const cardId = parts[3]
  if (parts.length === 4 && parts[2] === "c" && cardId !== undefined && CARD_ID.test(cardId)) {
    return { page: "board", documentId: id, cardId, query }
  }
  return { page: "invalid", input: hash, reason: "This board link has an unknown ending." }
}

/** The hash route of a board, optionally of one card on it. */
export function boardHash(documentId: DocumentId, cardId?: string): string {
  return cardId === undefined ? `#/b/${documentId}` : `#/b/${documentId}/c/${cardId}`
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
