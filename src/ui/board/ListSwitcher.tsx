/**
 * On a phone the board shows one list at a time; this row names every list with its number
 * of (shown) cards, marks the one in view, and brings a list into view when tapped.
 */
import { For, createSignal, onCleanup, onMount } from "solid-js"
import type { List } from "../../model/types"
import { useBoard } from "./context"

export function ListSwitcher(props: {
  lists: readonly List[]
  container: () => HTMLElement | undefined
}) {
  const ctx = useBoard()
  const [current, setCurrent] = createSignal<string | null>(null)
  let nav: HTMLElement | undefined

  /** The list whose left edge is nearest the board's left edge is the one in view. */
  const inView = (): string | null => {
    const el = props.container()
    if (!el) return null
    const left = el.getBoundingClientRect().left
    let best: string | null = null
    let bestDist = Infinity
    for (const l of el.querySelectorAll<HTMLElement>(".list[data-list-id]")) {
      const d = Math.abs(l.getBoundingClientRect().left - left)
      if (d < bestDist) {
        bestDist = d
        best = l.dataset.listId ?? null
      }
    }
    return best
  }
  onMount(() => {
    const el = props.container()
    if (!el) return
    let raf = 0
    const onScroll = (): void => {
      cancelAnimationFrame(raf)
      raf = requestAnimationFrame(() => {
        const id = inView()
        if (id === current()) return
        setCurrent(id)
        nav
          ?.querySelector<HTMLElement>(`[data-switch-to="${CSS.escape(id ?? "")}"]`)
          ?.scrollIntoView({ block: "nearest", inline: "nearest" })
      })
    }
    el.addEventListener("scroll", onScroll, { passive: true })
    setCurrent(inView())
    onCleanup(() => {
      cancelAnimationFrame(raf)
      el.removeEventListener("scroll", onScroll)
    })
  })
  const show = (listId: string): void => {
    const el = props.container()
    const target = el?.querySelector<HTMLElement>(`.list[data-list-id="${CSS.escape(listId)}"]`)
    if (!el || !target) return
    const pad = parseFloat(getComputedStyle(el).paddingLeft) || 0
    const left =
      el.scrollLeft + target.getBoundingClientRect().left - el.getBoundingClientRect().left
    el.scrollTo({ left: left - pad })
    setCurrent(listId)
  }
  return (
    <nav class="list-switcher" aria-label="Switch list" ref={nav}>
      <For each={props.lists}>
        {(l) => (
          <button
            type="button"
            class="button subtle list-switch"
            data-switch-to={l.id}
            aria-current={current() === l.id ? "true" : undefined}
            onClick={() => show(l.id)}
          >
            <span class="list-switch-name">{l.title}</span>
            <span class="list-switch-count">
              {ctx.shownCardIds(l.id).length}
              <span class="sr-only"> cards</span>
            </span>
          </button>
        )}
      </For>
    </nav>
  )
}
