/**
 * Calendar: cards by deadline in a week or month grid in the viewer's zone. Dragging a card
 * onto a day sets its deadline to that day (a date-only deadline; an exact deadline keeps its
 * time of day in the zone it was entered in). Keyboard: Alt+←/→ on a card moves its deadline
 * by a day (an unscheduled card gets today).
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import {
  DAY,
  deadlineOnDayNoted,
  firstDayOfWeek,
  formatDate,
  formatDayMonthYear,
  formatMonth,
  isoWeekday,
  weekdayNames,
  resolveDeadline,
  wallDate,
  wallDay,
  wallOf,
} from "../../model/time"
import type { Board, Card } from "../../model/types"
import { Dialog } from "../Dialog"
import { notify } from "../notices"
import type { BoardContextProps } from "../extensions"
import { cardHref, useNow, viewerZone } from "./clock"
import "./time.css"

/** Days from the locale's first day of the week back to the day of wall value `w`. */
function sinceWeekStart(w: number): number {
  return (isoWeekday(w) - firstDayOfWeek() + 7) % 7
}

function openCards(board: Board): Card[] {
  const out: Card[] = []
  for (const bucket of Object.values(board.cardBuckets)) {
    for (const card of Object.values(bucket)) {
      const list = board.lists[card.listId]
      if (card.archived || !list || list.archived || list.deleted) continue
      out.push(card)
    }
  }
  return out
}

