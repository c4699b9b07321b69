/** The card dialog's one deadline section: what it is (with what extensions add, e.g. each owner's time) and its editor. */
import { For, Show, createSignal } from "solid-js"
import { DateTime } from "luxon"
import { deadlineFromFields } from "../../../model/time/entry"
import { extensions } from "../../extensions"
import { announce, notify } from "../../notices"
import { isTimeZone, timeZones } from "../ProfilePicker"
import { DeadlineBadge } from "../CardTile"
import { CardExtensions } from "../CardExtensions"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function DeadlineSection(props: { card: Card }) {
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
      <CardExtensions parts={extensions.cardDeadlineDetails} card={props.card} />
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
