/** The card dialog's status: done, urgent, important, pinned, template. */
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function StatusSection(props: { card: Card }) {
  const ctx = useBoard()
  const id = props.card.id
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          checked={props.card.done}
          onChange={(e) => {
            const v = e.currentTarget.checked
            if (v) ctx.act("markDone", id, new Date().toISOString())
            else ctx.act("unmarkDone", id)
          }}
        />
        Done
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={props.card.urgent}
          onChange={(e) => {
            const v = e.currentTarget.checked
            ctx.act("setUrgent", id, v)
          }}
        />
        Urgent
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={props.card.important}
          onChange={(e) => {
            const v = e.currentTarget.checked
            ctx.act("setImportant", id, v)
          }}
        />
        Important
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={props.card.pinnedAt !== null}
          onChange={(e) => {
            const v = e.currentTarget.checked
            if (v) ctx.act("pinCard", id, new Date().toISOString())
            else ctx.act("unpinCard", id)
          }}
        />
        Pinned to the top of the board
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={props.card.template === true}
          onChange={(e) => ctx.act("setCardTemplate", id, e.currentTarget.checked)}
        />
        Template (offered by every list's “Add a card”)
      </label>
    </>
  )
}
