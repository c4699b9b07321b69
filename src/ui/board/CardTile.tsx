/**
 * A card on the board: its image cover, labels, title (renamable in place), and badges —
 * deadline (with words, not only colour), urgent, description, checklist progress, comments,
 * attachments, owners.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { attachmentCount, cardLabels, checklistProgress } from "../../model"
import type { Card } from "../../model/types"
import { describeDeadline, describeStart } from "../../model/time"
import { InlineEdit } from "../InlineEdit"
import { now } from "../clock"
import { extensions } from "../extensions"
import { textOn } from "../format"
import { CardExtensions } from "./CardExtensions"
import { useBoard, watchCard } from "./context"
import { Avatar } from "../Avatar"
import { cardHref } from "../time/clock"
import { isPhone } from "./phone"
import { CardCover } from "./card/attachments/CardCover"

/**
 * A card opens as a button, not a link. Chromium keeps metrics on every link put on a page
 * (its navigation predictor): it samples them with an intersection observer of its own, which
 * asks for an extra frame about 100 ms after each frame that changes layout. With hundreds of
 * cards on screen those frames came between keystrokes, and the next key waited for the frame
 * after them. On the 10,000-card board (bench ui, 2 runs of 3 rounds each, links → buttons):
 * moving p95 20.8, 19.8 → 16.6, 14.8 ms; typing 18.0, 18.6 → 18.0, 13.6 ms. Ctrl, ⌘ or Shift
 * and middle click still open the card in a new tab, and an open card's address is its link.
 */
