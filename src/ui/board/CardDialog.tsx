/**
 * The card dialog, addressed by `#/b/<board>/c/<card>`: title, status, owners, deadline,
 * labels, description (collaborative text with a Markdown preview), checklist, comments,
 * and archive / restore / delete.
 */
import { For, Show, createEffect, createMemo, createSignal, on, onMount } from "solid-js"
import { linkMentions, plainText } from "../../model/replies/mentions"
import { DateTime } from "luxon"
import { commentsOf, getList, liveLabels } from "../../model"
import type { Card } from "../../model/types"
import { Dialog } from "../Dialog"
import { InlineEdit } from "../InlineEdit"
import { now } from "../clock"
import { extensions } from "../extensions"
import { relativeTime, textOn } from "../format"
import { newId } from "../ids"
import { Markdown } from "../Markdown"
import { announce, notify } from "../notices"
import { isTimeZone, timeZones } from "./ProfilePicker"
import { DeadlineBadge } from "./CardTile"
import { deadlineFromFields } from "../../model/time/entry"
import { CardExtensions } from "./CardExtensions"
import { ChecklistsSection } from "./ChecklistsSection"
import { useBoard, watchCard } from "./context"
import { deleteCardWithUndo } from "./undo"
import { Avatar } from "../Avatar"

export const LABEL_COLORS = [
  { name: "Green", value: "#1a7f37" },
  { name: "Yellow", value: "#9a6700" },
  { name: "Orange", value: "#bc4c00" },
  { name: "Red", value: "#cf222e" },
  { name: "Purple", value: "#8250df" },
  { name: "Blue", value: "#0969da" },
  { name: "Teal", value: "#0a7d8c" },
  { name: "Grey", value: "#57606a" },
]

export function CardDialog(props: { cardId: string; section: string | null; onClose: () => void }) {
  const ctx = useBoard()
  const card = createMemo(() => watchCard(ctx.board, props.cardId))
  return (
    <Show
      when={card()}
      keyed
      fallback={
        <Dialog title="Card not found" onClose={props.onClose}>
          <p role="alert">This card no longer exists on this board (it may have been deleted).</p>
          <div class="dialog-actions">
            <button type="button" class="button primary" onClick={() => props.onClose()}>
              Back to the board
            </button>
          </div>
        </Dialog>
      }
    >
      {(c) => <CardDialogBody card={c} section={props.section} onClose={props.onClose} />}
    </Show>
  )
}

function CardDialogBody(props: { card: Card; section: string | null; onClose: () => void }) {
  const ctx = useBoard()
  const id = props.card.id
  const listTitle = createMemo(() => getList(ctx.board, props.card.listId)?.title ?? "(no list)")
  const sectionEl: Record<string, HTMLElement | undefined> = {}
  onMount(() => {
    const target = props.section !== null ? sectionEl[props.section] : undefined
    if (target !== undefined) {
      queueMicrotask(() => {
        target.scrollIntoView({ block: "center" })
        target.querySelector<HTMLElement>("input, select, button, textarea")?.focus()
      })
    }
  })
  return (
    <Dialog
      title={props.card.title}
      heading={
        <InlineEdit
          label="Card title"
          class="card-dialog-title"
          live
          value={props.card.title}
          onSave={(t) => ctx.act("setCardTitle", id, t)}
        />
      }
      onClose={props.onClose}
      class="card-dialog"
    >
      <p class="muted card-dialog-where">
        in list <strong>{listTitle()}</strong>
        <Show when={props.card.archived}>
          {" "}
          · <strong class="archived-note">archived</strong>
        </Show>
      </p>
      <div class="card-dialog-grid">
        <div class="card-dialog-main">
          <section class="card-section" aria-labelledby={`desc-${id}`}>
            <h3 id={`desc-${id}`}>Description</h3>
            <Description card={props.card} />
          </section>
          <section
            class="card-section"
            aria-labelledby={`checklist-${id}`}
            ref={(el) => (sectionEl.checklist = el)}
          >
            <ChecklistsSection card={props.card} />
          </section>
          <section class="card-section" aria-labelledby={`comments-${id}`}>
            <Comments card={props.card} />
          </section>
          <CardExtensions parts={extensions.cardDialogSections} card={props.card} />
        </div>
        <div class="card-dialog-side">
          <section class="card-section" aria-label="Status">
            <label class="check">
              <input
                type="checkbox"
                checked={props.card.done}
                onChange={(e) => {
                  const v = e.currentTarget.checked
                  if (v) ctx.act("markDone", id, new Date().toISOString())
                  else ctx.act("unmarkDone", id)
                }}
              />
              Done
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={props.card.urgent}
                onChange={(e) => {
                  const v = e.currentTarget.checked
                  ctx.act("setUrgent", id, v)
                }}
              />
              Urgent
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={props.card.important}
                onChange={(e) => {
                  const v = e.currentTarget.checked
                  ctx.act("setImportant", id, v)
                }}
              />
              Important
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={props.card.pinnedAt !== null}
                onChange={(e) => {
                  const v = e.currentTarget.checked
                  if (v) ctx.act("pinCard", id, new Date().toISOString())
                  else ctx.act("unpinCard", id)
                }}
              />
              Pinned to the top of the board
            </label>
          </section>
          <section
            class="card-section"
            aria-labelledby={`owners-${id}`}
            ref={(el) => (sectionEl.owners = el)}
          >
            <Owners card={props.card} />
          </section>
          <section
            class="card-section"
            aria-labelledby={`deadline-${id}`}
            ref={(el) => (sectionEl.deadline = el)}
          >
            <DeadlineEditor card={props.card} />
          </section>
          <section
            class="card-section"
            aria-labelledby={`labels-${id}`}
            ref={(el) => (sectionEl.labels = el)}
          >
            <Labels card={props.card} />
          </section>
          <section class="card-section" aria-label="Card actions">
            <CardActions card={props.card} onClose={props.onClose} />
          </section>
        </div>
      </div>
    </Dialog>
  )
}

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

