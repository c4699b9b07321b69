/**
 * Notification centre: assigned to you, mentioned, your cards due within 24 h, your overdue
 * replies. System notifications (Notification API) are sent only when the person allowed
 * them and only inside their working hours: a notification that arises at night is held and
 * sent when their day starts (if the board is open then), once per notification.
 */
import { For, Show, createEffect, createMemo, createSignal, onCleanup } from "solid-js"
import {
  deliveryTime,
  formatDateTime,
  mayDeliverNow,
  notificationsFor,
  relativeTime,
} from "../../model/time"
import type { BatonNotification } from "../../model/time"
import { Dialog } from "../Dialog"
import type { BoardContextProps } from "../extensions"
import { boardActivity } from "./activity"
import { cardHref, useNow, viewerZone } from "./clock"
import { PushSettings } from "./PushSettings"
import "./time.css"

const SENT_KEY = "baton.notified.v1"

function readSent(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(SENT_KEY) ?? "[]")
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").slice(-500) : []
  } catch {
    return []
  }
}

function markSent(key: string): void {
  try {
    const sent = readSent()
    sent.push(key)
    localStorage.setItem(SENT_KEY, JSON.stringify(sent.slice(-500)))
  } catch {
    // Storage full or disabled: the worst case is one repeated notification.
  }
}

function permission(): NotificationPermission | "unsupported" {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission
}

/** The notifications of this board for the member, kept current. */
export function useNotifications(props: BoardContextProps): () => BatonNotification[] {
  const activity = boardActivity(props.handle, props.documentId, props.memberId)
  onCleanup(() => activity.release())
  const now = useNow()
  return createMemo(() => {
    const assigned = activity
      .catchUp()
      .items.filter((i) => i.kind === "assigned")
      .map((i) => ({ cardId: i.cardId, at: i.at }))
    return notificationsFor(activity.doc(), props.memberId, now(), assigned)
  })
}

export function NotificationList(
  props: BoardContextProps & { items: BatonNotification[]; onOpenCard?: () => void },
) {
  const now = useNow()
  const zone = (): string => viewerZone(props.board, props.memberId)
  const [perm, setPerm] = createSignal(permission())
  /** When a system notification may go out: after it arose, inside my working hours. */
  const heldUntil = (n: BatonNotification): number | "status" | null => {
    const me = props.board.members[props.memberId]
    const mine = me ? deliveryTime(me, now()) : now()
    if (n.deliverAt === null || mine === null) return "status"
    const t = Math.max(n.deliverAt, mine)
    return t > now() ? t : null
  }
  return (
    <div class="notification-centre">
      <Show when={perm() === "default"}>
        <div class="time-actions">
          <button
            type="button"
            class="button"
            onClick={() => void Notification.requestPermission().then((p) => setPerm(p))}
          >
            Enable system notifications
          </button>
          <span class="time-muted">Sent only during your working hours.</span>
        </div>
      </Show>
      <PushSettings documentId={props.documentId} memberId={props.memberId} />
      <Show when={props.items.length > 0} fallback={<p class="time-muted">No notifications.</p>}>
        <ul class="time-list" aria-label="Notifications">
          <For each={props.items}>
            {(n) => (
              <li data-kind={n.kind} classList={{ "is-overdue": n.kind === "reply-overdue" }}>
                <a href={cardHref(props.documentId, n.cardId)} onClick={() => props.onOpenCard?.()}>
                  {n.text}
                </a>{" "}
                <span class="time-muted">{relativeTime(n.at, now())}</span>
                <Show when={heldUntil(n)}>
                  {(t) => (
                    <span class="time-muted">
                      {" "}
                      ·{" "}
                      {t() === "status"
                        ? "notification held while you are focusing or away"
                        : `notification held until ${formatDateTime(t() as number, zone(), now())}`}
                    </span>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}

/** Toolbar button with the count; sends due system notifications while the board is open. */
export function NotificationButton(props: BoardContextProps) {
  const items = useNotifications(props)
  const now = useNow()
  const [open, setOpen] = createSignal(false)
  createEffect(() => {
    const list = items()
    const t = now()
    const me = props.board.members[props.memberId]
    if (!me || permission() !== "granted" || !mayDeliverNow(me, t)) return
    const sent = new Set(readSent())
    for (const n of list) {
      if (n.deliverAt === null || n.deliverAt > t || sent.has(n.key)) continue
      markSent(n.key)
      try {
        new Notification("Baton", { body: n.text, tag: n.key })
      } catch {
        // Some browsers only allow notifications from a service worker; the centre still lists it.
      }
    }
  })
  return (
    <>
      <button
        type="button"
        class="button subtle notifications-button"
        onClick={() => setOpen(true)}
      >
        Notifications{" "}
        <span class="time-count">
          {items().length}
          <span class="sr-only"> notifications</span>
        </span>
      </button>
      <Show when={open()}>
        <Dialog title="Notifications" class="time-dialog" onClose={() => setOpen(false)}>
          <NotificationList {...props} items={items()} onOpenCard={() => setOpen(false)} />
        </Dialog>
      </Show>
    </>
  )
}
