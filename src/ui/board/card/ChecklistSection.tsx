/** The card dialog's checklist: tick, edit, reorder, delete and add items. */
import { For, Show, createMemo } from "solid-js"
import { checklistItems } from "../../../model"
import { InlineEdit } from "../../InlineEdit"
import { newId } from "../../ids"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function ChecklistSection(props: { card: Card }) {
  const ctx = useBoard()
  const items = createMemo(() => checklistItems(props.card))
  const done = createMemo(() => items().filter((i) => i.done).length)
  const id = props.card.id
  let input: HTMLInputElement | undefined
  return (
    <>
      <h3 id={`checklist-${id}`}>
        Checklist{" "}
        <Show when={items().length > 0}>
          <span class="muted">
            {done()}/{items().length}
          </span>
        </Show>
      </h3>
      <Show when={items().length > 0}>
        <progress
          class="checklist-progress"
          max={items().length}
          value={done()}
          aria-label="Checklist progress"
        />
      </Show>
      <ul class="checklist">
        <For each={items()}>
          {(item, i) => (
            <li class="checklist-item" classList={{ done: item.done }}>
              <input
                type="checkbox"
                checked={item.done}
                aria-label={`Done: ${item.text}`}
                onChange={(e) => {
                  const v = e.currentTarget.checked
                  ctx.act("toggleChecklistItem", id, item.id, v)
                }}
              />
              <InlineEdit
                label="Checklist item"
                value={item.text}
                onSave={(t) => ctx.act("editChecklistItem", id, item.id, t)}
              />
              <button
                type="button"
                class="icon-button"
                aria-label={`Move up: ${item.text}`}
                disabled={i() === 0}
                onClick={() => ctx.act("moveChecklistItem", id, item.id, i() - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                class="icon-button"
                aria-label={`Move down: ${item.text}`}
                disabled={i() === items().length - 1}
                onClick={() => ctx.act("moveChecklistItem", id, item.id, i() + 1)}
              >
                ↓
              </button>
              <button
                type="button"
                class="icon-button"
                aria-label={`Delete checklist item ${item.text}`}
                onClick={() => ctx.act("deleteChecklistItem", id, item.id)}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          const text = input?.value.trim() ?? ""
          if (text === "") return
          if (ctx.act("addChecklistItem", id, { id: newId(), text })) {
            if (input) input.value = ""
          }
        }}
      >
        <input
          ref={input}
          aria-label="New checklist item"
          placeholder="Add an item"
          maxLength={500}
        />
        <button type="submit" class="button">
          Add
        </button>
      </form>
    </>
  )
}
