/** The card dialog's start date section: when work on the card starts, and its editor. */
import { For, Show, createSignal } from "solid-js"
import { DateTime } from "luxon"
import { deadlineFromFields } from "../../../model/time/entry"
import { announce, notify } from "../../notices"
import { isTimeZone, timeZones } from "../ProfilePicker"
import { StartBadge } from "../CardTile"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"

export function StartSection(props: { card: Card }) {
  const ctx = useBoard()
  const s = props.card.start ?? null
  const initial =
    s === null
      ? { date: "", time: "", zone: ctx.viewerZone() }
      : s.kind === "date"
        ? { date: s.date, time: "", zone: ctx.viewerZone() }
        : (() => {
            const dt = DateTime.fromISO(s.at, { zone: isTimeZone(s.zone) ? s.zone : "UTC" })
            return { date: dt.toISODate() ?? "", time: dt.toFormat("HH:mm"), zone: s.zone }
          })()
  const [date, setDate] = createSignal(initial.date)
  const [time, setTime] = createSignal(initial.time)
  const [zone, setZone] = createSignal(initial.zone)
  const [error, setError] = createSignal<string | null>(null)
  const id = props.card.id
  return (
    <>
      <h3 id={`start-${id}`}>Start</h3>
      <StartBadge card={props.card} />
      <form
        class="deadline-form"
        onSubmit={(e) => {
          e.preventDefault()
          const result = deadlineFromFields(date(), time(), zone())
          if ("error" in result) return setError(result.error)
          setError(null)
          if (!ctx.act("setStart", id, result.deadline)) return
          if (result.note) notify(result.note)
          else announce("Start date saved")
        }}
      >
        <label for={`st-date-${id}`}>Starts on</label>
        <input
          id={`st-date-${id}`}
          type="date"
          value={date()}
          onInput={(e) => setDate(e.currentTarget.value)}
        />
        <label for={`st-time-${id}`}>Starting at (optional)</label>
        <input
          id={`st-time-${id}`}
          type="time"
          value={time()}
          onInput={(e) => setTime(e.currentTarget.value)}
        />
        <Show when={time() !== ""}>
          <label for={`st-zone-${id}`}>Zone of the start</label>
          <input
            id={`st-zone-${id}`}
            list={`st-zones-${id}`}
            value={zone()}
            onInput={(e) => setZone(e.currentTarget.value)}
          />
          <datalist id={`st-zones-${id}`}>
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
            Save start
          </button>
          <Show when={(props.card.start ?? null) !== null}>
            <button
              type="button"
              class="button subtle"
              onClick={() => {
                if (ctx.act("clearStart", id)) {
                  setDate("")
                  setTime("")
                  announce("Start date removed")
                }
              }}
            >
              Remove start
            </button>
          </Show>
        </div>
      </form>
    </>
  )
}
