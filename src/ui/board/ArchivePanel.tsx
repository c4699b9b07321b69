/** The archive: archived lists and cards (and cards whose list was deleted), to restore or delete. */
import { For, Show, createMemo, createSignal } from "solid-js"
import { archivedCards, archivedLists, getList, orphanedCards } from "../../model"
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
                <ArchiveEntry
                  kind="list"
                  title={l.title}
                  confirming={confirm() === l.id}
                  onConfirm={(on) => setConfirm(on ? l.id : null)}
                  onRestore={() => {
                    if (ctx.act("restoreList", l.id)) announce(`List ${l.title} restored`)
                  }}
                  onDelete={() => {
                    if (ctx.act("deleteList", l.id, new Date().toISOString()))
                      announce(`List ${l.title} deleted`)
                  }}
                />
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
                <ArchiveEntry
                  kind="card"
                  title={c.title}
                  where={getList(ctx.board, c.listId)?.title ?? "deleted list"}
                  confirming={confirm() === c.id}
                  onConfirm={(on) => setConfirm(on ? c.id : null)}
                  onRestore={() => {
                    if (ctx.act("restoreCard", c.id, new Date().toISOString()))
                      announce(`Card ${c.title} restored`)
                  }}
                  onDelete={() => deleteCardWithUndo(ctx, c.id)}
                  onOpen={() => {
                    props.onClose()
                    ctx.openCard(c.id)
                  }}
                />
              )}
            </For>
          </ul>
        </Show>
      </section>
    </Dialog>
  )
}

/** One archived list or card: Restore, and Delete behind a confirmation. */
function ArchiveEntry(props: {
  kind: "list" | "card"
  title: string
  /** For a card: the list it was in. */
  where?: string
  confirming: boolean
  onConfirm: (on: boolean) => void
  onRestore: () => void
  onDelete: () => void
  /** Opens the card (an archived card keeps its comments, e.g. where it was moved to). */
  onOpen?: () => void
}) {
  return (
    <li>
      <span class="archive-name">
        <Show when={props.onOpen} fallback={props.title}>
          {(open) => (
            <button
              type="button"
              class="link-button"
              aria-label={`Open ${props.kind} ${props.title}`}
              onClick={() => open()()}
            >
              {props.title}
            </button>
          )}
        </Show>
        <Show when={props.where !== undefined}>
          {" "}
          <span class="muted">· {props.where}</span>
        </Show>
      </span>
      <button
        type="button"
        class="button"
        aria-label={`Restore ${props.kind} ${props.title}`}
        onClick={() => props.onRestore()}
      >
        Restore
      </button>
      <Show
        when={props.confirming}
        fallback={
          <button
            type="button"
            class="button subtle"
            aria-label={`Delete ${props.kind} ${props.title}`}
            onClick={() => props.onConfirm(true)}
          >
            Delete…
          </button>
        }
      >
        <button
          type="button"
          class="button danger"
          onClick={() => {
            props.onDelete()
            props.onConfirm(false)
          }}
        >
          Delete {props.kind} for everyone
        </button>
      </Show>
    </li>
  )
}
