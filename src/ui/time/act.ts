/**
 * Runs a model operation as one change attributed to the member (`changeBoard`), showing a
 * refused operation's message instead of throwing. Returns whether the change was made.
 */
import type { DocHandle } from "@automerge/automerge-repo"
import { isModelError } from "../../model/errors"
import type { Board } from "../../model/types"
import { changeBoard } from "../../sync/changeBoard"
import { notify } from "../notices"

export function actOn(
  handle: DocHandle<Board>,
  memberId: () => string,
): (op: string, fn: (doc: Board) => void) => boolean {
  return (op, fn) => {
    try {
      changeBoard(handle, memberId(), op, fn)
      return true
    } catch (e) {
      notify(
        isModelError(e)
          ? e.message
          : `That did not work: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`,
        { kind: "error" },
      )
      return false
    }
  }
}
