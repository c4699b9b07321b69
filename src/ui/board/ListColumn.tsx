/** One list: its title, its cards, and the inline composer that adds cards. */
import { For, Show, createMemo, createSignal } from "solid-js"
import { addCard, renameList } from "../../model"
import type { List } from "../../model/types"
import { InlineEdit } from "../InlineEdit"
import { newId } from "../ids"
import { announce } from "../notices"
import { CardTile } from "./CardTile"
import { useBoard } from "./context"

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function ListColumn(props: { list: List }) {
  const ctx = useBoard()
  const ids = createMemo(() => ctx.cardIds(props.list.id), [], { equals: sameIds })
  const headingId = `list-${props.list.id}-title`

  return (
    <section class="list" aria-labelledby={headingId} data-list-id={props.list.id}>
      <header class="list-header" id={headingId}>
        <InlineEdit
          as="h2"
          class="list-title"
          label="List title"
          value={props.list.title}
          onSave={(title) => ctx.act("renameList", (d) => renameList(d, props.list.id, title))}
        />
        <span class="list-count muted" aria-label={`${ids().length} cards`}>
          {ids().length}
        </span>
      </header>
      <ul class="cards" aria-label={`Cards in ${props.list.title}`}>
        <For each={ids()}>{(id) => <CardTile cardId={id} />}</For>
      </ul>
      <CardComposer list={props.list} />
    </section>
  )
}

function CardComposer(props: { list: List }) {
  const ctx = useBoard()
  const [open, setOpen] = createSignal(false)
  let input: HTMLTextAreaElement | undefined
  const add = (): void => {
    const title = input?.value.trim() ?? ""
    if (title === "") return
    const id = newId()
    const ok = ctx.act("addCard", (d) =>
      addCard(d, {
        id,
        listId: props.list.id,
        title,
        memberId: ctx.memberId(),
        now: new Date().toISOString(),
      }),
    )
    if (ok) {
      announce(`Card ${title} added to ${props.list.title}`)
      if (input) input.value = ""
      input?.focus()
    }
  }
  return (
    <Show
      when={open()}
      fallback={
        <button type="button" class="button subtle add-card-button" onClick={() => setOpen(true)}>
          + Add a card
        </button>
      }
    >
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault()
          add()
        }}
      >
        <textarea
          ref={(el) => {
            input = el
            queueMicrotask(() => el.focus())
          }}
          rows={2}
          maxLength={500}
          aria-label={`New card title in ${props.list.title}`}
          placeholder="Card title — Enter adds it, then type the next"
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault()
              add()
            } else if (e.key === "Escape") {
              e.preventDefault()
              setOpen(false)
            }
          }}
        />
        <div class="composer-actions">
          <button type="submit" class="button primary">
            Add card
          </button>
          <button type="button" class="button subtle" onClick={() => setOpen(false)}>
            Done
          </button>
        </div>
      </form>
    </Show>
  )
}
