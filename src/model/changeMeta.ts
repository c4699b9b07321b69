/**
 * The Automerge change message every change made by Baton carries, so that history can say
 * who did what: `{"v":1,"m":"<memberId>","op":"<operation>"}`.
 */

export interface ChangeMeta {
  memberId: string
  /** The operation, e.g. `"moveCard"`. */
  op: string
}

const MAX_FIELD = 200

/** Encodes the metadata of one change as its Automerge change message. */
export function encodeChangeMeta(meta: ChangeMeta): string {
  return JSON.stringify({ v: 1, m: meta.memberId, op: meta.op })
}

/**
 * Decodes a change message written by `encodeChangeMeta`. Returns `null` for anything else
 * (a message from another app, a missing message, garbage, absurdly long fields); never throws.
 */
export function decodeChangeMeta(message: unknown): ChangeMeta | null {
  if (typeof message !== "string" || message.length > 4 * MAX_FIELD) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(message)
  } catch {
    return null
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null
  const o = parsed as Record<string, unknown>
  if (o.v !== 1) return null
  const { m, op } = o
  if (typeof m !== "string" || typeof op !== "string") return null
  if (m.length === 0 || op.length === 0 || m.length > MAX_FIELD || op.length > MAX_FIELD)
    return null
  return { memberId: m, op }
}
