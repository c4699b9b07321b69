/**
 * "Since you were last here": what others changed on this board since this member last
 * marked it read on this device. Each item opens its card.
 */
import { For, Show, createSignal, onCleanup } from "solid-js"
import type { CatchUpItem } from "../../model/catchup"
import { relativeTime } from "../../model/time"
import { Dialog } from "../Dialog"
import type { BoardContextProps } from "../extensions"
import { boardActivity } from "./activity"
import { cardHref, useNow } from "./clock"
import "./time.css"

const VERBS: Record<CatchUpItem["kind"], string> = {
  created: "created",
  moved: "moved",
  completed: "completed",
  archived: "archived",
  commented: "commented on",
  deadline: "changed the deadline of",
  assigned: "assigned you to",
}

export function CatchUpPanel(props: BoardContextProps & { onOpenCard?: () => void }) {
  const activity = boardActivity(props.handle, props.documentId, props.memberId)
  onCleanup(() => activity.release())
  const now = useNow()
  const who = (ids: ReadonlyArray<string | null>): string =>
    ids
      .map((id) => (id === null ? "Someone" : (props.board.members[id]?.name ?? "A former member")))
      .join(" and ")
  const listName = (id: string | undefined): string =>
    id ? (props.board.lists[id]?.title ?? "another list") : ""
  return (
    <div class="catch-up">
      <Show when={activity.catchUp().status === "unknown-heads"}>
        <p>
          This board's history does not contain what you saw last time (it may have been restored
          from a backup).
        </p>
      </Show>
      <Show
        when={activity.catchUp().items.length > 0}
        fallback={<p class="time-muted">Nothing new from others since you were last here.</p>}
      >
        <ul class="time-list" aria-label="Changes since your last visit">
          <For each={activity.catchUp().items}>
            {(item) => (
              <li data-kind={item.kind}>
                <a
                  href={cardHref(props.documentId, item.cardId)}
                  onClick={() => props.onOpenCard?.()}
                >
                  {who(item.by)} {VERBS[item.kind]} “{item.title}”
                  {item.kind === "moved" ? ` to ${listName(item.listId)}` : ""}
                  {item.kind === "commented" && item.count > 1 ? ` (${item.count} comments)` : ""}
                </a>{" "}
                <span class="time-muted">{relativeTime(item.at, now())}</span>
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
