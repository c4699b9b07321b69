/**
 * The card dialog, addressed by `#/b/<board>/c/<card>`: the title, and the sections registered
 * with `addCardSection` (this folder's own in `sections.ts`: description, checklist, comments,
 * status, owners, deadline, labels, actions), then those other parts of Baton add.
 */
import { For, Show, createMemo, onMount } from "solid-js"
import { getList } from "../../../model"
import type { Card } from "../../../model/types"
import { Dialog } from "../../Dialog"
import { InlineEdit } from "../../InlineEdit"
import { extensions } from "../../extensions"
import type { CardSection } from "../../extensions"
import { CardExtensions } from "../CardExtensions"
import { useBoard, watchCard } from "../context"
import { registerCardSections } from "./sections"

registerCardSections()

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
  // Two people renamed the card at once: one title is kept everywhere, the other is offered.
  const otherTitle = createMemo(() => {
    void props.card.title
    void ctx.session.live()
    return ctx.session.titleConflict(id)
  })
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
  const column = (which: CardSection["column"]): CardSection[] =>
    extensions.cardSections.filter((s) => s.column === which)
  const Sections = (p: { in: CardSection["column"] }) => (
    <For each={column(p.in)}>
      {(s) => (
        <section
          class="card-section"
          aria-labelledby={"prefix" in s.heading ? `${s.heading.prefix}-${id}` : undefined}
          aria-label={"label" in s.heading ? s.heading.label : undefined}
          ref={(el) => (sectionEl[s.id] = el)}
        >
          {/* A role that may not change it sees it with every control disabled. */}
          <fieldset
            class="readonly-fieldset"
            disabled={s.ownRoles !== true && !ctx.session.may("setCardDescription")}
          >
            <s.component card={props.card} onClose={props.onClose} />
          </fieldset>
        </section>
      )}
    </For>
  )
  return (
    <Dialog
      title={props.card.title}
      heading={
        <InlineEdit
          label="Card title"
          class="card-dialog-title"
          live
          readOnly={!ctx.session.may("setCardTitle")}
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
      <Show when={otherTitle()}>
        {(other) => (
          <p class="title-conflict" role="status">
            Also renamed to <strong>“{other().title}”</strong> by{" "}
            {ctx.board.members[other().memberId ?? ""]?.name ?? "a teammate"}.{" "}
            <button
              type="button"
              class="button"
              onClick={() => ctx.act("setCardTitle", id, other().title)}
            >
              Use this title
            </button>
          </p>
        )}
      </Show>
      <div class="card-dialog-grid">
        <div class="card-dialog-main">
          <Sections in="main" />
          <fieldset class="readonly-fieldset" disabled={!ctx.session.may("setCardDescription")}>
            <CardExtensions parts={extensions.cardDialogSections} card={props.card} />
          </fieldset>
        </div>
        <div class="card-dialog-side">
          <Sections in="side" />
        </div>
      </div>
    </Dialog>
  )
}
