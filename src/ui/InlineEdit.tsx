/**
 * A text shown as a button that turns into an input to edit it: Enter or leaving the field
 * saves, Escape cancels. Used for board, list and card titles.
 */
import { Show, createSignal } from "solid-js"
import { Dynamic } from "solid-js/web"

export function InlineEdit(props: {
  value: string
  /** Accessible name of the field, e.g. "List title". */
  label: string
  onSave: (value: string) => void
  class?: string
  placeholder?: string
  /** Heading level for the displayed text, or none. */
  as?: "h1" | "h2" | "h3" | "span"
  editing?: boolean
  onEditingChange?: (editing: boolean) => void
  /** Save on every keystroke (collaborative text) instead of on Enter/blur. */
  live?: boolean
  /** Shown but not editable (a role that may not change it): the button is disabled. */
  readOnly?: boolean
}) {
  const [localEditing, setLocalEditing] = createSignal(false)
  const editing = (): boolean => props.editing ?? localEditing()
  const setEditing = (v: boolean): void => {
    setLocalEditing(v)
    props.onEditingChange?.(v)
  }
  let button: HTMLButtonElement | undefined
  let cancelled = false

  const finish = (input: HTMLInputElement): void => {
    const text = input.value.trim()
    setEditing(false)
    if (!cancelled && text !== "" && text !== props.value) props.onSave(text)
    cancelled = false
    queueMicrotask(() => button?.focus())
  }

  return (
    <Show
      when={editing()}
      fallback={
        <Dynamic component={props.as ?? "span"} class="inline-edit-wrap">
          <button
            ref={button}
            type="button"
            class={`inline-edit ${props.class ?? ""}`}
            title={props.readOnly === true ? undefined : `Edit ${props.label.toLowerCase()}`}
            disabled={props.readOnly === true}
            onClick={() => setEditing(true)}
          >
            {props.value || props.placeholder || ""}
          </button>
        </Dynamic>
      }
    >
      {/*
        The field has a form of its own: Chromium's autofill reads the fields of the form that
        holds a field at every keystroke, and for a field outside any form that is every
        unowned control of the page (two buttons per card on a board). 1.5 → 0.75 ms of
        main-thread work per keystroke in a card title on the 10,000-card board (trace).
      */}
      <form class="inline-edit-form" onSubmit={(e) => e.preventDefault()}>
        <input
          class={`inline-edit-input ${props.class ?? ""}`}
          aria-label={props.label}
          value={props.value}
          maxLength={500}
          ref={(el) =>
            queueMicrotask(() => {
              el.focus()
              el.select()
            })
          }
          onInput={(e) => {
            const text = e.currentTarget.value.trim()
            if (props.live === true && text !== "" && text !== props.value) props.onSave(text)
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault()
              finish(e.currentTarget)
            } else if (e.key === "Escape") {
              e.preventDefault()
              e.stopPropagation()
              cancelled = true
              finish(e.currentTarget)
            }
          }}
          onBlur={(e) => {
            if (editing()) finish(e.currentTarget)
          }}
        />
      </form>
    </Show>
  )
}
