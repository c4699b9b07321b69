/**
 * A comment box with `@` autocomplete: typing `@an` lists matching members; ↑/↓ choose,
 * Enter or Tab inserts a mention token `@[Name](id)` (see `src/model/replies/mentions.ts`),
 * Escape closes the list. `CommentText` renders stored text with "@Name" for tokens.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { insertMention, mentionQuery, renderSegments, suggestMembers } from "../../model/replies"
import type { Board, Member } from "../../model/types"
import "./time.css"

let counter = 0

export function MentionInput(props: {
  members: Board["members"]
  value: string
  onInput: (value: string) => void
  label: string
  placeholder?: string
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void
  ref?: (el: HTMLTextAreaElement) => void
  /** Extra text after a member's name in the list (e.g. their local time and state). */
  hint?: (m: Member) => string
}) {
  const id = `mention-${++counter}`
  let area: HTMLTextAreaElement | undefined
  const [caret, setCaret] = createSignal(0)
  const [active, setActive] = createSignal(0)
  const [closed, setClosed] = createSignal(false)
  const query = createMemo(() => mentionQuery(props.value, caret()))
  const options = createMemo<Member[]>(() => {
    const q = query()
    return q === null || closed() ? [] : suggestMembers(props.members, q.query, 6)
  })
  const pick = (m: Member): void => {
    const q = query()
    if (!q || !area) return
    const next = insertMention(props.value, q.start, caret(), m)
    props.onInput(next.text)
    queueMicrotask(() => {
      area?.setSelectionRange(next.caret, next.caret)
      setCaret(next.caret)
      area?.focus()
    })
  }
  const sync = (el: HTMLTextAreaElement): void => {
    setCaret(el.selectionStart ?? el.value.length)
  }
  return (
    <div class="mention-box">
      <textarea
        ref={(el) => {
          area = el
          props.ref?.(el)
        }}
        aria-label={props.label}
        placeholder={props.placeholder}
        value={props.value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options().length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={options().length > 0 ? `${id}-opt-${active()}` : undefined}
        onInput={(e) => {
          setClosed(false)
          setActive(0)
          props.onInput(e.currentTarget.value)
          sync(e.currentTarget)
        }}
        onClick={(e) => sync(e.currentTarget)}
        onKeyUp={(e) => {
          if (
            e.key === "ArrowLeft" ||
            e.key === "ArrowRight" ||
            e.key === "Home" ||
            e.key === "End"
          )
            sync(e.currentTarget)
        }}
        onKeyDown={(e) => {
          const opts = options()
          if (opts.length > 0) {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault()
              const d = e.key === "ArrowDown" ? 1 : -1
              setActive((a) => (a + d + opts.length) % opts.length)
              return
            }
            if (e.key === "Enter" || e.key === "Tab") {
              e.preventDefault()
              pick(opts[active()] ?? opts[0]!)
              return
            }
            if (e.key === "Escape") {
              e.preventDefault()
              e.stopPropagation()
              setClosed(true)
              return
            }
          }
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            props.onSubmit?.()
          }
        }}
      />
      <Show when={options().length > 0}>
        <ul class="mention-options" role="listbox" id={`${id}-list`} aria-label="Mention someone">
          <For each={options()}>
            {(m, i) => (
              <li
                role="option"
                id={`${id}-opt-${i()}`}
                aria-selected={i() === active()}
                onMouseDown={(e) => {
                  e.preventDefault()
                  pick(m)
                }}
              >
                {m.name}
                <Show when={props.hint?.(m)}>
                  {(h) => <span class="mention-hint"> · {h()}</span>}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}

/** Stored comment text with mention tokens shown as "@Name" (the member's current name). */
export function CommentText(props: { text: string; members: Board["members"] }) {
  const parts = createMemo(() => renderSegments(props.text, props.members))
  return (
    <For each={parts()}>
      {(p) => (p.kind === "text" ? p.text : <span class="mention">@{p.name}</span>)}
    </For>
  )
}
