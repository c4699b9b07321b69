/**
 * Deleting a board for everyone (editors only), and what every device shows once it is
 * deleted: who deleted it and when, this device's copy to export, and no editing.
 */
import { Show, createSignal } from "solid-js"
import { allCards, boardDeletion } from "../../model"
import type { Board } from "../../model/types"
import { Dialog } from "../Dialog"
import { ExportDialog } from "../export/ExportButton"
import { announce } from "../notices"
import { useBoard } from "./context"

/** "12 cards": how many the board holds, archived ones included. */
export function cardCount(board: Board): string {
  const n = allCards(board).length
  return n === 1 ? "1 card" : `${n} cards`
}

/** A date and time in the viewer's own zone and language. */
export function deletedOn(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
}

/** Who deleted the board, by the name they have on it. */
export function deleterName(board: Board): string {
  const d = boardDeletion(board)
  if (d === null) return ""
  return board.members[d.by]?.name ?? "a member of the board"
}

export function DeleteBoardDialog(props: { onClose: () => void }) {
  const ctx = useBoard()
  const title = (): string => ctx.board.title || "Untitled board"
  const confirm = (): void => {
    if (ctx.act("deleteBoard", ctx.memberId(), new Date().toISOString())) {
      announce(`Board ${title()} deleted for everyone`)
      props.onClose()
    }
  }
  return (
    <Dialog title="Delete this board for everyone?" onClose={props.onClose} class="delete-board">
      <p>
        <strong>
          Delete “{title()}” and its {cardCount(ctx.board)} for everyone on it?
        </strong>
      </p>
      <p>
        Every device that opens it will be told it was deleted, by you, and will no longer be able
        to change it. Each device keeps its own copy, which it can export.
      </p>
      <p class="dialog-actions">
        <button type="button" class="button danger" onClick={confirm}>
          Delete for everyone
        </button>
        <button type="button" class="button subtle" onClick={() => props.onClose()}>
          Keep the board
        </button>
      </p>
    </Dialog>
  )
}

/** Shown above the lists of a board deleted for everyone. */
export function BoardDeletedNotice() {
  const ctx = useBoard()
  const [exporting, setExporting] = createSignal(false)
  return (
    <Show when={boardDeletion(ctx.board)} keyed>
      {(d) => (
        <div class="board-deleted message-box" role="alert">
          <p>
            <strong>
              This board was deleted by {deleterName(ctx.board)} on {deletedOn(d.at)}
            </strong>
          </p>
          <p>
            What you see is this device's copy; nothing on it can be changed. Export it to keep what
            this device holds.
          </p>
          <p>
            <button type="button" class="button primary" onClick={() => setExporting(true)}>
              Export a copy…
            </button>{" "}
            <a class="button subtle" href="#/">
              Go to your boards
            </a>
          </p>
          <Show when={exporting()}>
            <ExportDialog
              board={ctx.board}
              documentId={ctx.documentId}
              onClose={() => setExporting(false)}
            />
          </Show>
        </div>
      )}
    </Show>
  )
}
