/**
 * "My work" on the home page: across every board on this device, the cards I own, the
 * checklist items I own that have a deadline and the replies I owe, overdue first, then by
 * deadline. Boards that cannot be loaded (offline and
 * never synced, damaged) are named, never break the list.
 */
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js"
import type { DocHandle, Repo } from "../../session"
import { validateBoard } from "../../model/validate"
import { myWork } from "../../model/time"
import type { BoardForWork, WorkItem } from "../../model/time"
import type { Board } from "../../model/types"
import { findDocument, readDeviceBoards } from "../../session"
import { browserZone, cardHref, useNow } from "./clock"
import "./time.css"

interface Loaded {
  documentId: string
  handle: DocHandle<Board>
  memberId: string
}

export function MyWork(props: { repo: Repo }) {
  const now = useNow()
  const [loaded, setLoaded] = createSignal<Loaded[]>([])
  const [failed, setFailed] = createSignal<string[]>([])
  const [version, setVersion] = createSignal(0)
  const abort = new AbortController()
  const cleanups: Array<() => void> = []
  onCleanup(() => {
    abort.abort()
    for (const c of cleanups) c()
  })
  const entries = readDeviceBoards(localStorage).filter((b) => b.memberId !== null)
  for (const entry of entries) {
    void (async () => {
      try {
        const handle = await findDocument<Board>(props.repo, entry.documentId, {
          allowableStates: ["ready"],
          signal: abort.signal,
        })
        if (abort.signal.aborted) return
        const bump = (): void => {
          setVersion((v) => v + 1)
        }
        handle.on("change", bump)
        cleanups.push(() => handle.off("change", bump))
        setLoaded((l) => [
          ...l,
          { documentId: entry.documentId, handle, memberId: entry.memberId! },
        ])
      } catch {
        if (!abort.signal.aborted) setFailed((f) => [...f, entry.title || entry.documentId])
      }
    })()
  }
  const items = createMemo<WorkItem[]>(() => {
    version()
    const boards: BoardForWork[] = []
    for (const l of loaded()) {
      const v = validateBoard(l.handle.doc())
      if (v.ok) boards.push({ boardId: l.documentId, board: v.board, memberId: l.memberId })
    }
    return myWork(boards, browserZone(), now())
  })
  return (
    <section class="home-section my-work" aria-labelledby="my-work-heading">
      <h2 id="my-work-heading">My work</h2>
      <Show
        when={items().length > 0}
        fallback={
          <p class="time-muted">
            {entries.length === 0
              ? "Join a board to see your cards here."
              : "Nothing on your plate."}
          </p>
        }
      >
        <ul class="time-list" aria-label="My cards and replies">
          <For each={items()}>
            {(item) => (
              <li data-kind={item.kind} classList={{ "is-overdue": item.overdue }}>
                <a href={cardHref(item.boardId, item.cardId)}>{item.title}</a>{" "}
                <span class="time-muted">
                  {item.cardTitle !== undefined ? `in ${item.cardTitle} ` : ""}on {item.boardTitle}
                </span>
                <div>
                  <Show when={item.kind === "reply" && item.reply}>
                    {(r) => (
                      <span class="time-reply" classList={{ "is-overdue": r().overdue }}>
                        {r().overdue ? "Reply overdue" : "Reply awaited"}
                      </span>
                    )}
                  </Show>
                  <Show when={item.deadline}>
                    {(d) => (
                      <span
                        class="time-deadline"
                        classList={{ "is-overdue": d().overdue, "is-soon": d().dueSoon }}
                      >
                        {d().overdue ? "Overdue · " : "Due "}
                        {d().local} ({d().relative})
                      </span>
                    )}
                  </Show>
                  <Show when={item.urgent}>
                    <span class="time-reply is-overdue">Urgent</span>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={failed().length > 0}>
        <p class="time-muted">Could not load: {failed().join(", ")}.</p>
      </Show>
    </section>
  )
}