function Owners(props: { card: Card }) {
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

function DeadlineEditor(props: { card: Card }) {
  const ctx = useBoard()
  const d = props.card.deadline
  const initial =
    d === null
      ? { date: "", time: "", zone: ctx.viewerZone() }
      : d.kind === "date"
        ? { date: d.date, time: "", zone: ctx.viewerZone() }
        : (() => {
            const dt = DateTime.fromISO(d.at, { zone: isTimeZone(d.zone) ? d.zone : "UTC" })
            return { date: dt.toISODate() ?? "", time: dt.toFormat("HH:mm"), zone: d.zone }
          })()
  const [date, setDate] = createSignal(initial.date)
  const [time, setTime] = createSignal(initial.time)
  const [zone, setZone] = createSignal(initial.zone)
  const [error, setError] = createSignal<string | null>(null)
  const id = props.card.id
  return (
    <>
      <h3 id={`deadline-${id}`}>Deadline</h3>
      <DeadlineBadge card={props.card} />
      <form
        class="deadline-form"
        onSubmit={(e) => {
          e.preventDefault()
          const result = deadlineFromFields(date(), time(), zone())
          if ("error" in result) return setError(result.error)
          setError(null)
          if (!ctx.act("setDeadline", id, result.deadline)) return
          if (result.note) notify(result.note)
          else announce("Deadline saved")
        }}
      >
        <label for={`dl-date-${id}`}>Date</label>
        <input
          id={`dl-date-${id}`}
          type="date"
          value={date()}
          onInput={(e) => setDate(e.currentTarget.value)}
        />
        <label for={`dl-time-${id}`}>Time (optional)</label>
        <input
          id={`dl-time-${id}`}
          type="time"
          value={time()}
          onInput={(e) => setTime(e.currentTarget.value)}
        />
        <Show when={time() !== ""}>
          <label for={`dl-zone-${id}`}>Time zone</label>
          <input
            id={`dl-zone-${id}`}
            list={`dl-zones-${id}`}
            value={zone()}
            onInput={(e) => setZone(e.currentTarget.value)}
          />
          <datalist id={`dl-zones-${id}`}>
            <For each={timeZones()}>{(z) => <option value={z} />}</For>
          </datalist>
        </Show>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <div class="composer-actions">
          <button type="submit" class="button primary">
            Save deadline
          </button>
          <Show when={props.card.deadline !== null}>
            <button
              type="button"
              class="button subtle"
              onClick={() => {
                if (ctx.act("clearDeadline", id)) {
                  setDate("")
                  setTime("")
                  announce("Deadline removed")
                }
              }}
            >
              Remove deadline
            </button>
          </Show>
        </div>
      </form>
    </>
  )
}

function Labels(props: { card: Card }) {
  const ctx = useBoard()
  const labels = createMemo(() => liveLabels(ctx.board))
  const [name, setName] = createSignal("")
  const [color, setColor] = createSignal(LABEL_COLORS[0]?.value ?? "#1a7f37")
  const id = props.card.id
  return (
    <>
      <h3 id={`labels-${id}`}>Labels</h3>
      <ul class="choice-list">
        <For each={labels()}>
          {(l) => (
            <li>
              <label class="check">
                <input
                  type="checkbox"
                  checked={props.card.labels[l.id] === true}
                  onChange={(e) => {
                    const v = e.currentTarget.checked
                    ctx.act(v ? "assignLabel" : "unassignLabel", id, l.id)
                  }}
                />
                <span class="label-chip" style={{ background: l.color, color: textOn(l.color) }}>
                  {l.name}
                </span>
              </label>
            </li>
          )}
        </For>
      </ul>
      <form
        class="label-form"
        onSubmit={(e) => {
          e.preventDefault()
          const n = name().trim()
          if (n === "") return
          const labelId = newId()
          const ok = ctx.act("createLabelOnCard", id, { id: labelId, name: n, color: color() })
          if (ok) setName("")
        }}
      >
        <label for={`new-label-${id}`}>New label</label>
        <input
          id={`new-label-${id}`}
          value={name()}
          maxLength={40}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label for={`new-label-color-${id}`}>Colour</label>
        <select
          id={`new-label-color-${id}`}
          value={color()}
          onChange={(e) => setColor(e.currentTarget.value)}
        >
          <For each={LABEL_COLORS}>{(c) => <option value={c.value}>{c.name}</option>}</For>
        </select>
        <button type="submit" class="button">
          Add label
        </button>
      </form>
    </>
  )
}

function Comments(props: { card: Card }) {
  const ctx = useBoard()
  const comments = createMemo(() => commentsOf(props.card))
  const id = props.card.id
  let input: HTMLTextAreaElement | undefined
  const [editingId, setEditingId] = createSignal<string | null>(null)
  return (
    <>
      <h3 id={`comments-${id}`}>Comments</h3>
      <ul class="comments">
        <For each={comments()}>
          {(c) => {
            const author = (): { name: string; color: string } =>
              ctx.board.members[c.authorId] ?? { name: "Former member", color: "#57606a" }
            const own = (): boolean => c.authorId === ctx.memberId()
            return (
              <li class="comment">
                <Avatar name={author().name} color={author().color} />
                <div class="comment-body">
                  <div class="comment-meta">
                    <strong>{author().name}</strong>{" "}
                    <time class="muted" dateTime={c.createdAt}>
                      {relativeTime(c.createdAt, new Date(now()))}
                    </time>
                    <Show when={c.editedAt !== null}>
                      <span class="muted"> (edited)</span>
                    </Show>
                  </div>
                  <Show
                    when={editingId() === c.id}
                    fallback={<Markdown text={plainText(c.text, ctx.board.members)} />}
                  >
                    <form
                      class="composer"
                      onSubmit={(e) => {
                        e.preventDefault()
                        const text = linkMentions(
                          (
                            e.currentTarget.elements.namedItem("text") as HTMLTextAreaElement
                          ).value.trim(),
                          ctx.board.members,
                        )
                        if (text === "") return
                        if (ctx.act("editComment", id, c.id, text, new Date().toISOString()))
                          setEditingId(null)
                      }}
                    >
                      <textarea name="text" aria-label="Edit comment" rows={3} value={c.text} />
                      <div class="composer-actions">
                        <button type="submit" class="button primary">
                          Save
                        </button>
                        <button
                          type="button"
                          class="button subtle"
                          onClick={() => setEditingId(null)}
                        >
                          Cancel
                        </button>
                      </div>
                    </form>
                  </Show>
                  <Show when={own() && editingId() !== c.id}>
                    <div class="comment-actions">
                      <button
                        type="button"
                        class="button subtle small"
                        onClick={() => setEditingId(c.id)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        class="button subtle small"
                        onClick={() => {
                          if (ctx.act("deleteComment", id, c.id)) announce("Comment deleted")
                        }}
                      >
                        Delete
                      </button>
                    </div>
                  </Show>
                </div>
              </li>
            )
          }}
        </For>
      </ul>
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault()
          const text = linkMentions(input?.value.trim() ?? "", ctx.board.members)
          if (text === "") return
          const ok = ctx.act("addComment", id, {
            id: newId(),
            authorId: ctx.memberId(),
            text,
            now: new Date().toISOString(),
          })
          if (ok && input) input.value = ""
        }}
      >
        <textarea
          ref={input}
          rows={2}
          aria-label="Write a comment"
          placeholder="Write a comment…"
          maxLength={10_000}
        />
        <div class="composer-actions">
          <button type="submit" class="button primary">
            Comment
          </button>
        </div>
      </form>
    </>
  )
}

