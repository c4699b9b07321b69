/** The card dialog's description section. */
import { Show, createEffect, createSignal, on } from "solid-js"
import { Markdown } from "../../Markdown"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

/**
 * The description: Markdown preview; "Edit" turns it into a textarea whose every input is
 * applied as a text diff (`setCardDescription` → `A.updateText`), so concurrent edits by
 * others merge instead of overwriting. Remote edits update the textarea in place, keeping
 * the caret where it was.
 */
function Description(props: { card: Card }) {
  const ctx = useBoard()
  const [editing, setEditing] = createSignal(false)
  let area: HTMLTextAreaElement | undefined
  createEffect(
    on(
      () => props.card.description,
      (text) => {
        if (!area || area.value === text) return
        const old = area.value
        const start = area.selectionStart
        const end = area.selectionEnd
        let prefix = 0
        while (prefix < old.length && prefix < text.length && old[prefix] === text[prefix]) prefix++
        const shift = text.length - old.length
        area.value = text
        if (document.activeElement === area) {
          area.setSelectionRange(
            start > prefix ? start + shift : start,
            end > prefix ? end + shift : end,
          )
        }
      },
    ),
  )
  return (
    <Show
      when={editing()}
      fallback={
        <div class="description-view">
          <Show
            when={props.card.description.trim() !== ""}
            fallback={<p class="muted">No description yet.</p>}
          >
            <Markdown text={props.card.description} />
          </Show>
          <button type="button" class="button" onClick={() => setEditing(true)}>
            Edit description
          </button>
        </div>
      }
    >
      <textarea
        ref={(el) => {
          area = el
          el.value = props.card.description
          queueMicrotask(() => el.focus())
        }}
        class="description-input"
        rows={8}
        aria-label="Description (Markdown)"
        onInput={(e) => {
          const text = e.currentTarget.value
          ctx.act("setCardDescription", props.card.id, text)
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault()
            e.stopPropagation()
            setEditing(false)
          }
        }}
      />
      <div class="composer-actions">
        <button type="button" class="button primary" onClick={() => setEditing(false)}>
          Done
        </button>
        <span class="muted small">
          Markdown: **bold**, *italic*, - lists, [links](https://…). Saved as you type.
        </span>
      </div>
    </Show>
  )
}

export function DescriptionSection(props: { card: Card }) {
  return (
    <>
      <h3 id={`desc-${props.card.id}`}>Description</h3>
      <Description card={props.card} />
    </>
  )
}
