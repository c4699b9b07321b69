/**
 * A card on the board: labels, title (renamable in place), and badges — deadline (with
 * words, not only colour), urgent, description, checklist progress, comments, owners.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { cardLabels } from "../../model"
import type { Card } from "../../model/types"
import { describeDeadline } from "../../model/time"
import { InlineEdit } from "../InlineEdit"
import { now } from "../clock"
import { extensions } from "../extensions"
import { textOn } from "../format"
import { CardExtensions } from "./CardExtensions"
import { useBoard, watchCard } from "./context"
import { Avatar } from "../Avatar"

export function CardTile(props: { cardId: string; index: number; listId: string }) {
  const ctx = useBoard()
  const card = createMemo(() => watchCard(ctx.board, props.cardId))
  const [renaming, setRenaming] = createSignal(false)
  return (
    <Show when={card()} keyed>
      {(c) => (
        <li
          class="card"
          classList={{ urgent: c.urgent, done: c.done }}
          data-card-id={props.cardId}
          data-index={props.index}
          data-list-id={props.listId}
        >
          <Show
            when={renaming()}
            fallback={
              <>
                <a
                  class="card-open"
                  href={`#/b/${ctx.documentId}/c/${props.cardId}`}
                  draggable={false}
                  data-card-focus
                >
                  <CardLabels card={c} />
                  <span class="card-title">{c.title}</span>
                  <CardBadges card={c} />
                </a>
                <button
                  type="button"
                  class="card-rename icon-button"
                  aria-label={`Rename card ${c.title}`}
                  onClick={() => setRenaming(true)}
                >
                  ✎
                </button>
              </>
            }
          >
            <InlineEdit
              label="Card title"
              value={c.title}
              editing
              onEditingChange={(v) => setRenaming(v)}
              onSave={(title) => ctx.act("setCardTitle", props.cardId, title)}
            />
          </Show>
        </li>
      )}
    </Show>
  )
}

function CardLabels(props: { card: Card }) {
  const ctx = useBoard()
  const labels = createMemo(() => cardLabels(ctx.board, props.card))
  return (
    <Show when={labels().length > 0}>
      <span class="card-labels">
        <For each={labels()}>
          {(l) => (
            <span class="label-chip" style={{ background: l.color, color: textOn(l.color) }}>
              {l.name}
            </span>
          )}
        </For>
      </span>
    </Show>
  )
}

/** The deadline badge: state in words plus colour ("Overdue", "Due soon", "Done"). */
export function DeadlineBadge(props: { card: Card }) {
  const ctx = useBoard()
  const d = createMemo(() =>
    props.card.deadline === null
      ? null
      : describeDeadline(props.card, ctx.board.members, ctx.viewerZone(), now()),
  )
  return (
    <Show when={d()}>
      {(info) => {
        const state = (): string =>
          props.card.done ? "done" : info().overdue ? "overdue" : info().dueSoon ? "soon" : "later"
        const word = (): string =>
          ({ done: "Done", overdue: "Overdue", soon: "Due soon", later: "Due" })[state()] ?? "Due"
        return (
          <span class={`badge deadline deadline-${state()}`} title={info().elsewhere.join("; ")}>
            <span aria-hidden="true">
              {state() === "done" ? "✓" : state() === "overdue" ? "!" : "◷"}
            </span>
            <span>
              {word()} · {info().local}
            </span>
          </span>
        )
      }}
    </Show>
  )
}

function CardBadges(props: { card: Card }) {
  const ctx = useBoard()
  const checklist = createMemo(() => {
    const items = Object.values(props.card.checklist)
    return { total: items.length, done: items.filter((i) => i.done).length }
  })
  const comments = createMemo(() => Object.keys(props.card.comments).length)
  const owners = createMemo(() =>
    Object.keys(props.card.owners)
      .map((id) => ctx.board.members[id])
      .filter((m) => m !== undefined),
  )
  return (
    <span class="card-badges" id={`card-badges-${props.card.id}`}>
      <Show when={props.card.urgent}>
        <span class="badge urgent-badge">Urgent</span>
      </Show>
      <Show when={props.card.done && props.card.deadline === null}>
        <span class="badge deadline deadline-done">✓ Done</span>
      </Show>
      <Show when={!extensions.deadlineBadgeReplaced}>
        <DeadlineBadge card={props.card} />
      </Show>
      <Show when={props.card.description.trim() !== ""}>
        <span class="badge plain" title="Has a description">
          <span aria-hidden="true">≡</span>
          <span class="sr-only">Has a description</span>
        </span>
      </Show>
      <Show when={checklist().total > 0}>
        <span class="badge plain" classList={{ complete: checklist().done === checklist().total }}>
          <span aria-hidden="true">☑ </span>
          <span class="sr-only">Checklist </span>
          {checklist().done}/{checklist().total}
        </span>
      </Show>
      <Show when={comments() > 0}>
        <span class="badge plain">
          <svg class="icon" aria-hidden="true" viewBox="0 0 16 16" width="13" height="13">
            <path
              fill="currentColor"
              d="M2 2h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H7l-3.5 3v-3H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z"
            />
          </svg>
          {comments()}
          <span class="sr-only"> comment{comments() === 1 ? "" : "s"}</span>
        </span>
      </Show>
      <CardExtensions parts={extensions.cardBadges} card={props.card} />
      <Show when={owners().length > 0}>
        <span class="owners">
          <span class="sr-only">
            Owners:{" "}
            {owners()
              .map((m) => m?.name)
              .join(", ")}
          </span>
          <For each={owners()}>
            {(m) => <Avatar name={m?.name ?? "?"} color={m?.color ?? "#57606a"} title={m?.name} />}
          </For>
        </span>
      </Show>
    </span>
  )
}
