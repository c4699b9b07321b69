/**
 * Urgent / important filter toggles (kept in the board URL's query as `urgent=1` and
 * `important=1`, read by `priorityFromQuery`). The Pinned strip is the board's own
 * (`src/ui/board/PinnedStrip.tsx`).
 */
import { createSignal, onCleanup } from "solid-js"
import "./time.css"

function currentQuery(): URLSearchParams {
  const i = location.hash.indexOf("?")
  return new URLSearchParams(i < 0 ? "" : location.hash.slice(i + 1))
}

export function PriorityFilter() {
  const [q, setQ] = createSignal(currentQuery())
  const onHash = (): void => {
    setQ(currentQuery())
  }
  window.addEventListener("hashchange", onHash)
  onCleanup(() => window.removeEventListener("hashchange", onHash))
  const toggle = (name: "urgent" | "important"): void => {
    const next = currentQuery()
    if (next.get(name) === "1") next.delete(name)
    else next.set(name, "1")
    const i = location.hash.indexOf("?")
    const path = i < 0 ? location.hash : location.hash.slice(0, i)
    const s = next.toString()
    location.hash = s ? `${path}?${s}` : path
  }
  return (
    <span class="priority-filter" role="group" aria-label="Show only">
      <button
        type="button"
        class="button subtle"
        aria-pressed={q().get("urgent") === "1"}
        onClick={() => toggle("urgent")}
      >
        Urgent
      </button>
      <button
        type="button"
        class="button subtle"
        aria-pressed={q().get("important") === "1"}
        onClick={() => toggle("important")}
      >
        Important
      </button>
    </span>
  )
}
