/**
 * Runs a model operation as one change attributed to the member (`changeBoard`), showing a
 * refused operation's message instead of throwing. Returns whether the change was made.
 */
import type { Board } from "../../model/types"
import { changeBoard } from "../../session"
import type { DocHandle } from "../../session"
import { reportFailure } from "../board/context"

export function actOn(
  handle: DocHandle<Board>,
  memberId: () => string,
): (op: string, fn: (doc: Board) => void) => boolean {
  return (op, fn) => {
    try {
      changeBoard(handle, memberId(), op, fn)
      return true
    } catch (e) {
      reportFailure(e)
      return false
    }
  }
}
