/**
 * Who is who on a claimed board, from the relay's own records rather than from names in the
 * document. Every Automerge object carries the actor id that created it (`counter@actor`),
 * and the relay knows which device first used each actor id (auth/AccessControl.ts). So:
 *
 * - a member profile belongs to the device whose actor created it;
 * - a comment was written by the device whose actor created it, and is credited to the
 *   member whose profile that device created, whatever `authorId` the comment claims.
 *
 * A profile made before the board was claimed has an actor the relay never registered: it is
 * bound to no device (`null`), and only an editor may subscribe for it (see pushRelay.ts).
 */
import { getObjectId } from "@automerge/automerge"
import type { Board } from "../../src/model/types"
import type { BoardAccess } from "../auth/types"

/** The device whose actor created `obj` (an object of the board document), if the relay knows it. */
export function deviceOfObject(obj: unknown, access: Pick<BoardAccess, "actors">): string | null {
  if (typeof obj !== "object" || obj === null) return null
  let id: string | null = null
  try {
    id = getObjectId(obj)
  } catch {
    return null
  }
  const actor = id?.split("@")[1]
  return actor ? (access.actors[actor] ?? null) : null
}

/** The device a member's profile belongs to (`null` when not known). */
export function deviceOfMember(
  board: Board,
  memberId: string,
  access: Pick<BoardAccess, "actors">,
): string | null {
  const profile = Object.prototype.hasOwnProperty.call(board.members ?? {}, memberId)
    ? board.members[memberId]
    : undefined
  return deviceOfObject(profile, access)
}

/**
 * Credits an object (a comment) to a member by the device that wrote it: `claimed` when the
 * claimed member's profile belongs to that device, else the member whose profile it created,
 * else `null` (unknown: shown as "Someone").
 */
export function creditedMember(
  board: Board,
  obj: unknown,
  claimed: string,
  access: Pick<BoardAccess, "actors">,
): string | null {
  const device = deviceOfObject(obj, access)
  if (device === null) return null
  if (deviceOfMember(board, claimed, access) === device) return claimed
  for (const id of Object.keys(board.members ?? {}))
    if (deviceOfMember(board, id, access) === device) return id
  return null
}
