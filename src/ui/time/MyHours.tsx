/**
 * Editing my own working hours (spans per weekday, in my zone: an end before its start runs
 * into the next day, several spans make a split day) and status (available, focusing, away
 * until a date). Saved with `updateMember` as one change; hours and status are each replaced
 * as a whole, so a concurrent edit on another device never mixes two weeks.
 */
import { For, Show, createSignal } from "solid-js"
import {
  WEEKDAY_KEYS,
  awayStatus,
  awayUntilDate,
  clockOf,
  spanOf,
  spansOfWeek,
  weekFromSpans,
} from "../../model/time"
import type { Span, WeekdayKey } from "../../model/time"
import type { MemberStatus } from "../../model/types"
import type { BoardContextProps } from "../extensions"
import { announce } from "../notices"

const DAY_NAMES: Record<WeekdayKey, string> = {
  "1": "Monday",
  "2": "Tuesday",
  "3": "Wednesday",
  "4": "Thursday",
  "5": "Friday",
  "6": "Saturday",
  "7": "Sunday",
}

/** A span as the form holds it: clock texts, so a half-typed time is not lost. */
interface SpanText {
  start: string
  end: string
}

function textOf(s: Span): SpanText {
  return { start: clockOf(s.start), end: clockOf(s.end) }
}

export function MyHours(props: BoardContextProps) {
  const me = () => props.board.members[props.memberId]
  const initial = (): Record<WeekdayKey, SpanText[]> => {
    const spans = spansOfWeek(me()?.workingHours)
    const out = {} as Record<WeekdayKey, SpanText[]>
    for (const d of WEEKDAY_KEYS) out[d] = spans[d].map(textOf)
    return out
  }
  const [week, setWeek] = createSignal(initial())
  const [error, setError] = createSignal<string | null>(null)
  const status = (): MemberStatus => me()?.status ?? { kind: "available" }
  const [statusKind, setStatusKind] = createSignal<MemberStatus["kind"]>(status().kind)
  const [awayUntil, setAwayUntil] = createSignal(
    (() => {
      const m = me()
      return m ? awayUntilDate(m) : ""
    })(),
  )
  const setDay = (d: WeekdayKey, spans: SpanText[]): void => {
    setWeek((w) => ({ ...w, [d]: spans }))
  }
  const save = (e: Event): void => {
    e.preventDefault()
    const spans = {} as Record<WeekdayKey, Span[]>
    for (const d of WEEKDAY_KEYS) {
      spans[d] = []
      for (const t of week()[d]) {
        const s = spanOf(t.start, t.end)
        if (s === null) {
          setError(`${DAY_NAMES[d]}: give each span a start and an end.`)
          return
        }
        spans[d].push(s)
      }
    }
    const workingHours = weekFromSpans(spans, DAY_NAMES)
    if (typeof workingHours === "string") {
      setError(workingHours)
      return
    }
    let next: MemberStatus
    if (statusKind() === "away") {
      const s = awayStatus(
        me()?.timeZone ?? "UTC",
        awayUntil(),
        new Date().toISOString(),
        me()?.status,
      )
      if (typeof s === "string") {
        setError(s)
        return
      }
      next = s
    } else next = { kind: statusKind() as "available" | "focusing" }
    setError(null)
    if (props.session.act("updateMember", props.memberId, { workingHours, status: next }))
      announce("Working hours and status saved")
  }
  return (
    <Show when={me()}>
      <form class="my-hours" onSubmit={save} aria-labelledby="my-hours-title">
        <h3 id="my-hours-title">My working hours ({me()!.timeZone})</h3>
        <p class="time-muted">
          An end before the start runs into the next day (a night shift). Add hours for a split day.
        </p>
        <table class="time-table">
          <tbody>
            <For each={WEEKDAY_KEYS}>
              {(d) => {
                const name = DAY_NAMES[d]
                const spans = (): SpanText[] => week()[d]
                return (
                  <tr>
                    <th scope="row">{name}</th>
                    <td>
                      <label>
                        <input
                          type="checkbox"
                          checked={spans().length > 0}
                          onChange={(e) =>
                            setDay(
                              d,
                              e.currentTarget.checked ? [{ start: "09:00", end: "17:00" }] : [],
                            )
                          }
                        />{" "}
                        Working
                      </label>
                    </td>
                    <td>
                      <For each={spans()}>
                        {(span, i) => {
                          const label = (): string => (i() === 0 ? name : `${name} (${i() + 1})`)
                          const update = (patch: Partial<SpanText>): void =>
                            setDay(
                              d,
                              spans().map((x, j) => (j === i() ? { ...x, ...patch } : x)),
                            )
                          return (
                            <div class="hours-span">
                              <input
                                type="time"
                                aria-label={`${label()} start`}
                                value={span.start}
                                onChange={(e) => update({ start: e.currentTarget.value })}
                              />
                              {" – "}
                              <input
                                type="time"
                                aria-label={`${label()} end`}
                                value={span.end}
                                onChange={(e) => update({ end: e.currentTarget.value })}
                              />
                              <Show when={span.end !== "" && span.end <= span.start}>
                                <span class="time-muted"> next day</span>
                              </Show>
                              <Show when={i() > 0}>
                                <button
                                  type="button"
                                  class="button subtle"
                                  aria-label={`Remove ${label()}`}
                                  onClick={() =>
                                    setDay(
                                      d,
                                      spans().filter((_, j) => j !== i()),
                                    )
                                  }
                                >
                                  ×
                                </button>
                              </Show>
                            </div>
                          )
                        }}
                      </For>
                      <Show when={spans().length > 0}>
                        <button
                          type="button"
                          class="button subtle"
                          aria-label={`Add hours on ${name}`}
                          onClick={() => setDay(d, [...spans(), { start: "", end: "" }])}
                        >
                          + hours
                        </button>
                      </Show>
                    </td>
                  </tr>
                )
              }}
            </For>
          </tbody>
        </table>
        <div class="time-actions">
          <label>
            Status{" "}
            <select
              value={statusKind()}
              onChange={(e) => setStatusKind(e.currentTarget.value as MemberStatus["kind"])}
            >
              <option value="available">Available</option>
              <option value="focusing">Focusing</option>
              <option value="away">Away</option>
            </select>
          </label>
          <Show when={statusKind() === "away"}>
            <label>
              until{" "}
              <input
                type="date"
                value={awayUntil()}
                onChange={(e) => setAwayUntil(e.currentTarget.value)}
              />
            </label>
          </Show>
          <button type="submit" class="button primary">
            Save my hours
          </button>
        </div>
        <Show when={error()}>
          {(msg) => (
            <p class="error" role="alert">
              {msg()}
            </p>
          )}
        </Show>
      </form>
    </Show>
  )
}
