/**
 * Editing my own working hours (per weekday, in my zone) and status (available, focusing,
 * away until a date). Saved with `updateMember` as one change; hours and status are each
 * replaced as a whole, so a concurrent edit on another device never mixes two weeks.
 */
import { For, Show, createSignal } from "solid-js"
import { updateMember } from "../../model/board"
import { instantOfWall, parseDate, toIso } from "../../model/time"
import type { DayHours, MemberStatus, WeekHours } from "../../model/types"
import { actOn } from "./act"
import type { BoardContextProps } from "../extensions"
import { announce } from "../notices"

const DAYS: Array<[keyof WeekHours, string]> = [
  ["1", "Monday"],
  ["2", "Tuesday"],
  ["3", "Wednesday"],
  ["4", "Thursday"],
  ["5", "Friday"],
  ["6", "Saturday"],
  ["7", "Sunday"],
]

function toTime(minutes: number): string {
  const m = Math.min(1439, Math.max(0, minutes))
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`
}

function fromTime(v: string, end: boolean): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(v)
  if (!m) return null
  const minutes = Number(m[1]) * 60 + Number(m[2])
  // "00:00" as an end means midnight at the end of the day.
  return end && minutes === 0 ? 1440 : minutes
}

export function MyHours(props: BoardContextProps) {
  const me = () => props.board.members[props.memberId]
  const act = actOn(props.handle, () => props.memberId)
  const initial = (): Record<string, DayHours | null> => {
    const w = me()?.workingHours
    const out: Record<string, DayHours | null> = {}
    for (const [d] of DAYS) {
      const h = w?.[d]
      out[d] = h ? { start: h.start, end: h.end } : null
    }
    return out
  }
  const [week, setWeek] = createSignal(initial())
  const [error, setError] = createSignal<string | null>(null)
  const status = (): MemberStatus => me()?.status ?? { kind: "available" }
  const [statusKind, setStatusKind] = createSignal<MemberStatus["kind"]>(status().kind)
  const [awayUntil, setAwayUntil] = createSignal(
    (() => {
      const s = status()
      return s.kind === "away" && s.until ? s.until.slice(0, 10) : ""
    })(),
  )
  const setDay = (d: string, h: DayHours | null): void => {
    setWeek((w) => ({ ...w, [d]: h }))
  }
  const save = (e: Event): void => {
    e.preventDefault()
    for (const [d, name] of DAYS) {
      const h = week()[d]
      if (h && !(h.start < h.end)) {
        setError(`${name}: the day must start before it ends.`)
        return
      }
    }
    let next: MemberStatus
    if (statusKind() === "away") {
      const day = awayUntil() === "" ? null : parseDate(awayUntil())
      // Away until the start of that day in my zone; no date: until further notice.
      next = {
        kind: "away",
        until: day === null ? null : toIso(instantOfWall(me()?.timeZone ?? "UTC", day)),
      }
    } else next = { kind: statusKind() as "available" | "focusing" }
    setError(null)
    const workingHours = week() as WeekHours
    if (
      act("updateMember", (doc) =>
        updateMember(doc, props.memberId, { workingHours, status: next }),
      )
    )
      announce("Working hours and status saved")
  }
  return (
    <Show when={me()}>
      <form class="my-hours" onSubmit={save} aria-labelledby="my-hours-title">
        <h3 id="my-hours-title">My working hours ({me()!.timeZone})</h3>
        <table class="time-table">
          <tbody>
            <For each={DAYS}>
              {([d, name]) => (
                <tr>
                  <th scope="row">{name}</th>
                  <td>
                    <label>
                      <input
                        type="checkbox"
                        checked={week()[d] !== null}
                        onChange={(e) =>
                          setDay(d, e.currentTarget.checked ? { start: 540, end: 1020 } : null)
                        }
                      />{" "}
                      Working
                    </label>
                  </td>
                  <td>
                    <Show when={week()[d]}>
                      {(h) => (
                        <>
                          <input
                            type="time"
                            aria-label={`${name} start`}
                            value={toTime(h().start)}
                            onChange={(e) => {
                              const v = fromTime(e.currentTarget.value, false)
                              if (v !== null) setDay(d, { start: v, end: h().end })
                            }}
                          />
                          {" – "}
                          <input
                            type="time"
                            aria-label={`${name} end`}
                            value={toTime(h().end === 1440 ? 0 : h().end)}
                            onChange={(e) => {
                              const v = fromTime(e.currentTarget.value, true)
                              if (v !== null) setDay(d, { start: h().start, end: v })
                            }}
                          />
                        </>
                      )}
                    </Show>
                  </td>
                </tr>
              )}
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