export function CalendarPanel(props: BoardContextProps & { onOpenCard?: () => void }) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  const today = createMemo(() => wallDay(wallOf(zone(), now())))
  const [mode, setMode] = createSignal<"week" | "month">("week")
  const [anchor, setAnchor] = createSignal<number | null>(null)
  const [dropOn, setDropOn] = createSignal<string | null>(null)
  const base = (): number => anchor() ?? today()

  const days = createMemo(() => {
    const a = base()
    if (mode() === "week") {
      const start = a - sinceWeekStart(a) * DAY
      return Array.from({ length: 7 }, (_, i) => start + i * DAY)
    }
    const d = new Date(a)
    const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
    const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)
    const start = first - sinceWeekStart(first) * DAY
    const end = last + (6 - sinceWeekStart(last)) * DAY
    return Array.from({ length: Math.round((end - start) / DAY) + 1 }, (_, i) => start + i * DAY)
  })
  const month = (): number => new Date(base()).getUTCMonth()
  const title = createMemo(() => {
    const ds = days()
    if (mode() === "month") {
      const d = new Date(base())
      return formatMonth(d.getUTCFullYear(), d.getUTCMonth() + 1)
    }
    const f = (w: number): string => formatDayMonthYear(w)
    return `${f(ds[0]!)} – ${f(ds[ds.length - 1]!)}`
  })

  const cards = createMemo(() => openCards(props.board))
  const byDate = createMemo(() => {
    const m = new Map<string, Array<{ card: Card; at: number }>>()
    for (const card of cards()) {
      const r = resolveDeadline(card, props.board.members)
      if (!r) continue
      const k = wallDate(wallOf(zone(), r.at))
      const list = m.get(k) ?? []
      list.push({ card, at: r.at })
      m.set(k, list)
    }
    for (const list of m.values())
      list.sort((a, b) => a.at - b.at || a.card.id.localeCompare(b.card.id))
    return m
  })
  const unscheduled = createMemo(() =>
    cards()
      .filter((c) => !c.deadline && !c.done)
      .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id))
      .slice(0, 100),
  )

  const setDay = (cardId: string, date: string): void => {
    const card = cards().find((c) => c.id === cardId)
    if (!card) return
    const { deadline: next, note } = deadlineOnDayNoted(card.deadline, date)
    if (props.session.act("setDeadline", cardId, next) && note) notify(note)
  }
  const shift = (card: Card, delta: number): void => {
    const r = resolveDeadline(card, props.board.members)
    const from = r ? wallDay(wallOf(zone(), r.at)) : today() - delta * DAY
    setDay(card.id, wallDate(from + delta * DAY))
  }
  const move = (delta: number): void => {
    const a = base()
    if (mode() === "week") setAnchor(a + delta * 7 * DAY)
    else {
      const d = new Date(a)
      setAnchor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1))
    }
  }

  const Chip = (p: { card: Card; overdue: boolean }) => (
    <a
      class="cal-chip"
      classList={{ "is-overdue": p.overdue }}
      href={cardHref(props.documentId, p.card.id)}
      draggable={true}
      data-card={p.card.id}
      title={`${p.card.title} (Alt+←/→ moves the deadline by a day)`}
      onClick={() => props.onOpenCard?.()}
      onDragStart={(e) => {
        e.dataTransfer?.setData("text/plain", p.card.id)
        if (e.dataTransfer) e.dataTransfer.effectAllowed = "move"
      }}
      onKeyDown={(e) => {
        if (!e.altKey || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return
        e.preventDefault()
        shift(p.card, e.key === "ArrowRight" ? 1 : -1)
      }}
    >
      {p.card.title}
    </a>
  )

  return (
    <div class="calendar">
      <div class="time-actions">
        <button
          type="button"
          class="button"
          aria-pressed={mode() === "week"}
          onClick={() => setMode("week")}
        >
          Week
        </button>
        <button
          type="button"
          class="button"
          aria-pressed={mode() === "month"}
          onClick={() => setMode("month")}
        >
          Month
        </button>
        <button type="button" class="button subtle" aria-label="Previous" onClick={() => move(-1)}>
          ‹
        </button>
        <button type="button" class="button subtle" onClick={() => setAnchor(null)}>
          Today
        </button>
        <button type="button" class="button subtle" aria-label="Next" onClick={() => move(1)}>
          ›
        </button>
        <strong class="cal-title" aria-live="polite">
          {title()}
        </strong>
        <span class="time-muted">Times in {zone()}</span>
      </div>
      <div class="cal-layout">
        <div class="cal-grid" role="group" aria-label={`Calendar, ${title()}`}>
          <For each={weekdayNames()}>{(d) => <div class="cal-head">{d.name}</div>}</For>
          <For each={days()}>
            {(day) => {
              const date = wallDate(day)
              return (
                <div
                  class="cal-day"
                  role="group"
                  data-date={date}
                  aria-label={formatDate(day, "UTC", day)}
                  classList={{
                    "is-today": day === today(),
                    "is-other-month": mode() === "month" && new Date(day).getUTCMonth() !== month(),
                    "is-drop": dropOn() === date,
                  }}
                  onDragOver={(e) => {
                    e.preventDefault()
                    setDropOn(date)
                  }}
                  onDragLeave={() => setDropOn((d) => (d === date ? null : d))}
                  onDrop={(e) => {
                    e.preventDefault()
                    setDropOn(null)
                    const id = e.dataTransfer?.getData("text/plain")
                    if (id) setDay(id, date)
                  }}
                >
                  <span class="cal-date">{new Date(day).getUTCDate()}</span>
                  <For each={byDate().get(date) ?? []}>
                    {(x) => <Chip card={x.card} overdue={!x.card.done && x.at < now()} />}
                  </For>
                </div>
              )
            }}
          </For>
        </div>
        <section aria-labelledby="cal-unscheduled">
          <h3 id="cal-unscheduled">No deadline</h3>
          <Show
            when={unscheduled().length > 0}
            fallback={<p class="time-muted">Every open card has a deadline.</p>}
          >
            <div class="time-list cal-unscheduled">
              <For each={unscheduled()}>{(c) => <Chip card={c} overdue={false} />}</For>
            </div>
          </Show>
        </section>
      </div>
    </div>
  )
}

/** Toolbar button opening the calendar. */
export function CalendarButton(props: BoardContextProps) {
  const [open, setOpen] = createSignal(false)
  return (
    <>
      <button type="button" class="button subtle" onClick={() => setOpen(true)}>
        Calendar
      </button>
      <Show when={open()}>
        <Dialog title="Calendar" class="time-dialog" onClose={() => setOpen(false)}>
          <CalendarPanel {...props} onOpenCard={() => setOpen(false)} />
        </Dialog>
      </Show>
    </>
  )
}
