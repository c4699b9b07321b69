/**
 * Inside the card dialog's Deadline section: the deadline in the viewer's time (with how long
 * until it) and in each owner's.
 */
import { For, Show, createMemo } from "solid-js"
import { describeDeadline, formatForPerson, resolveDeadline } from "../../model/time"
import type { CardContextProps } from "../extensions"
import { useNow, viewerZone } from "./clock"
import "./time.css"

export function CardDeadlineTimes(props: CardContextProps) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  const deadline = createMemo(() =>
    describeDeadline(props.card, props.board.members, zone(), now()),
  )
  const ownerTimes = createMemo(() => {
    const r = resolveDeadline(props.card, props.board.members)
    if (!r) return []
    return Object.keys(props.card.owners)
      .map((id) => props.board.members[id])
      .filter((m) => m !== undefined)
      .map((m) => formatForPerson(r.at, m.name, m.timeZone, { now: now() }))
  })
  return (
    <Show when={deadline()}>
      {(d) => (
        <div class="card-time-deadline">
          <p>
            <span
              class="time-deadline"
              classList={{ "is-overdue": d().overdue, "is-soon": d().dueSoon }}
            >
              {d().local} ({d().relative}) your time
            </span>
          </p>
          <Show when={ownerTimes().length > 0}>
            <ul class="time-list">
              <For each={ownerTimes()}>{(t) => <li>{t}</li>}</For>
            </ul>
          </Show>
        </div>
      )}
    </Show>
  )
}
