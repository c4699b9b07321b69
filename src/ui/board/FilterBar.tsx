/** The filter bar: search, owner (incl. "My cards"), label and due; all kept in the URL. */
import { For, Show, createMemo, createSignal } from "solid-js"
import { liveLabels } from "../../model"
import type { Filters } from "./filters"
import { NO_FILTERS } from "./filters"
import { isFiltering } from "./filters"
import { useBoard } from "./context"

export function FilterBar(props: {
  filters: Filters
  onChange: (f: Filters) => void
  searchRef: (el: HTMLInputElement) => void
  shownCount: number
}) {
  const ctx = useBoard()
  const members = createMemo(() =>
    Object.values(ctx.board.members).sort((a, b) => a.name.localeCompare(b.name)),
  )
  const labels = createMemo(() => liveLabels(ctx.board))
  const set = (patch: Partial<Filters>): void => props.onChange({ ...props.filters, ...patch })
  // On a phone only the search shows until the person asks for the other filters.
  const [expanded, setExpanded] = createSignal(false)
  return (
    <search class="board-bar" classList={{ expanded: expanded() }} aria-label="Filter cards">
      <label class="sr-only" for="filter-q">
        Search cards
      </label>
      <input
        id="filter-q"
        ref={(el) => props.searchRef(el)}
        type="search"
        placeholder="Search cards  ( / )"
        value={props.filters.q}
        onInput={(e) => set({ q: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.currentTarget.blur()
          }
        }}
      />
      <button
        type="button"
        class="button filter-toggle"
        aria-expanded={expanded()}
        onClick={() => setExpanded(!expanded())}
      >
        Filters
      </button>
      <button
        type="button"
        class="button filter-more"
        aria-pressed={props.filters.owner === "me"}
        onClick={() => set({ owner: props.filters.owner === "me" ? "" : "me" })}
      >
        My cards
      </button>
      <label class="sr-only" for="filter-owner">
        Owner
      </label>
      <select
        id="filter-owner"
        class="filter-more"
        value={props.filters.owner}
        onChange={(e) => set({ owner: e.currentTarget.value })}
      >
        <option value="">Any owner</option>
        <option value="me">Me</option>
        <option value="none">No owner</option>
        <For each={members()}>
          {(m) => (
            <option value={m.id} title={m.name}>
              {m.name}
            </option>
          )}
        </For>
      </select>
      <label class="sr-only" for="filter-label">
        Label
      </label>
      <select
        id="filter-label"
        class="filter-more"
        value={props.filters.label}
        onChange={(e) => set({ label: e.currentTarget.value })}
      >
        <option value="">Any label</option>
        <For each={labels()}>
          {(l) => (
            <option value={l.id} title={l.name}>
              {l.name}
            </option>
          )}
        </For>
      </select>
      <label class="sr-only" for="filter-due">
        Due
      </label>
      <select
        id="filter-due"
        class="filter-more"
        value={props.filters.due}
        onChange={(e) => set({ due: e.currentTarget.value as Filters["due"] })}
      >
        <option value="">Any deadline</option>
        <option value="overdue">Overdue</option>
        <option value="week">Due this week</option>
        <option value="none">No deadline</option>
      </select>
      <Show when={isFiltering(props.filters)}>
        <span class="muted" role="status">
          {props.shownCount} matching card{props.shownCount === 1 ? "" : "s"}
        </span>
        <button type="button" class="button subtle" onClick={() => props.onChange(NO_FILTERS)}>
          Clear filters
        </button>
      </Show>
    </search>
  )
}
