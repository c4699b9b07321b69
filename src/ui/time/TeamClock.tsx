/**
 * Team clock: each member's local time now, whether they are inside their working hours,
 * their status, and today's overlap window (when most of the team works) in the viewer's zone.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import {
  awayUntilDate,
  cityOf,
  formatDate,
  formatTime,
  formatWeekdayTime,
  isAway,
  isWorkingAt,
  offsetAt,
  overlapDays,
} from "../../model/time"
import type { Member } from "../../model/types"
import { Dialog } from "../Dialog"
import type { BoardContextProps } from "../extensions"
import { useNow, viewerZone } from "./clock"
import { MyHours } from "./MyHours"
import { MemberHours } from "./MemberHours"
import { ReplyWindowSetting } from "./ReplyWindowSetting"
import type { TeamOverlap } from "../../model/time"
import "./time.css"

function offsetText(minutes: number): string {
  if (minutes === 0) return "same time"
  const sign = minutes > 0 ? "+" : "−"
  const a = Math.abs(minutes)
  const h = Math.floor(a / 60)
  const m = a % 60
  return `${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""} h`
}

function statusText(m: Member, now: number): string {
  if (isAway(m, now)) {
    const until = awayUntilDate(m)
    return until ? `Away until ${formatDate(Date.parse(`${until}T12:00:00Z`), "UTC", now)}` : "Away"
  }
  if (m.status?.kind === "focusing") return "Focusing"
  return ""
}

export function TeamClockPanel(props: BoardContextProps) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  const members = createMemo(() =>
    Object.values(props.board.members).sort(
      (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
    ),
  )
  const days = createMemo(() => overlapDays(props.board.members, zone(), now(), 7))
  const overlap = () => days()[0]!
  const ahead = createMemo(() =>
    days()
      .slice(1)
      .filter((d) => d.windows.length > 0),
  )
  const names = (ids: readonly string[]): string =>
    ids.map((id) => props.board.members[id]?.name ?? id).join(", ")
  const range = (w: { start: number; end: number }): string =>
    `${formatTime(w.start, zone())}–${formatTime(w.end, zone())}`
  return (
    <div class="team-clock">
      <table class="time-table">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Local time</th>
            <th scope="col">Now</th>
            <th scope="col">Difference</th>
            <th scope="col">Working hours and best time to reach</th>
          </tr>
        </thead>
        <tbody>
          <For each={members()}>
            {(m) => {
              const working = (): boolean => isWorkingAt(m, now()) && !isAway(m, now())
              return (
                <tr data-member={m.id}>
                  <th scope="row">
                    {m.name} <span class="time-muted">({cityOf(m.timeZone)})</span>
                  </th>
                  <td>{formatWeekdayTime(now(), m.timeZone)}</td>
                  <td>
                    <span classList={{ "time-working": working() }}>
                      {working() ? "Working" : "Off hours"}
                    </span>{" "}
                    <span class="time-muted">{statusText(m, now())}</span>
                  </td>
                  <td>{offsetText(offsetAt(m.timeZone, now()) - offsetAt(zone(), now()))}</td>
                  <td>
                    <MemberHours board={props.board} member={m} viewerId={props.memberId} />
                  </td>
                </tr>
              )
            }}
          </For>
        </tbody>
      </table>
      <h3>Today's overlap ({formatDate(overlap().dayStart, zone(), now())}, your time)</h3>
      <Show
        when={overlap().windows.length > 0}
        fallback={
          <p class="team-overlap">
            No time today when most of the team ({overlap().threshold} of {overlap().teamSize})
            works.
            <Show when={overlap().best.length > 0}>
              {" "}
              Most at once:{" "}
              <For each={overlap().best}>
                {(w) => (
                  <span>
                    {range(w)} ({names(w.memberIds)}){" "}
                  </span>
                )}
              </For>
            </Show>
          </p>
        }
      >
        <ul class="time-list team-overlap">
          <For each={overlap().windows}>
            {(w) => (
              <li>
                <strong>{range(w)}</strong> — {names(w.memberIds)}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ComingOverlaps days={ahead()} zone={zone()} now={now()} />
    </div>
  )
}

/** Coming days with an overlap (the team clock showed only today). */
function ComingOverlaps(props: { days: TeamOverlap[]; zone: string; now: number }) {
  return (
    <Show when={props.days.length > 0}>
      <h3>Coming days</h3>
      <ul class="time-list team-overlap-ahead">
        <For each={props.days}>
          {(d) => (
            <li>
              {formatDate(d.dayStart, props.zone, props.now)}:{" "}
              {d.windows
                .map((w) => `${formatTime(w.start, props.zone)}–${formatTime(w.end, props.zone)}`)
                .join(", ")}
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

/** Toolbar button opening the team clock. */
export function TeamClockButton(props: BoardContextProps) {
  const [open, setOpen] = createSignal(false)
  return (
    <>
      <button type="button" class="button subtle" onClick={() => setOpen(true)}>
        Team clock
      </button>
      <Show when={open()}>
        <Dialog title="Team clock" class="time-dialog" onClose={() => setOpen(false)}>
          <TeamClockPanel {...props} />
          <MyHours {...props} />
          <ReplyWindowSetting {...props} />
        </Dialog>
      </Show>
    </>
  )
}
