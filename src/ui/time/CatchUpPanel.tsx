/**
 * "Since you were last here": what others changed on this board since this member last
 * marked it read on this device, grouped by card, each with who, when (in the viewer's time
 * and relative) and the old and new value where short. Each card opens from its title; it
 * can be marked read on its own, or everything at once.
 */
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js"
import { describeItem, groupByCard } from "../../model/catchup"
import type { CatchUpItem } from "../../model/catchup"
import { formatDateTime, relativeTime } from "../../model/time"
import { Dialog } from "../Dialog"
import type { BoardContextProps } from "../extensions"
import { boardActivity } from "./activity"
import { cardHref, useNow, viewerZone } from "./clock"
import "./time.css"

export function CatchUpPanel(props: BoardContextProps & { onOpenCard?: () => void }) {
  const activity = boardActivity(props.handle, props.documentId, props.memberId)
  onCleanup(() => activity.release())
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  const groups = createMemo(() => groupByCard(activity.catchUp().items))
  const who = (ids: ReadonlyArray<string | null>): string =>
    ids
      .map((id) => (id === null ? "Someone" : (props.board.members[id]?.name ?? "A former member")))
      .join(" and ")
  const names = {
    member: (id: string) => props.board.members[id]?.name ?? "a former member",
    list: (id: string) => props.board.lists[id]?.title ?? "another list",
    label: (id: string) => props.board.labels[id]?.name || "a label",
  }
  const line = (item: CatchUpItem): string =>
    `${who(item.by)} ${describeItem(item, activity.values(item), names, zone(), now())}`
  return (
    <div class="catch-up">
      <Show when={activity.catchUp().status === "unknown-heads"}>
        <p>
          This board's history does not contain what you saw last time (it may have been restored
          from a backup).
        </p>
      </Show>
      <Show
        when={groups().length > 0}
        fallback={<p class="time-muted">Nothing new from others since you were last here.</p>}
      >
        <ul class="catch-up-cards" aria-label="Changes since your last visit">
          <For each={groups()}>
            {(g) => (
              <li class="catch-up-card" data-card={g.cardId}>
                <div class="catch-up-card-head">
                  <a
                    href={cardHref(props.documentId, g.cardId)}
                    onClick={() => props.onOpenCard?.()}
                  >
                    “{g.title}”
                  </a>{" "}
                  <button
                    type="button"
                    class="button subtle small"
                    aria-label={`Mark read: “${g.title}”`}
                    onClick={() => activity.markCardRead(g.cardId)}
                  >
                    Mark read
                  </button>
                </div>
                <ul class="time-list">
                  <For each={g.items}>
                    {(item) => (
                      <li data-kind={item.kind}>
                        <span class="catch-up-what">{line(item)}</span>{" "}
                        <time class="time-muted" dateTime={new Date(item.at).toISOString()}>
                          {formatDateTime(item.at, zone(), now())} · {relativeTime(item.at, now())}
                        </time>
                      </li>
                    )}
                  </For>
                </ul>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="time-actions">
        <button type="button" class="button" onClick={() => activity.markAllRead()}>
          Mark all as read
        </button>
      </div>
    </div>
  )
}

/** Toolbar button with the number of unseen items. */
export function CatchUpButton(props: BoardContextProps) {
  const activity = boardActivity(props.handle, props.documentId, props.memberId)
  onCleanup(() => activity.release())
  const [open, setOpen] = createSignal(false)
  const count = (): number => activity.catchUp().items.length
  return (
    <>
      <button type="button" class="button subtle catch-up-button" onClick={() => setOpen(true)}>
        Since you were last here{" "}
        <span class="time-count">
          {count()}
          <span class="sr-only"> new</span>
        </span>
      </button>
      <Show when={open()}>
        <Dialog title="Since you were last here" class="time-dialog" onClose={() => setOpen(false)}>
          <CatchUpPanel {...props} onOpenCard={() => setOpen(false)} />
        </Dialog>
      </Show>
    </>
  )
}
