/**
 * The board's activity feed: every change on the board, newest first, with who did what and
 * when in the viewer's time, filterable by member and by kind, with old and new values where
 * short. The history is read newest first in slices of at most `SLICE_MS` (see
 * `ActivityReader`), one page at a time as the list scrolls, so opening it on a board with
 * 50,000 changes shows its first page at once and never holds the page.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount, untrack } from "solid-js"
import {
  ACTIVITY_KINDS,
  ActivityFeed,
  ActivityReader,
  describeEntry,
  describeEvent,
} from "../../model/catchup"
import type { ActivityEntry, ActivityFilter, ActivityKind } from "../../model/catchup"
import { getCard } from "../../model/queries"
import { formatDateTime, relativeTime } from "../../model/time"
import { Dialog } from "../Dialog"
import type { BoardContextProps } from "../extensions"
import { cardHref, useNow, viewerZone } from "./clock"
import "./time.css"

/** Entries shown per page. */
export const PAGE = 40
/** Longest stretch of reading before the page gets the main thread back. */
export const SLICE_MS = 40

const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/** "addList" → "add list": how a change that touched no card is described. */
function opPhrase(op: string | null): string {
  if (op === null) return "changed the board"
  const words = op.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()
  return `changed the board (${words})`
}

const keyOf = (e: ActivityEntry): string => `${e.hash}:${e.cardId ?? ""}`

export function ActivityPanel(props: BoardContextProps & { onOpenCard?: () => void }) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  // The version of the board when the feed opened (reopen it to see newer changes).
  const doc = untrack(() => props.handle.doc())
  const reader = new ActivityReader(doc)
  const read: ActivityEntry[] = []
  const [member, setMember] = createSignal<string>("")
  const [kind, setKind] = createSignal<ActivityKind | "">("")
  const [entries, setEntries] = createSignal<ActivityEntry[]>([], { equals: false })
  const [done, setDone] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [values, setValues] = createSignal(new Map<string, string[]>(), { equals: false })
  let feed = new ActivityFeed(reader, {}, read)
  let alive = true
  let generation = 0
  onCleanup(() => {
    alive = false
  })

  const names = {
    member: (id: string) => props.board.members[id]?.name ?? "a former member",
    list: (id: string) => props.board.lists[id]?.title ?? "another list",
    label: (id: string) => props.board.labels[id]?.name || "a label",
  }
  const who = (id: string | null): string =>
    id === null ? "Someone" : (props.board.members[id]?.name ?? "A former member")

  /** Old and new values of the shown entries, read in slices after they are drawn. */
  const pending: ActivityEntry[] = []
  let filling = false
  const fill = async (): Promise<void> => {
    if (filling) return
    filling = true
    while (alive && pending.length > 0) {
      const start = performance.now()
      const got = values()
      while (pending.length > 0 && performance.now() - start < SLICE_MS) {
        const e = pending.shift()!
        if (e.cardId === null || got.has(keyOf(e))) continue
        try {
          got.set(keyOf(e), describeEntry(doc, e.cardId, e, names, zone(), now()))
        } catch {
          got.set(
            keyOf(e),
            e.events.map((ev) => describeEvent(ev, names)),
          )
        }
      }
      setValues(got)
      await pause()
    }
    filling = false
  }

  /** Reads until one more page matches the filter (or the history ends), in slices. */
  const loadMore = async (): Promise<void> => {
    if (busy() || feed.done) return
    setBusy(true)
    const mine = generation
    const f = feed
    let added = 0
    while (alive && mine === generation && added < PAGE && !f.done) {
      added += f.more(PAGE - added, SLICE_MS, () => performance.now())
      setEntries(f.entries)
      if (added < PAGE && !f.done) await pause()
    }
    if (mine !== generation || !alive) return
    setBusy(false)
    setDone(f.done)
    pending.push(...f.entries.slice(f.entries.length - added))
    void fill()
  }

  const refilter = (): void => {
    const filter: ActivityFilter = { memberId: member() || null, kind: kind() || null }
    generation++
    feed = new ActivityFeed(reader, filter, read)
    setBusy(false)
    setDone(false)
    setEntries([])
    void loadMore()
  }

  let sentinel: HTMLDivElement | undefined
  onMount(() => {
    void loadMore()
    if (typeof IntersectionObserver === "undefined" || !sentinel) return
    const io = new IntersectionObserver((seen) => {
      if (seen.some((s) => s.isIntersecting)) void loadMore()
    })
    io.observe(sentinel)
    onCleanup(() => io.disconnect())
  })

  const members = createMemo(() =>
    Object.values(props.board.members).sort((a, b) => a.name.localeCompare(b.name)),
  )
  const phrases = (e: ActivityEntry): string[] => {
    if (e.cardId === null) return [opPhrase(e.op)]
    return values().get(keyOf(e)) ?? e.events.map((ev) => describeEvent(ev, names))
  }
  const title = (cardId: string): string => getCard(doc, cardId)?.title ?? "a deleted card"

  return (
    <div class="activity">
      <div class="activity-filters">
        <label>
          Member{" "}
          <select
            aria-label="Member"
            value={member()}
            onChange={(e) => {
              setMember(e.currentTarget.value)
              refilter()
            }}
          >
            <option value="">Everyone</option>
            <For each={members()}>{(m) => <option value={m.id}>{m.name}</option>}</For>
          </select>
        </label>
        <label>
          Kind{" "}
          <select
            aria-label="Kind"
            value={kind()}
            onChange={(e) => {
              setKind(e.currentTarget.value as ActivityKind | "")
              refilter()
            }}
          >
            <option value="">Every kind</option>
            <For each={ACTIVITY_KINDS}>{(k) => <option value={k.kind}>{k.label}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={entries().length > 0 || !done()}>
        <ol class="activity-list time-list" aria-label="Board activity, newest first">
          <For each={entries()}>
            {(e) => (
              <li class="activity-entry" data-by={e.by ?? ""} data-card={e.cardId ?? ""}>
                <strong class="activity-who">{who(e.by)}</strong>{" "}
                <span class="activity-what">{phrases(e).join("; ")}</span>
                <Show when={e.cardId}>
                  {(cardId) => (
                    <>
                      {" "}
                      on{" "}
                      <a
                        href={cardHref(props.documentId, cardId())}
                        onClick={() => props.onOpenCard?.()}
                      >
                        “{title(cardId())}”
                      </a>
                    </>
                  )}
                </Show>
                {" · "}
                <time
                  class="activity-when"
                  datetime={new Date(e.at).toISOString()}
                  title={relativeTime(e.at, now())}
                >
                  {formatDateTime(e.at, zone(), now())}
                </time>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={done() && entries().length === 0}>
        <p class="time-muted">No changes match these filters.</p>
      </Show>
      <div ref={sentinel} class="activity-more">
        <Show when={!done()}>
          <button
            type="button"
            class="button subtle small"
            disabled={busy()}
            onClick={() => void loadMore()}
          >
            {busy() ? "Reading the history…" : "Show older changes"}
          </button>
        </Show>
      </div>
    </div>
  )
}

/** Board menu entry opening the activity feed. */
export function ActivityButton(props: BoardContextProps) {
  const [open, setOpen] = createSignal(false)
  return (
    <>
      <button type="button" class="button subtle" onClick={() => setOpen(true)}>
        Activity
      </button>
      <Show when={open()}>
        <Dialog title="Activity" class="time-dialog" onClose={() => setOpen(false)}>
          <ActivityPanel {...props} onOpenCard={() => setOpen(false)} />
        </Dialog>
      </Show>
    </>
  )
}
