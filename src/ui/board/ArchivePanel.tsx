/** The archive: archived lists and cards (and cards whose list was deleted), to restore or delete. */
import { For, Show, createMemo, createSignal } from "solid-js"
import {
  archivedCards,
  archivedLists,
  deleteList,
  getList,
  orphanedCards,
  restoreCard,
  restoreList,
} from "../../model"
import { Dialog } from "../Dialog"
import { announce } from "../notices"
import { useBoard } from "./context"
import { deleteCardWithUndo } from "./undo"

export function ArchivePanel(props: { onClose: () => void }) {
  const ctx = useBoard()
  const lists = createMemo(() => archivedLists(ctx.board))
  const cards = createMemo(() => [
    ...archivedCards(ctx.board),
    ...orphanedCards(ctx.board).filter((c) => !c.archived),
  ])
  const [confirm, setConfirm] = createSignal<string | null>(null)
  return (
    <Dialog title="Archive" onClose={props.onClose} class="archive-dialog">
      <section aria-labelledby="archived-lists">
        <h3 id="archived-lists">Archived lists</h3>
        <Show when={lists().length > 0} fallback={<p class="muted">No archived lists.</p>}>
          <ul class="archive-list">
            <For each={lists()}>
              {(l) => (
                <li>
                  <span class="archive-name">{l.title}</span>
                  <button
                    type="button"
                    class="button"
                    aria-label={`Restore list ${l.title}`}
                    onClick={() => {
                      if (ctx.act("restoreList", (d) => restoreList(d, l.id)))
                        announce(`List ${l.title} restored`)
                    }}
                  >
                    Restore
                  </button>
                  <Show
                    when={confirm() === l.id}
                    fallback={
                      <button
                        type="button"
                        class="button subtle"
                        aria-label={`Delete list ${l.title}`}
                        onClick={() => setConfirm(l.id)}
                      >
                        Delete…
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="button danger"
                      onClick={() => {
                        if (
                          ctx.act("deleteList", (d) =>
                            deleteList(d, l.id, new Date().toISOString()),
                          )
                        )
                          announce(`List ${l.title} deleted`)
                        setConfirm(null)
                      }}
                    >
                      Delete list for everyone
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section aria-labelledby="archived-cards">
        <h3 id="archived-cards">Archived cards</h3>
        <Show when={cards().length > 0} fallback={<p class="muted">No archived cards.</p>}>
          <ul class="archive-list">
            <For each={cards()}>
              {(c) => (
                <li>
                  <span class="archive-name">
                    {c.title}{" "}
                    <span class="muted">
                      · {getList(ctx.board, c.listId)?.title ?? "deleted list"}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="button"
                    aria-label={`Restore card ${c.title}`}
                    onClick={() => {
                      if (
                        ctx.act("restoreCard", (d) =>
                          restoreCard(d, c.id, new Date().toISOString()),
                        )
                      )
                        announce(`Card ${c.title} restored`)
                    }}
                  >
                    Restore
                  </button>
                  <Show
                    when={confirm() === c.id}
                    fallback={
                      <button
                        type="button"
                        class="button subtle"
                        aria-label={`Delete card ${c.title}`}
                        onClick={() => setConfirm(c.id)}
                      >
                        Delete…
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="button danger"
                      onClick={() => {
                        deleteCardWithUndo(ctx, c.id)
                        setConfirm(null)
                      }}
                    >
                      Delete card for everyone
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </Dialog>
  )
}
