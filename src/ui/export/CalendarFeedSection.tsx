/**
 * Board settings → "Subscribe in your calendar": an iCalendar link of the board's deadlines
 * (all of them, or only my cards) that calendar apps poll from the relay. The link holds a
 * secret made here; the board keeps only its SHA-256, and this device keeps the secret so it
 * can show the link again. Stopping a link works from any device, like a share link.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import type { CalendarFeed } from "../../model/types"
import { newId } from "../ids"
import { announce } from "../notices"
import { useBoard } from "../board/context"

const KEY = (documentId: string): string => `baton.calendarFeeds.${documentId}`

function storedSecrets(documentId: string): Record<string, string> {
  try {
    const v = JSON.parse(localStorage.getItem(KEY(documentId)) ?? "{}") as unknown
    return typeof v === "object" && v !== null ? (v as Record<string, string>) : {}
  } catch {
    return {}
  }
}

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "")
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
}

export function feedUrl(documentId: string, secret: string): string {
  return `${location.origin}/calendar/${documentId}/${secret}.ics`
}

export function CalendarFeedSection() {
  const ctx = useBoard()
  const [secrets, setSecrets] = createSignal(storedSecrets(ctx.documentId))
  const feeds = createMemo(() =>
    Object.values(ctx.board.calendarFeeds ?? {})
      .filter((f) => f.stoppedAt === null)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)),
  )
  const create = async (onlyMine: boolean): Promise<void> => {
    const secret = newSecret()
    const id = newId()
    const hash = await sha256Hex(secret)
    const ok = ctx.act("addCalendarFeed", {
      id,
      hash,
      memberId: onlyMine ? ctx.memberId() : null,
      createdBy: ctx.memberId(),
      now: new Date().toISOString(),
    })
    if (!ok) return
    const next = { ...secrets(), [id]: secret }
    localStorage.setItem(KEY(ctx.documentId), JSON.stringify(next))
    setSecrets(next)
    announce("Calendar link created")
  }
  const who = (f: CalendarFeed): string =>
    f.memberId === null
      ? "All deadlines"
      : `Cards of ${ctx.board.members[f.memberId]?.name ?? "a member"}`
  return (
    <section aria-labelledby="board-calendar-title">
      <h3 id="board-calendar-title">Subscribe in your calendar</h3>
      <p class="muted">
        A link your calendar app (Google Calendar, Apple Calendar, Outlook) subscribes to: the
        board's deadlines, kept up to date. Anyone with the link sees them; stop it when it is no
        longer needed.
      </p>
      <div class="inline-form">
        <button type="button" class="button" onClick={() => void create(false)}>
          Link for all deadlines
        </button>
        <button
          type="button"
          class="button"
          disabled={ctx.me() === undefined}
          onClick={() => void create(true)}
        >
          Link for my cards only
        </button>
      </div>
      <Show when={feeds().length > 0}>
        <ul class="calendar-feeds">
          <For each={feeds()}>
            {(f) => (
              <li class="calendar-feed">
                <span>{who(f)}</span>
                <Show
                  when={secrets()[f.id]}
                  fallback={<span class="muted">made on another device</span>}
                >
                  {(secret) => (
                    <>
                      <input
                        readOnly
                        aria-label={`Calendar link: ${who(f)}`}
                        value={feedUrl(ctx.documentId, secret())}
                        onFocus={(e) => e.currentTarget.select()}
                      />
                      <a
                        class="button subtle"
                        href={feedUrl(ctx.documentId, secret()).replace(/^https?:/, "webcal:")}
                      >
                        Open in calendar
                      </a>
                    </>
                  )}
                </Show>
                <button
                  type="button"
                  class="button danger"
                  aria-label={`Stop calendar link: ${who(f)}`}
                  onClick={() => {
                    if (ctx.act("stopCalendarFeed", f.id, new Date().toISOString()))
                      announce("Calendar link stopped")
                  }}
                >
                  Stop
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
