/**
 * On a card tile: the deadline in the viewer's time with a relative form, the owners' own
 * times when they are elsewhere, and replies awaited on the card (overdue ones stand out).
 */
import { For, Show, createMemo } from "solid-js"
import { describeDeadline } from "../../model/time"
import { replyStatuses } from "../../model/replies"
import type { CardContextProps } from "../extensions"
import { useNow, viewerZone } from "./clock"
import "./time.css"

export function DeadlineBadge(props: CardContextProps) {
  const now = useNow()
  const shown = createMemo(() =>
    describeDeadline(
      props.card,
      props.board.members,
      viewerZone(props.board, props.memberId),
      now(),
    ),
  )
  return (
    <Show when={shown()}>
      {(d) => (
        <span
          class="time-deadline"
          classList={{ "is-overdue": d().overdue, "is-soon": d().dueSoon }}
          title={[d().local, ...d().elsewhere].join(" · ")}
        >
          <span class="time-deadline-main">
            {d().overdue ? "Overdue · " : d().dueSoon ? "Due soon · " : "Due "}
            {d().local} <span class="time-rel">({d().relative})</span>
          </span>
          <For each={d().elsewhere}>{(e) => <span class="time-elsewhere">{e}</span>}</For>
        </span>
      )}
    </Show>
  )
}

export function ReplyBadge(props: CardContextProps) {
  const now = useNow()
  const waits = createMemo(() => replyStatuses(props.card, props.board, now()))
  const name = (id: string): string => props.board.members[id]?.name ?? "someone"
  return (
    <For each={waits()}>
      {(w) => (
        <span class="time-reply" classList={{ "is-overdue": w.overdue }}>
          {w.overdue ? "Reply overdue: " : "Awaiting reply: "}
          {name(w.memberId)}
        </span>
      )}
    </For>
  )
}

/** Both badges, for `addCardBadge`. */
export function CardTimeBadges(props: CardContextProps) {
  return (
    <>
      <DeadlineBadge {...props} />
      <ReplyBadge {...props} />
    </>
  )
}
