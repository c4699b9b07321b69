/**
 * The board's own settings, for everyone on it: its labels (rename, recolour, delete), how
 * soon a reply to a mention is expected, in the asked person's working hours, and whether it
 * is a template board (offered first on the home page's "New board from a template").
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { liveLabels } from "../../model"
import type { Label } from "../../model/types"
import { Dialog } from "../Dialog"
import { InlineEdit } from "../InlineEdit"
import { textOn } from "../format"
import { announce } from "../notices"
import { LABEL_COLORS } from "./card/labelColors"
import { useBoard } from "./context"
import { CalendarFeedSection } from "../export/CalendarFeedSection"
import { MembersSection } from "./MembersSection"

export function BoardSettingsDialog(props: { onClose: () => void }) {
  const ctx = useBoard()
  const labels = createMemo(() => liveLabels(ctx.board))
  return (
    <Dialog title="Board settings" onClose={props.onClose} class="board-settings">
      <section aria-labelledby="board-labels-title">
        <h3 id="board-labels-title">Labels</h3>
        <Show
          when={labels().length > 0}
          fallback={<p class="muted">No labels yet: add them from a card.</p>}
        >
          <ul class="label-admin">
            <For each={labels()}>{(l) => <LabelRow label={l} />}</For>
          </ul>
        </Show>
      </section>
      <MembersSection />
      <ReplyTime />
      <section aria-labelledby="board-template-title">
        <h3 id="board-template-title">Template</h3>
        <label class="check">
          <input
            type="checkbox"
            checked={ctx.board.template === true}
            disabled={!ctx.session.may("setBoardTemplate")}
            onChange={(e) => ctx.act("setBoardTemplate", e.currentTarget.checked)}
          />
          This board is a template
        </label>
        <p class="muted">
          A new board made from it on the home page gets its lists, labels and template cards.
        </p>
      </section>
      <CalendarFeedSection />
    </Dialog>
  )
}

function LabelRow(props: { label: Label }) {
  const ctx = useBoard()
  const [confirming, setConfirming] = createSignal(false)
  const id = props.label.id
  // A colour set elsewhere (another version, an import) stays choosable.
  const colors = createMemo(() =>
    LABEL_COLORS.some((c) => c.value === props.label.color)
      ? LABEL_COLORS
      : [{ name: props.label.color, value: props.label.color }, ...LABEL_COLORS],
  )
  return (
    <li class="label-admin-row">
      <span
        class="label-chip"
        style={{ background: props.label.color, color: textOn(props.label.color) }}
        aria-hidden="true"
      >
        {props.label.name}
      </span>
      <InlineEdit
        label={`Name of label ${props.label.name}`}
        value={props.label.name}
        onSave={(n) => ctx.act("renameLabel", id, n)}
      />
      <select
        aria-label={`Colour of label ${props.label.name}`}
        value={props.label.color}
        onChange={(e) => ctx.act("recolorLabel", id, e.currentTarget.value)}
      >
        <For each={colors()}>{(c) => <option value={c.value}>{c.name}</option>}</For>
      </select>
      <Show
        when={confirming()}
        fallback={
          <button
            type="button"
            class="button subtle"
            aria-label={`Delete label ${props.label.name}…`}
            onClick={() => setConfirming(true)}
          >
            Delete…
          </button>
        }
      >
        <span class="confirm-box" role="group" aria-label={`Confirm deleting ${props.label.name}`}>
          <span>Remove “{props.label.name}” from every card?</span>
          <button
            type="button"
            class="button danger"
            onClick={() => {
              const name = props.label.name
              if (ctx.act("deleteLabel", id)) announce(`Label ${name} deleted`)
            }}
          >
            Delete label
          </button>
          <button type="button" class="button subtle" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </span>
      </Show>
    </li>
  )
}

function ReplyTime() {
  const ctx = useBoard()
  const current = (): number => ctx.board.settings.replyWithinWorkingHours
  const [value, setValue] = createSignal(String(current()))
  return (
    <section aria-labelledby="board-reply-title">
      <h3 id="board-reply-title">Replies</h3>
      <form
        class="deadline-form"
        onSubmit={(e) => {
          e.preventDefault()
          const n = Number(value())
          if (ctx.act("updateSettings", { replyWithinWorkingHours: n }))
            announce(`Replies are now expected within ${n} working hours`)
        }}
      >
        <label for="board-reply-hours">
          A reply to a mention is expected within (working hours of the person asked)
        </label>
        <input
          id="board-reply-hours"
          type="number"
          min="1"
          max="10000"
          step="any"
          required
          value={value()}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" class="button">
          Save
        </button>
      </form>
      <p class="muted">Now: {current()} working hours.</p>
    </section>
  )
}
