/**
 * One list: its title and menu, its cards (windowed when long, so a list of thousands of
 * cards renders only what is on screen), and the inline composer that adds cards.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount } from "solid-js"
import { visibleLists } from "../../model"
import type { List } from "../../model/types"
import { InlineEdit } from "../InlineEdit"
import { newId } from "../ids"
import { announce } from "../notices"
import { CardTile } from "./CardTile"
import { TitleConflictNote } from "./TitleConflictNote"
import { useBoard } from "./context"
import { archiveListWithUndo, moveListWithUndo } from "./undo"
import { whenIdle } from "../../shared/idle"
import { preferMoveBefore } from "./reorder"

/** Lists with more cards than this render only a window of them. */
export const WINDOW_THRESHOLD = 60
const OVERSCAN = 8
/** A list's width plus the gap to the next (styles.css: --list-width, .lists gap). */
const LIST_PITCH = 292

/** Scroll a list so the card at `index` (of the shown cards) is rendered; set by each list. */
export const scrollToIndex = new Map<string, (index: number) => void>()

export function ListColumn(props: { list: List; index: number; count: number }) {
  const ctx = useBoard()
  const ids = createMemo(() => ctx.shownCardIds(props.list.id))
  const headingId = `list-${props.list.id}-title`
  // Two people renamed the list at once: one title is kept everywhere, the other is offered.
  const listConflict = createMemo(() => {
    void props.list.title
    void ctx.session.live()
    return ctx.session.listTitleConflict(props.list.id)
  })
  const [scrollTop, setScrollTop] = createSignal(0)
  const [viewport, setViewport] = createSignal(600)
  const [rowHeight, setRowHeight] = createSignal(64)
  let ul: HTMLUListElement | undefined
  // Until the page has been idle once, a list draws only the cards in view, and none when it
  // starts beyond the right edge of the window: the board appears sooner, and the rest is
  // drawn a moment later (1,000-card board: 50 cards drawn before the first paint, not ~180).
  const [settled, setSettled] = createSignal(false)
  onMount(() => onCleanup(whenIdle(() => setSettled(true))))
  // Where the list is when the board is first drawn decides; later moves do not matter.
  const beyondView = typeof window !== "undefined" && props.index * LIST_PITCH > window.innerWidth // eslint-disable-line solid/reactivity

  const windowed = (): boolean => ids().length > WINDOW_THRESHOLD
  /** Whether only `range()` of the cards is drawn (with spacers for the rest). */
  const partial = (): boolean => windowed() || !settled()
  const range = createMemo(() => {
    const n = ids().length
    if (!settled()) {
      if (beyondView) return { start: 0, end: 0 }
      const h = rowHeight()
      const start = windowed() ? Math.max(0, Math.floor(scrollTop() / h)) : 0
      return { start, end: Math.min(n, Math.ceil((scrollTop() + viewport()) / h) + 1) }
    }
    if (!windowed()) return { start: 0, end: n }
    const h = rowHeight()
    const start = Math.max(0, Math.floor(scrollTop() / h) - OVERSCAN)
    const end = Math.min(n, Math.ceil((scrollTop() + viewport()) / h) + OVERSCAN)
    return { start, end }
  })
  const slice = createMemo(() => {
    const r = range()
    return partial() ? ids().slice(r.start, r.end) : ids()
  })

  onMount(() => {
    if (!ul) return
    const el = ul
    preferMoveBefore(el)
    setViewport(el.clientHeight || 600)
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 600))
    ro.observe(el)
    scrollToIndex.set(props.list.id, (index) => {
      if (!windowed()) return
      const top = index * rowHeight()
      if (top < el.scrollTop || top > el.scrollTop + el.clientHeight - rowHeight()) {
        el.scrollTop = Math.max(0, top - el.clientHeight / 2)
        setScrollTop(el.scrollTop)
      }
    })
    onCleanup(() => {
      ro.disconnect()
      scrollToIndex.delete(props.list.id)
    })
  })

  const measure = (): void => {
    if (!ul || !windowed()) return
    const items = ul.querySelectorAll<HTMLElement>("li.card")
    if (items.length < 4) return
    const first = items[0] as HTMLElement
    const last = items[items.length - 1] as HTMLElement
    const avg = (last.offsetTop + last.offsetHeight - first.offsetTop) / items.length
    // Cards differ in height, so each window's average differs a little: following every
    // change re-placed the window (and drew ~15 new cards at the end of a 500-card list) on
    // nearly every scroll and every added card. The overscan covers estimates 10% off.
    if (avg > 20 && Math.abs(avg - rowHeight()) > rowHeight() * 0.1) setRowHeight(avg)
  }

  return (
    <section class="list" aria-labelledby={headingId} data-list-id={props.list.id}>
      <header class="list-header">
        <button
          type="button"
          class="icon-button list-handle"
          data-list-handle={props.list.id}
          aria-label={`Drag to move list ${props.list.title}`}
          title="Drag to move the list"
          disabled={!ctx.session.may("moveList")}
        >
          ⠿
        </button>
        <div id={headingId} class="list-heading">
          <InlineEdit
            as="h2"
            class="list-title"
            label="List title"
            readOnly={!ctx.session.may("renameList")}
            value={props.list.title}
            onSave={(title) => ctx.act("renameList", props.list.id, title)}
          />
          <TitleConflictNote
            conflict={listConflict()}
            what={`list ${props.list.title}`}
            onUse={(title) => ctx.act("renameList", props.list.id, title)}
          />
        </div>
        <span class="list-count muted">
          {ids().length}
          <span class="sr-only"> cards</span>
        </span>
        <ListMenu list={props.list} index={props.index} count={props.count} />
      </header>
      <ul
        ref={ul}
        class="cards"
        aria-label={`Cards in ${props.list.title}`}
        data-cards-of={props.list.id}
        onScroll={(e) => {
          if (windowed()) {
            setScrollTop(e.currentTarget.scrollTop)
            queueMicrotask(measure)
          }
        }}
      >
        <Show when={partial() && range().start > 0}>
          <li
            class="spacer"
            aria-hidden="true"
            style={{ height: `${range().start * rowHeight()}px` }}
          />
        </Show>
        <For each={slice()}>
          {(id, i) => <CardTile cardId={id} index={range().start + i()} listId={props.list.id} />}
        </For>
        <Show when={partial() && range().end < ids().length}>
          <li
            class="spacer"
            aria-hidden="true"
            style={{ height: `${(ids().length - range().end) * rowHeight()}px` }}
          />
        </Show>
      </ul>
      <CardComposer list={props.list} />
    </section>
  )
}

