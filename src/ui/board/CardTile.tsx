/** A card on the board: its title (renamable in place) and badges; opens the card dialog. */
import { Show, createMemo, createSignal } from "solid-js"
import { getCard, setCardTitle } from "../../model"
import { InlineEdit } from "../InlineEdit"
import { useBoard } from "./context"

export function CardTile(props: { cardId: string }) {
  const ctx = useBoard()
  const card = createMemo(() => getCard(ctx.board, props.cardId))
  const [renaming, setRenaming] = createSignal(false)
  return (
    <Show when={card()}>
      {(c) => (
        <li class="card" data-card-id={props.cardId}>
          <Show
            when={renaming()}
            fallback={
              <>
                <a
                  class="card-open"
                  href={`#/b/${ctx.documentId}/c/${props.cardId}`}
                  data-card-focus
                >
                  <span class="card-title">{c().title}</span>
                </a>
                <button
                  type="button"
                  class="card-rename icon-button"
                  aria-label={`Rename card ${c().title}`}
                  onClick={() => setRenaming(true)}
                >
                  ✎
                </button>
              </>
            }
          >
            <InlineEdit
              label="Card title"
              value={c().title}
              editing
              onEditingChange={(v) => setRenaming(v)}
              onSave={(title) =>
                ctx.act("setCardTitle", (d) => setCardTitle(d, props.cardId, title))
              }
            />
          </Show>
        </li>
      )}
    </Show>
  )
}
