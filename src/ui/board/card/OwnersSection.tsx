/** The card dialog's owners: every member with a checkbox, and "Assign me". */
import { For, Show, createMemo } from "solid-js"
import { Avatar } from "../../Avatar"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function OwnersSection(props: { card: Card }) {
  const ctx = useBoard()
  const members = createMemo(() =>
    Object.values(ctx.board.members).sort((a, b) => a.name.localeCompare(b.name)),
  )
  const mine = (): boolean => props.card.owners[ctx.memberId()] === true
  return (
    <>
      <h3 id={`owners-${props.card.id}`}>Owners</h3>
      <ul class="choice-list">
        <For each={members()}>
          {(m) => (
            <li>
              <label class="check">
                <input
                  type="checkbox"
                  checked={props.card.owners[m.id] === true}
                  onChange={(e) => {
                    const v = e.currentTarget.checked
                    ctx.act(v ? "addOwner" : "removeOwner", props.card.id, m.id)
                  }}
                />
                <Avatar name={m.name} color={m.color} />
                {m.name}
                <Show when={m.id === ctx.memberId()}> (me)</Show>
              </label>
            </li>
          )}
        </For>
      </ul>
      <Show when={!mine() && ctx.me() !== undefined}>
        <button
          type="button"
          class="button"
          onClick={() => ctx.act("addOwner", props.card.id, ctx.memberId())}
        >
          Assign me
        </button>
      </Show>
    </>
  )
}
