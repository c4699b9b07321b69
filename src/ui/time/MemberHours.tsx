/**
 * A member's working hours as others see them (in the member's own time, with the viewer's
 * equivalent for the first span of today) and the best time to reach them: the next stretch
 * when both the viewer and the member work.
 */
import { For, Show, createMemo } from "solid-js"
import {
  describeDay,
  formatDateTime,
  formatTime,
  nextSharedTime,
  spansOfWeek,
  weekdayNames,
} from "../../model/time"
import type { WeekdayKey } from "../../model/time"
import type { Board, Member } from "../../model/types"
import { useNow, viewerZone } from "./clock"

export function MemberHours(props: { board: Board; member: Member; viewerId: string }) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.viewerId))
  const days = createMemo(() => {
    const spans = spansOfWeek(props.member.workingHours)
    const names = new Map(weekdayNames().map((d) => [String(d.weekday), d.name]))
    const order = weekdayNames().map((d) => String(d.weekday) as WeekdayKey)
    return order
      .filter((d) => spans[d].length > 0)
      .map((d) => `${names.get(d)} ${describeDay(spans[d])}`)
  })
  const best = createMemo(() => {
    const me = props.board.members[props.viewerId]
    if (!me || me.id === props.member.id) return null
    return nextSharedTime(me, props.member, now())
  })
  return (
    <div class="member-hours" data-member-hours={props.member.id}>
      <Show
        when={days().length > 0}
        fallback={<span class="time-muted">No working hours set</span>}
      >
        <ul class="time-list" aria-label={`${props.member.name}'s working hours, their time`}>
          <For each={days()}>{(d) => <li>{d}</li>}</For>
        </ul>
      </Show>
      <Show when={best()}>
        {(b) => (
          <p class="best-time">
            Best time to reach: {formatDateTime(b().start, zone(), now())}–
            {formatTime(b().end, zone())} your time
          </p>
        )}
      </Show>
      <Show when={best() === null && props.member.id !== props.viewerId}>
        <p class="best-time time-muted">No shared working time in the next two weeks.</p>
      </Show>
    </div>
  )
}
