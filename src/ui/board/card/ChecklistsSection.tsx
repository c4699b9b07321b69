/**
 * The checklists of a card in its dialog: each named checklist with its own progress, its
 * items (check, edit, reorder, drag or move to another checklist, delete) and its own field
 * for a new item; a field to add another checklist. A card without checklists shows one "New checklist item" field that
 * creates a checklist named "Checklist" with that item, as a single checklist always did.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { checklistItems, checklistProgress, checklistsOf } from "../../../model"
import type { Card, Checklist } from "../../../model/types"
import { InlineEdit } from "../../InlineEdit"
import { newId } from "../../ids"
import { useBoard } from "../context"

const DEFAULT_NAME = "Checklist"

export function ChecklistsSection(props: { card: Card }) {
  const ctx = useBoard()
  const lists = createMemo(() => checklistsOf(props.card))
  const progress = createMemo(() => checklistProgress(props.card))
  const id = props.card.id
  /** The checklist whose new-item field takes the focus once it is drawn. */
  const [focusIn, setFocusIn] = createSignal<string | null>(null)
  /** The item being dragged by its handle, if any. */
  const [dragging, setDragging] = createSignal<string | null>(null)
  let firstInput: HTMLInputElement | undefined
  let nameInput: HTMLInputElement | undefined

  /** The first item makes the card's first checklist: one step to undo. */
  const addFirst = (text: string): boolean => {
    const checklistId = newId()
    let ok = false
    ctx.session.together(() => {
      if (!ctx.act("addChecklist", id, { id: checklistId, name: DEFAULT_NAME })) return
      setFocusIn(checklistId)
      ok = ctx.act("addChecklistItem", id, checklistId, { id: newId(), text })
    })
    return ok
  }

  return (
    <>
      <h3 id={`checklist-${id}`}>
        {lists().length > 1 ? "Checklists" : "Checklist"}{" "}
        <Show when={progress().total > 0}>
          <span class="muted">
            {progress().done}/{progress().total}
          </span>
        </Show>
      </h3>
      <For each={lists()}>
        {(list, i) => (
          <ChecklistBlock
            card={props.card}
            list={list}
            only={lists().length === 1}
            first={i() === 0}
            last={i() === lists().length - 1}
            index={i()}
            focus={focusIn() === list.id}
            onFocused={() => setFocusIn(null)}
            others={lists().filter((l) => l.id !== list.id)}
            dragging={dragging}
            setDragging={setDragging}
          />
        )}
      </For>
      <Show when={lists().length === 0}>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            const text = firstInput?.value.trim() ?? ""
            if (text === "") return
            if (addFirst(text) && firstInput) firstInput.value = ""
          }}
        >
          <input
            ref={firstInput}
            aria-label="New checklist item"
            placeholder="Add an item"
            maxLength={500}
          />
          <button type="submit" class="button">
            Add
          </button>
        </form>
      </Show>
      <form
        class="inline-form checklist-add"
        onSubmit={(e) => {
          e.preventDefault()
          const name = nameInput?.value.trim() ?? ""
          if (name === "") return
          const checklistId = newId()
          if (ctx.act("addChecklist", id, { id: checklistId, name })) {
            if (nameInput) nameInput.value = ""
            setFocusIn(checklistId)
          }
        }}
      >
        <input
          ref={nameInput}
          aria-label="New checklist name"
          placeholder="Add a checklist"
          maxLength={200}
        />
        <button type="submit" class="button">
          Add checklist
        </button>
      </form>
    </>
  )
}