export function CardTile(props: { cardId: string; index: number; listId: string }) {
  const ctx = useBoard()
  const openInNewTab = (cardId: string): void => {
    const href = `${location.pathname}${location.search}${cardHref(ctx.documentId, cardId)}`
    window.open(href, "_blank", "noopener")
  }
  const card = createMemo(() => watchCard(ctx.board, props.cardId))
  const [renaming, setRenaming] = createSignal(false)
  return (
    <Show when={card()} keyed>
      {(c) => (
        <li
          class="card"
          classList={{
            urgent: c.urgent,
            important: c.important,
            done: c.done,
            "with-cover": typeof c.coverImage === "string",
          }}
          data-card-id={props.cardId}
          data-index={props.index}
          data-list-id={props.listId}
        >
          {/* The cover spans the whole tile; a click on it opens the card as the title does. */}
          <Show when={c.coverImage}>
            <CardCover card={c} onClick={() => ctx.openCard(props.cardId)} />
          </Show>
          <Show
            when={renaming()}
            fallback={
              <>
                <button
                  type="button"
                  class="card-open"
                  data-card-focus
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey) openInNewTab(props.cardId)
                    else ctx.openCard(props.cardId)
                  }}
                  onAuxClick={(e) => {
                    if (e.button === 1) openInNewTab(props.cardId)
                  }}
                >
                  <CardLabels card={c} />
                  <span class="card-title">{c.title}</span>
                  <CardBadges card={c} />
                </button>
                <button
                  type="button"
                  class="card-rename icon-button"
                  aria-label={`Rename card ${c.title}`}
                  disabled={!ctx.session.may("setCardTitle")}
                  onClick={() => setRenaming(true)}
                >
                  ✎
                </button>
                <Show when={isPhone()}>
                  <button
                    type="button"
                    class="card-move icon-button"
                    aria-label={`Move card ${c.title}…`}
                    title="Move to…"
                    disabled={!ctx.session.may("moveCard")}
                    onClick={() => ctx.moveDialog(props.cardId)}
                  >
                    <svg class="icon" aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
                      <path
                        fill="currentColor"
                        d="M11 1l4 4-4 4V6H5V4h6V1zM5 7v3h6v2H5v3l-4-4 4-4z"
                      />
                    </svg>
                  </button>
                </Show>
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
            <span
              class="label-chip"
              title={l.name}
              style={{ background: l.color, color: textOn(l.color) }}
            >
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

/** The start badge: "Starts · Mon 23 Nov" (a timed start in the viewer's zone). */
export function StartBadge(props: { card: Card }) {
  const ctx = useBoard()
  const text = createMemo(() => describeStart(props.card.start, ctx.viewerZone(), now()))
  return (
    <Show when={text()}>
      {(t) => (
        <span class="badge plain start-badge">
          <span aria-hidden="true">▷</span>
          <span>Starts · {t()}</span>
        </span>
      )}
    </Show>
  )
}

/**
 * The badges under a card's title. Each says what it means to a screen reader as an image
 * with a label ("Checklist 1 of 3", "2 comments"), part of the card button's name, rather
 * than with visually hidden text: that text is absolutely positioned, which gave every card
 * a layer of its own, and the browser's hit tests walk them all (see `.card` in styles.css).
 */
function CardBadges(props: { card: Card }) {
  const ctx = useBoard()
  const checklist = createMemo(() => checklistProgress(props.card))
  const comments = createMemo(() => Object.keys(props.card.comments).length)
  const files = createMemo(() => attachmentCount(props.card))
  const owners = createMemo(() =>
    Object.keys(props.card.owners)
      .map((id) => ctx.board.members[id])
      .filter((m) => m !== undefined),
  )
  return (
    <span class="card-badges" id={`card-badges-${props.card.id}`}>
      <Show when={props.card.template === true}>
        <span class="badge plain template-badge">Template</span>
      </Show>
      <Show when={props.card.urgent}>
        <span class="badge urgent-badge">Urgent</span>
      </Show>
      <Show when={props.card.important}>
        <span class="badge important-badge">Important</span>
      </Show>
      <Show when={props.card.done && props.card.deadline === null}>
        <span class="badge deadline deadline-done">✓ Done</span>
      </Show>
      <Show when={(props.card.start ?? null) !== null}>
        <StartBadge card={props.card} />
      </Show>
      <Show when={!extensions.deadlineBadgeReplaced}>
        <DeadlineBadge card={props.card} />
      </Show>
      <Show when={props.card.description.trim() !== ""}>
        <span
          class="badge plain"
          role="img"
          aria-label="Has a description"
          title="Has a description"
        >
          ≡
        </span>
      </Show>
      <Show when={checklist().total > 0}>
        <span
          class="badge plain"
          classList={{ complete: checklist().done === checklist().total }}
          role="img"
          aria-label={`Checklist ${checklist().done} of ${checklist().total}`}
        >
          ☑ {checklist().done}/{checklist().total}
        </span>
      </Show>
      <Show when={comments() > 0}>
        <span
          class="badge plain"
          role="img"
          aria-label={`${comments()} comment${comments() === 1 ? "" : "s"}`}
        >
          <svg class="icon" aria-hidden="true" viewBox="0 0 16 16" width="13" height="13">
            <path
              fill="currentColor"
              d="M2 2h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H7l-3.5 3v-3H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z"
            />
          </svg>
          {comments()}
        </span>
      </Show>
      <Show when={files() > 0}>
        <span
          class="badge plain"
          role="img"
          aria-label={`${files()} attachment${files() === 1 ? "" : "s"}`}
        >
          <svg class="icon" aria-hidden="true" viewBox="0 0 16 16" width="13" height="13">
            <path
              fill="none"
              stroke="currentColor"
              stroke-width="1.5"
              stroke-linecap="round"
              d="M10.5 4.5 5.2 9.8a1.6 1.6 0 0 0 2.3 2.3l5.6-5.6a3 3 0 0 0-4.3-4.3L3.2 7.8a4.4 4.4 0 0 0 6.2 6.2l4.1-4.1"
            />
          </svg>
          {files()}
        </span>
      </Show>
      <CardExtensions parts={extensions.cardBadges} card={props.card} />
      <Show when={owners().length > 0}>
        <span
          class="owners"
          role="img"
          aria-label={`Owners: ${owners()
            .map((m) => m?.name)
            .join(", ")}`}
        >
          <For each={owners()}>
            {(m) => <Avatar name={m?.name ?? "?"} color={m?.color ?? "#57606a"} title={m?.name} />}
          </For>
        </span>
      </Show>
    </span>
  )
}