function CardActions(props: { card: Card; onClose: () => void }) {
  const ctx = useBoard()
  const [confirmDelete, setConfirmDelete] = createSignal(false)
  const id = props.card.id
  return (
    <div class="card-actions">
      <h3 class="sr-only">Actions</h3>
      <Show when={!props.card.archived}>
        <button type="button" class="button" onClick={() => ctx.moveDialog(id)}>
          Move…
        </button>
        <button
          type="button"
          class="button"
          onClick={() => {
            const title = props.card.title
            if (ctx.act("archiveCard", id, new Date().toISOString())) {
              props.onClose()
              announce(`Card ${title} archived`)
              notify(`Archived “${title}”.`, {
                undo: () => ctx.act("restoreCard", id, new Date().toISOString()),
              })
            }
          }}
        >
          Archive
        </button>
      </Show>
      <Show when={props.card.archived}>
        <button
          type="button"
          class="button"
          onClick={() => {
            if (ctx.act("restoreCard", id, new Date().toISOString()))
              announce(`Card ${props.card.title} restored`)
          }}
        >
          Restore
        </button>
      </Show>
      <Show
        when={confirmDelete()}
        fallback={
          <button type="button" class="button danger" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        }
      >
        <div class="confirm-box" role="group" aria-label="Confirm delete">
          <p>Delete this card for everyone? Its comments and checklist go with it.</p>
          <button
            type="button"
            class="button danger"
            onClick={() => {
              props.onClose()
              deleteCardWithUndo(ctx, id)
            }}
          >
            Delete card
          </button>
          <button type="button" class="button subtle" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
        </div>
      </Show>
    </div>
  )
}
