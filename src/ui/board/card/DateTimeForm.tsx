/**
 * The date, optional time and time zone editor that a card's deadline and its start share:
 * the same fields, the same DST-gap rule (`deadlineFromFields` says what it saved), Save and
 * Remove. The section around it says what the value means.
 */
import { For, Show, createSignal } from "solid-js"
import { DateTime } from "luxon"
import { deadlineFromFields } from "../../../model/time/entry"
import type { Deadline } from "../../../model/types"
import { announce, notify } from "../../notices"
import { isTimeZone, timeZones } from "../ProfilePicker"
import { useBoard } from "../context"

export interface DateTimeFormText {
  date: string
  time: string
  zone: string
  save: string
  remove: string
  saved: string
  removed: string
}

export function DateTimeForm(props: {
  /** Unique per form on the page (field ids). */
  idPrefix: string
  value: Deadline | null
  text: DateTimeFormText
  /** Saves the value; false when it was refused (the refusal is already shown). */
  onSave: (value: Deadline) => boolean
  onRemove: () => boolean
}) {
  const ctx = useBoard()
  const v = props.value
  const initial =
    v === null
      ? { date: "", time: "", zone: ctx.viewerZone() }
      : v.kind === "date"
        ? { date: v.date, time: "", zone: ctx.viewerZone() }
        : (() => {
            const dt = DateTime.fromISO(v.at, { zone: isTimeZone(v.zone) ? v.zone : "UTC" })
            return { date: dt.toISODate() ?? "", time: dt.toFormat("HH:mm"), zone: v.zone }
          })()
  const [date, setDate] = createSignal(initial.date)
  const [time, setTime] = createSignal(initial.time)
  const [zone, setZone] = createSignal(initial.zone)
  const [error, setError] = createSignal<string | null>(null)
  const id = (part: string): string => `${props.idPrefix}-${part}`
  return (
    <form
      class="deadline-form"
      onSubmit={(e) => {
        e.preventDefault()
        const result = deadlineFromFields(date(), time(), zone())
        if ("error" in result) return setError(result.error)
        setError(null)
        if (!props.onSave(result.deadline)) return
        if (result.note) notify(result.note)
        else announce(props.text.saved)
      }}
    >
      <label for={id("date")}>{props.text.date}</label>
      <input
        id={id("date")}
        type="date"
        value={date()}
        onInput={(e) => setDate(e.currentTarget.value)}
      />
      <label for={id("time")}>{props.text.time}</label>
      <input
        id={id("time")}
        type="time"
        value={time()}
        onInput={(e) => setTime(e.currentTarget.value)}
      />
      <Show when={time() !== ""}>
        <label for={id("zone")}>{props.text.zone}</label>
        <input
          id={id("zone")}
          list={id("zones")}
          value={zone()}
          onInput={(e) => setZone(e.currentTarget.value)}
        />
        <datalist id={id("zones")}>
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
          {props.text.save}
        </button>
        <Show when={props.value !== null}>
          <button
            type="button"
            class="button subtle"
            onClick={() => {
              if (props.onRemove()) {
                setDate("")
                setTime("")
                announce(props.text.removed)
              }
            }}
          >
            {props.text.remove}
          </button>
        </Show>
      </div>
    </form>
  )
}