function ChecklistBlock(props: {
  card: Card
  list: Checklist
  only: boolean
  first: boolean
  last: boolean
  index: number
  focus: boolean
  onFocused: () => void
  /** The card's other checklists, offered by each item's "Move to" menu. */
  others: Checklist[]
  dragging: () => string | null
  setDragging: (id: string | null) => void
}) {
  const ctx = useBoard()
  const cardId = props.card.id
  const items = createMemo(() => checklistItems(props.card, props.list))
  /** Where a drop would land: before or after an item of this checklist, or at its end. */
  const [dropAt, setDropAt] = createSignal<{ id: string | null; after: boolean } | null>(null)
  /** Drops the dragged item here: before or after `target`, or at the end (`null`). */
  const drop = (target: string | null, after: boolean): void => {
    const moving = props.dragging()
    setDropAt(null)
    props.setDragging(null)
    if (moving === null || moving === target) return
    const rest = items().filter((it) => it.id !== moving)
    const at = target === null ? -1 : rest.findIndex((it) => it.id === target)
    const index = at < 0 ? rest.length : at + (after ? 1 : 0)
    ctx.act("moveChecklistItemTo", cardId, moving, props.list.id, index)
  }
  const over = (e: DragEvent, target: string | null, after: boolean): void => {
    if (props.dragging() === null) return
    e.preventDefault()
    e.stopPropagation()
    if (e.dataTransfer) e.dataTransfer.dropEffect = "move"
    const now = dropAt()
    if (now === null || now.id !== target || now.after !== after) setDropAt({ id: target, after })
  }
  const lower = (e: DragEvent): boolean => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect()
    return e.clientY > box.top + box.height / 2
  }
  const done = createMemo(() => items().filter((i) => i.done).length)
  const headingId = `checklist-${cardId}-${props.list.id}`
  const members = createMemo(() =>
    Object.values(ctx.board.members).sort((a, b) => a.name.localeCompare(b.name)),
  )
  let input: HTMLInputElement | undefined
  return (
    // Dropped anywhere on the checklist but on an item: at its end.
    <section
      class="checklist-block"
      aria-labelledby={headingId}
      onDragOver={(e) => over(e, null, true)}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropAt(null)
      }}
      onDrop={(e) => {
        e.preventDefault()
        drop(null, true)
      }}
    >
      <div class="checklist-head">
        <span id={headingId} class="checklist-name">
          <InlineEdit
            label={`Name of checklist ${props.list.name}`}
            value={props.list.name}
            onSave={(t) => ctx.act("renameChecklist", cardId, props.list.id, t)}
          />
        </span>
        <Show when={items().length > 0}>
          <span class="muted">
            {done()}/{items().length}
          </span>
        </Show>
        <Show when={!props.only}>
          <button
            type="button"
            class="icon-button"
            aria-label={`Move checklist up: ${props.list.name}`}
            disabled={props.first}
            onClick={() => ctx.act("moveChecklist", cardId, props.list.id, props.index - 1)}
          >
            ↑
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={`Move checklist down: ${props.list.name}`}
            disabled={props.last}
            onClick={() => ctx.act("moveChecklist", cardId, props.list.id, props.index + 1)}
          >
            ↓
          </button>
        </Show>
        <button
          type="button"
          class="icon-button"
          aria-label={`Delete checklist ${props.list.name}`}
          onClick={() => ctx.act("deleteChecklist", cardId, props.list.id)}
        >
          ×
        </button>
      </div>
      <Show when={items().length > 0}>
        <progress
          class="checklist-progress"
          max={items().length}
          value={done()}
          aria-label={props.only ? "Checklist progress" : `Progress of ${props.list.name}`}
        />
      </Show>
      <ul
        class="checklist"
        // No change of size when a drag starts: Chromium cancels a drag whose page moves under it.
        classList={{ "drop-end": dropAt()?.id === null }}
        aria-label={`Items of ${props.list.name}`}
      >
        <For each={items()}>
          {(item, i) => (
            <li
              class="checklist-item"
              classList={{
                done: item.done,
                dragging: props.dragging() === item.id,
                "drop-before": dropAt()?.id === item.id && dropAt()?.after === false,
                "drop-after": dropAt()?.id === item.id && dropAt()?.after === true,
              }}
              data-item-id={item.id}
              onDragOver={(e) => over(e, item.id, lower(e))}
              onDrop={(e) => {
                e.preventDefault()
                e.stopPropagation()
                drop(item.id, lower(e))
              }}
            >
              <span
                class="checklist-item-handle"
                draggable={true}
                title="Drag to reorder or to another checklist"
                aria-hidden="true"
                onDragStart={(e) => {
                  if (e.dataTransfer) {
                    e.dataTransfer.effectAllowed = "move"
                    e.dataTransfer.setData("text/plain", item.text)
                    const row = e.currentTarget.parentElement
                    if (row) e.dataTransfer.setDragImage(row, 12, 12)
                  }
                  props.setDragging(item.id)
                }}
                onDragEnd={() => {
                  props.setDragging(null)
                  setDropAt(null)
                }}
              />
              <input
                type="checkbox"
                checked={item.done}
                aria-label={`Done: ${item.text}`}
                onChange={(e) => {
                  const v = e.currentTarget.checked
                  ctx.act("toggleChecklistItem", cardId, item.id, v)
                }}
              />
              <InlineEdit
                label="Checklist item"
                value={item.text}
                onSave={(t) => ctx.act("editChecklistItem", cardId, item.id, t)}
              />
              <button
                type="button"
                class="icon-button"
                aria-label={`Move up: ${item.text}`}
                disabled={i() === 0}
                onClick={() => ctx.act("moveChecklistItem", cardId, item.id, i() - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                class="icon-button"
                aria-label={`Move down: ${item.text}`}
                disabled={i() === items().length - 1}
                onClick={() => ctx.act("moveChecklistItem", cardId, item.id, i() + 1)}
              >
                ↓
              </button>
              <Show when={props.others.length > 0}>
                <select
                  class="checklist-item-move"
                  aria-label={`Move ${item.text} to another checklist`}
                  value=""
                  onChange={(e) => {
                    const to = e.currentTarget.value
                    e.currentTarget.value = ""
                    const target = props.others.find((l) => l.id === to)
                    if (target === undefined) return
                    const end = checklistItems(props.card, target).length
                    ctx.act("moveChecklistItemTo", cardId, item.id, to, end)
                  }}
                >
                  <option value="">Move to…</option>
                  <For each={props.others}>{(l) => <option value={l.id}>{l.name}</option>}</For>
                </select>
              </Show>
              <select
                class="checklist-item-owner"
                aria-label={`Owner of ${item.text}`}
                value={item.owner ?? ""}
                onChange={(e) => {
                  const v = e.currentTarget.value
                  ctx.act("setChecklistItemOwner", cardId, item.id, v === "" ? null : v)
                }}
              >
                <option value="">No owner</option>
                <For each={members()}>{(m) => <option value={m.id}>{m.name}</option>}</For>
              </select>
              <input
                type="date"
                class="checklist-item-deadline"
                aria-label={`Deadline of ${item.text}`}
                title={
                  item.deadline?.kind === "instant"
                    ? `Due ${item.deadline.at} (${item.deadline.zone})`
                    : undefined
                }
                value={
                  item.deadline?.kind === "date"
                    ? item.deadline.date
                    : item.deadline?.kind === "instant"
                      ? item.deadline.at.slice(0, 10)
                      : ""
                }
                onChange={(e) => {
                  const v = e.currentTarget.value
                  ctx.act(
                    "setChecklistItemDeadline",
                    cardId,
                    item.id,
                    v === "" ? null : { kind: "date", date: v },
                  )
                }}
              />
              <button
                type="button"
                class="icon-button"
                aria-label={`Delete checklist item ${item.text}`}
                onClick={() => ctx.act("deleteChecklistItem", cardId, item.id)}
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
          if (ctx.act("addChecklistItem", cardId, props.list.id, { id: newId(), text })) {
            if (input) input.value = ""
          }
        }}
      >
        <input
          ref={(el) => {
            input = el
            if (props.focus)
              queueMicrotask(() => {
                el.focus()
                props.onFocused()
              })
          }}
          aria-label={props.only ? "New checklist item" : `New item in ${props.list.name}`}
          placeholder="Add an item"
          maxLength={500}
        />
        <button type="submit" class="button">
          Add
        </button>
      </form>
    </section>
  )
}
