/**
 * Mentions in comment text.
 *
 * Syntax (stored in the comment text): `@[Label](memberId)`, e.g. `@[Ana](m-7f3a)`. The id
 * makes the mention survive renames: it is always rendered with the member's CURRENT name
 * ("@Ana"), falling back to the label written at the time when the member is unknown.
 * The comment box inserts tokens through autocomplete; a plain `@Ana Lopez` typed by hand is
 * turned into a token when the comment is written (`linkMentions`), if it names exactly one
 * member. Ids are 1–64 characters of `A–Z a–z 0–9 _ -` (the ids Baton generates); anything
 * else is left as plain text. A token split by a concurrent edit is just text, never an error.
 */
import type { Board, Id, Member } from "../types"

/** One mention found in a text. */
export interface Mention {
  memberId: Id
  /** The name written in the token when it was inserted. */
  label: string
  /** Offsets of the whole token in the text. */
  start: number
  end: number
}

export type TextSegment =
  { kind: "text"; text: string } | { kind: "mention"; memberId: Id; name: string; known: boolean }

const TOKEN = /@\[([^\]\n]{1,200})\]\(([A-Za-z0-9_-]{1,64})\)/g
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** Label text safe inside `[...]`: no brackets or line breaks. */
function cleanLabel(name: string): string {
  const s = name.replace(/[[\]\n\r]/g, " ").trim()
  return s.length > 0 ? s.slice(0, 200) : "?"
}

/** The token for a mention of `member`; throws on an id outside the mention alphabet. */
export function formatMention(member: Pick<Member, "id" | "name">): string {
  if (!ID.test(member.id)) throw new RangeError(`member id cannot be mentioned: ${member.id}`)
  return `@[${cleanLabel(member.name)}](${member.id})`
}

/** All mention tokens in `text`, in order. Never throws. */
export function parseMentions(text: unknown): Mention[] {
  if (typeof text !== "string") return []
  const out: Mention[] = []
  for (const m of text.matchAll(TOKEN)) {
    out.push({ memberId: m[2]!, label: m[1]!, start: m.index, end: m.index + m[0].length })
  }
  return out
}

/** Member ids mentioned in `text` (each once, in order of first mention). */
export function mentionedIds(text: unknown): Id[] {
  return [...new Set(parseMentions(text).map((m) => m.memberId))]
}

/** Splits a comment into plain text and mentions carrying the member's current name. */
export function renderSegments(text: unknown, members: Board["members"]): TextSegment[] {
  if (typeof text !== "string") return []
  const out: TextSegment[] = []
  let last = 0
  for (const m of parseMentions(text)) {
    if (m.start > last) out.push({ kind: "text", text: text.slice(last, m.start) })
    const member = Object.prototype.hasOwnProperty.call(members, m.memberId)
      ? members[m.memberId]
      : undefined
    out.push({
      kind: "mention",
      memberId: m.memberId,
      name: member?.name ?? m.label,
      known: member !== undefined,
    })
    last = m.end
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) })
  return out
}

/** The comment as a person reads it: tokens become "@Name". */
export function plainText(text: unknown, members: Board["members"]): string {
  return renderSegments(text, members)
    .map((s) => (s.kind === "text" ? s.text : `@${s.name}`))
    .join("")
}

/**
 * Turns hand-typed `@Name` into tokens when exactly one member has that name (case-insensitive;
 * the longest matching name wins, so "@Ana Lopez" beats "@Ana"). Existing tokens are kept.
 */
export function linkMentions(text: string, members: Board["members"]): string {
  const list = Object.values(members).filter((m) => ID.test(m.id) && m.name.trim().length > 0)
  const byName = new Map<string, Member[]>()
  for (const m of list) {
    const k = m.name.trim().toLowerCase()
    byName.set(k, [...(byName.get(k) ?? []), m])
  }
  const names = [...byName.keys()].sort((a, b) => b.length - a.length)
  const tokens = parseMentions(text)
  let out = ""
  let i = 0
  while (i < text.length) {
    const tok = tokens.find((t) => t.start === i)
    if (tok) {
      out += text.slice(tok.start, tok.end)
      i = tok.end
      continue
    }
    const ch = text[i]!
    const prev = i === 0 ? " " : text[i - 1]!
    if (ch === "@" && !/[\p{L}\p{N}_]/u.test(prev)) {
      const rest = text.slice(i + 1).toLowerCase()
      const name = names.find(
        (n) => rest.startsWith(n) && !/[\p{L}\p{N}_]/u.test(rest[n.length] ?? " "),
      )
      const found = name === undefined ? undefined : byName.get(name)
      if (name !== undefined && found && found.length === 1) {
        out += formatMention(found[0]!)
        i += 1 + name.length
        continue
      }
    }
    out += ch
    i++
  }
  return out
}

/** The `@query` being typed at `caret`, for autocomplete: `{ start, query }` or `null`. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const m = /(^|[^\p{L}\p{N}_])@([^\s@[\]()]{0,40})$/u.exec(before)
  if (!m) return null
  return { start: before.length - m[2]!.length - 1, query: m[2]! }
}

/** Members matching an autocomplete query: names starting with it first, then containing it. */
export function suggestMembers(members: Board["members"], query: string, limit = 8): Member[] {
  const q = query.trim().toLowerCase()
  const scored: Array<[number, Member]> = []
  for (const m of Object.values(members)) {
    if (!ID.test(m.id)) continue
    const n = m.name.toLowerCase()
    const rank =
      q === "" || n.startsWith(q)
        ? 0
        : n.split(/\s+/).some((w) => w.startsWith(q))
          ? 1
          : n.includes(q)
            ? 2
            : -1
    if (rank >= 0) scored.push([rank, m])
  }
  scored.sort(
    (a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name) || a[1].id.localeCompare(b[1].id),
  )
  return scored.slice(0, limit).map(([, m]) => m)
}

/**
 * Replaces the `@query` at `start` (as found by `mentionQuery`) with a token for `member`
 * followed by a space. Returns the new text and the caret after the insertion.
 */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: Pick<Member, "id" | "name">,
): { text: string; caret: number } {
  const token = formatMention(member) + " "
  return { text: text.slice(0, start) + token + text.slice(caret), caret: start + token.length }
}
