/**
 * The card dialog's actions: move, copy (to this board or another), move to another board,
 * archive or restore, delete (with Undo).
 */
import { Show, createSignal } from "solid-js"
import { announce } from "../../notices"
import { archiveCardWithUndo, deleteCardWithUndo } from "../undo"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function ActionsSection(props: { card: Card; onClose: () => void }) {
  const ctx = useBoard()
  const [confirmDelete, setConfirmDelete] = createSignal(false)
  const id = props.card.id
  return (
    <div class="card-actions">
      <h3 class="sr-only">Actions</h3>
      <Show when={!props.card.archived}>
        <button type="button" class="button" onClick={() => ctx.moveDialog(id)}>
          Move…
        </button>
        <button type="button" class="button" onClick={() => ctx.copyDialog(id, "copy")}>
          Copy…
        </button>
        <button type="button" class="button" onClick={() => ctx.copyDialog(id, "move")}>
          Move to another board…
        </button>
        <button
          type="button"
          class="button"
          onClick={() => {
            if (archiveCardWithUndo(ctx, id)) props.onClose()
          }}
        >
          Archive
        </button>
      </Show>
      <Show when={props.card.archived}>
        <button
          type="button"
          class="button"
          onClick={() => {
            if (ctx.act("restoreCard", id, new Date().toISOString()))
              announce(`Card ${props.card.title} restored`)
          }}
        >
          Restore
        </button>
      </Show>
      <Show
        when={confirmDelete()}
        fallback={
          <button type="button" class="button danger" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        }
      >
        <div class="confirm-box" role="group" aria-label="Confirm delete">
          <p>Delete this card for everyone? Its comments and checklist go with it.</p>
          <button
            type="button"
            class="button danger"
            onClick={() => {
              props.onClose()
              deleteCardWithUndo(ctx, id)
            }}
          >
            Delete card
          </button>
          <button type="button" class="button subtle" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
        </div>
      </Show>
    </div>
  )
}