function ListMenu(props: { list: List; index: number; count: number }) {
  const ctx = useBoard()
  const [open, setOpen] = createSignal(false)
  const [copying, setCopying] = createSignal(false)
  let button: HTMLButtonElement | undefined
  const close = (): void => {
    setOpen(false)
    setCopying(false)
    button?.focus()
  }
  const copy = (title: string): void => {
    const t = title.trim()
    if (t === "") return
    // One id per card the copy takes (the list's cards that are not archived, in order).
    const cardIds = ctx.cardsIn(props.list.id).map(() => newId())
    const ok = ctx.act("copyList", props.list.id, {
      id: newId(),
      title: t,
      cardIds,
      memberId: ctx.memberId(),
      now: new Date().toISOString(),
    })
    if (ok) {
      announce(`List ${t} added, a copy of ${props.list.title}`)
      close()
    }
  }
  const move = (delta: number): void => {
    const order = visibleLists(ctx.board)
    const i = order.findIndex((l) => l.id === props.list.id)
    const to = Math.max(0, Math.min(order.length - 1, i + delta))
    close()
    moveListWithUndo(ctx, props.list.id, to)
  }
  return (
    <div class="menu-wrap">
      <button
        ref={button}
        type="button"
        class="icon-button"
        aria-haspopup="true"
        aria-expanded={open()}
        aria-label={`Actions for list ${props.list.title}`}
        disabled={!ctx.session.may("archiveList")}
        onClick={() => setOpen(!open())}
      >
        ⋯
      </button>
      <Show when={open()}>
        <div
          class="menu"
          role="group"
          aria-label={`Actions for list ${props.list.title}`}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation()
              close()
            }
          }}
          ref={(el) => queueMicrotask(() => el.querySelector<HTMLElement>("button")?.focus())}
        >
          <button
            type="button"
            class="button subtle"
            disabled={props.index === 0}
            onClick={() => move(-1)}
          >
            Move list left
          </button>
          <button
            type="button"
            class="button subtle"
            disabled={props.index >= props.count - 1}
            onClick={() => move(1)}
          >
            Move list right
          </button>
          <Show
            when={copying()}
            fallback={
              <button type="button" class="button subtle" onClick={() => setCopying(true)}>
                Copy list…
              </button>
            }
          >
            <form
              class="composer"
              onSubmit={(e) => {
                e.preventDefault()
                const input = e.currentTarget.elements.namedItem("title") as HTMLInputElement
                copy(input.value)
              }}
            >
              <input
                name="title"
                aria-label="Name of the copy"
                maxLength={500}
                value={props.list.title}
                ref={(el) => queueMicrotask(() => el.select())}
              />
              <button type="submit" class="button primary">
                Create list
              </button>
            </form>
          </Show>
          <button
            type="button"
            class="button subtle"
            onClick={() => {
              setOpen(false)
              archiveListWithUndo(ctx, props.list.id)
            }}
          >
            Archive list
          </button>
        </div>
      </Show>
    </div>
  )
}

