/** The card dialog's one deadline section: what it is (with what extensions add, e.g. each owner's time) and its editor. */
import { For, Show, createSignal } from "solid-js"
import { DateTime } from "luxon"
import type { Deadline } from "../../../model/types"
import { extensions } from "../../extensions"
import { announce } from "../../notices"
import { isTimeZone, timeZones } from "../ProfilePicker"
import { DeadlineBadge } from "../CardTile"
import { CardExtensions } from "../CardExtensions"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

/** Converts the picker's fields to a deadline: a date, or an instant in the chosen zone. */
export function deadlineFromFields(date: string, time: string, zone: string): Deadline | string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "Pick a date."
  if (time === "") return { kind: "date", date }
  if (!isTimeZone(zone)) return "Pick a known time zone, e.g. Europe/Paris."
  const dt = DateTime.fromISO(`${date}T${time}`, { zone })
  if (!dt.isValid) return "That date and time do not exist in this zone."
  return { kind: "instant", at: dt.toUTC().toISO() ?? "", zone }
}

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
          if (typeof result === "string") return setError(result)
          setError(null)
          if (ctx.act("setDeadline", id, result)) announce("Deadline saved")
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
