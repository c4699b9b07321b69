/**
 * Urgent / important filter toggles (kept in the board URL's query as `urgent=1` and
 * `important=1`, read by `priorityFromQuery`) and the strip of pinned cards.
 */
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js"
import type { DocHandleChangePayload } from "../../session"
import { allCards, getCard } from "../../model/queries"
import { byPinTime, isPinnedOnBoard } from "../../model/time"
import type { Board, Card } from "../../model/types"
import { watchCard } from "../board/context"
import type { BoardContextProps } from "../extensions"
import { cardHref } from "./clock"
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

export function PinnedStrip(props: BoardContextProps) {
  // Which cards are pinned is kept from the document's changes, card by card: a reactive scan
  // of every card re-ran on each card added, archived or moved to another list, and cost
  // ~40 ms per added card on a 10,000-card board (profile of 20 adds).
  const [pinnedIds, setPinnedIds] = createSignal<ReadonlySet<string>>(pinnedIn(props.handle.doc()))
  const onChange = ({ doc, patches }: DocHandleChangePayload<Board>): void => {
    let next: Set<string> | null = null
    for (const p of patches) {
      const [root, bucket, cardId, field] = p.path
      if (root !== "cardBuckets") continue
      if (typeof cardId !== "string" || bucket === undefined) {
        next = pinnedIn(doc) // a whole bucket (or all of them) changed
        break
      }
      if (field !== undefined && field !== "pinnedAt") continue
      next ??= new Set(pinnedIds())
      if (getCard(doc, cardId)?.pinnedAt) next.add(cardId)
      else next.delete(cardId)
    }
    if (next !== null) setPinnedIds(next)
  }
  props.handle.on("change", onChange)
  onCleanup(() => props.handle.off("change", onChange))
  const pinned = createMemo(() => {
    const out: Card[] = []
    for (const id of pinnedIds()) {
      const c = watchCard(props.board, id)
      if (c !== undefined && isPinnedOnBoard(props.board, c)) out.push(c)
    }
    return out.sort(byPinTime)
  })
  return (
    <Show when={pinned().length > 0}>
      <nav class="pinned-strip" aria-label="Pinned cards">
        <span aria-hidden="true">📌</span>
        <For each={pinned()}>
          {(c) => (
            <a class="cal-chip" href={cardHref(props.documentId, c.id)}>
              {c.title}
            </a>
          )}
        </For>
      </nav>
    </Show>
  )
}

/** The ids of the cards of `board` that have a pin. */
function pinnedIn(board: Board): Set<string> {
  return new Set(allCards(board).flatMap((c) => (c.pinnedAt ? [c.id] : [])))
}