function CardComposer(props: { list: List }) {
  const ctx = useBoard()
  const [open, setOpen] = createSignal(false)
  let input: HTMLTextAreaElement | undefined
  const add = (): void => {
    const title = input?.value.trim() ?? ""
    if (title === "") return
    const id = newId()
    // The list's cards (from the board's index) so placing the card scans no other card.
    const listCards = ctx.cardsIn(props.list.id)
    const ok = ctx.act(
      "addCard",
      { id, listId: props.list.id, title, memberId: ctx.memberId(), now: new Date().toISOString() },
      { listCards },
    )
    if (ok) {
      announce(`Card ${title} added to ${props.list.title}`)
      if (input) input.value = ""
      input?.focus()
      const ul = document.querySelector(`[data-cards-of="${props.list.id}"]`)
      requestAnimationFrame(() => ul?.scrollTo({ top: ul.scrollHeight }))
    }
  }
  return (
    <Show
      when={open()}
      fallback={
        <div class="add-card-row">
          <button
            type="button"
            class="button subtle add-card-button"
            data-add-card={props.list.id}
            disabled={!ctx.session.may("addCard")}
            onClick={() => setOpen(true)}
          >
            + Add a card
          </button>
          <Show when={ctx.templates().length > 0 && ctx.session.may("addCardFromTemplate")}>
            <TemplateMenu list={props.list} />
          </Show>
        </div>
      }
    >
      <form
        class="composer"
        onSubmit={(e) => {
          e.preventDefault()
          add()
        }}
      >
        <textarea
          ref={(el) => {
            input = el
            queueMicrotask(() => el.focus())
          }}
          rows={2}
          maxLength={500}
          aria-label={`New card title in ${props.list.title}`}
          placeholder="Card title — Enter adds it, then type the next"
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault()
              add()
            } else if (e.key === "Escape") {
              e.preventDefault()
              e.stopPropagation()
              setOpen(false)
            }
          }}
        />
        <div class="composer-actions">
          <button type="submit" class="button primary">
            Add card
          </button>
          <button type="button" class="button subtle" onClick={() => setOpen(false)}>
            Done
          </button>
        </div>
      </form>
    </Show>
  )
}

/** The list's "Add a card" from a template: the board's template cards, each one click away. */
function TemplateMenu(props: { list: List }) {
  const ctx = useBoard()
  const [open, setOpen] = createSignal(false)
  let button: HTMLButtonElement | undefined
  const add = (templateId: string, title: string): void => {
    const ok = ctx.act("addCardFromTemplate", templateId, {
      id: newId(),
      listId: props.list.id,
      memberId: ctx.memberId(),
      now: new Date().toISOString(),
    })
    setOpen(false)
    button?.focus()
    if (ok) announce(`Card ${title} added to ${props.list.title} from its template`)
  }
  return (
    <div class="menu-wrap">
      <button
        ref={button}
        type="button"
        class="button subtle template-button"
        aria-haspopup="true"
        aria-expanded={open()}
        aria-label={`Add a card from a template to ${props.list.title}`}
        title="Add a card from a template"
        onClick={() => setOpen(!open())}
      >
        Templates
      </button>
      <Show when={open()}>
        <div
          class="menu template-menu"
          role="group"
          aria-label={`Templates for ${props.list.title}`}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation()
              setOpen(false)
              button?.focus()
            }
          }}
          ref={(el) => queueMicrotask(() => el.querySelector<HTMLElement>("button")?.focus())}
        >
          <For each={ctx.templates()}>
            {(t) => (
              <button type="button" class="button subtle" onClick={() => add(t.id, t.title)}>
                {t.title}
              </button>
            )}
          </For>
        </div>
      </Show>
    </div>
  )
}
