/** "Move…": the keyboard (and screen-reader) way to move a card to a list and position. */
import { For, createMemo, createSignal } from "solid-js"
import { getCard, visibleLists } from "../../model"
import { Dialog } from "../Dialog"
import { useBoard } from "./context"
import { moveCardWithUndo } from "./undo"

export function MoveDialog(props: { cardId: string; onClose: () => void }) {
  const ctx = useBoard()
  const card = getCard(ctx.board, props.cardId)
  const lists = createMemo(() => visibleLists(ctx.board))
  const [listId, setListId] = createSignal(card?.listId ?? lists()[0]?.id ?? "")
  const others = createMemo(() => ctx.cardIds(listId()).filter((id) => id !== props.cardId))
  const current = (): number =>
    listId() === card?.listId ? ctx.cardIds(listId()).indexOf(props.cardId) : others().length
  const [position, setPosition] = createSignal(Math.max(0, current()))
  return (
    <Dialog title={`Move “${card?.title ?? "card"}”`} onClose={props.onClose}>
      <form
        class="move-form"
        onSubmit={(e) => {
          e.preventDefault()
          const id = props.cardId
          const to = listId()
          const at = Math.min(position(), others().length)
          props.onClose()
          moveCardWithUndo(ctx, id, to, at)
        }}
      >
        <label for="move-list">List</label>
        <select
          id="move-list"
          value={listId()}
          onChange={(e) => {
            setListId(e.currentTarget.value)
            setPosition(Math.max(0, current()))
          }}
        >
          <For each={lists()}>{(l) => <option value={l.id}>{l.title}</option>}</For>
        </select>
        <label for="move-position">Position</label>
        <select
          id="move-position"
          value={String(position())}
          onChange={(e) => setPosition(Number(e.currentTarget.value))}
        >
          <For each={Array.from({ length: others().length + 1 }, (_, i) => i)}>
            {(i) => (
              <option value={String(i)}>
                {i + 1}
                {i === 0 ? " (top)" : i === others().length ? " (bottom)" : ""}
              </option>
            )}
          </For>
        </select>
        <div class="dialog-actions">
          <button type="button" class="button subtle" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button type="submit" class="button primary">
            Move
          </button>
        </div>
      </form>
    </Dialog>
  )
}
