/**
 * The card dialog's time section (the deadline in each person's time is `CardDeadlineTimes`,
 * inside the dialog's Deadline section): replies awaited on this card (with "resolved"), asking someone for a reply with `@` autocomplete, and
 * the card's history (who changed what, when) with a read-only view of the board at any point.
 */
import type * as A from "@automerge/automerge"
import type { DocHandle } from "@automerge/automerge-repo"
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js"
import { BoardHistory, boardAt, describeEvent } from "../../model/catchup"
import type { HistoryEntry } from "../../model/catchup"
import { addComment } from "../../model/comments"
import { cardsInList, visibleLists } from "../../model/queries"
import { linkMentions, replyStatuses, resolveReplies } from "../../model/replies"
import { formatDateTime } from "../../model/time"
import type { Board } from "../../model/types"
import { Dialog } from "../Dialog"
import { actOn } from "./act"
import type { CardContextProps } from "../extensions"
import { newId } from "../ids"
import { useNow, viewerZone } from "./clock"
import { MentionInput } from "./MentionInput"
import "./time.css"

const histories = new Map<string, { history: BoardHistory; busy: Promise<unknown> }>()

/** The history reader of a board (one per document, read in chunks, then incrementally). */
function historyOf(
  documentId: string,
  handle: DocHandle<Board>,
): { history: BoardHistory; ready: Promise<unknown> } {
  let h = histories.get(documentId)
  if (!h) {
    const history = new BoardHistory()
    h = { history, busy: Promise.resolve() }
    histories.set(documentId, h)
  }
  const entry = h
  entry.busy = entry.busy.then(() =>
    entry.history.updateInChunks(handle.doc(), () => new Promise((r) => setTimeout(r, 0)), 100),
  )
  return { history: entry.history, ready: entry.busy }
}

export function CardTimeSection(props: CardContextProps) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  const act = actOn(props.handle, () => props.memberId)
  const waits = createMemo(() => replyStatuses(props.card, props.board, now()))
  const name = (id: string | null): string =>
    id === null ? "Someone" : (props.board.members[id]?.name ?? "A former member")
  const [ask, setAsk] = createSignal("")
  const send = (): void => {
    const text = linkMentions(ask().trim(), props.board.members)
    if (text === "") return
    const cardId = props.card.id
    const ok = act("addComment", (d) =>
      addComment(d, cardId, {
        id: newId(),
        authorId: props.memberId,
        text,
        now: new Date().toISOString(),
      }),
    )
    if (ok) setAsk("")
  }

  const [history, setHistory] = createSignal<HistoryEntry[] | null>(null)
  const [loading, setLoading] = createSignal(false)
  const [viewing, setViewing] = createSignal<HistoryEntry | null>(null)
  let alive = true
  onCleanup(() => {
    alive = false
  })
  const loadHistory = (): void => {
    setLoading(true)
    const { history: h, ready } = historyOf(props.documentId, props.handle)
    void ready.then(() => {
      if (!alive) return
      setLoading(false)
      setHistory([...h.cardHistory(props.card.id)].reverse())
    })
  }
  const names = {
    member: (id: string) => name(id),
    list: (id: string) => props.board.lists[id]?.title ?? "a list",
  }

  return (
    <div class="card-time">
      <section class="card-section card-time-replies">
        <h3>Replies</h3>
        <Show when={waits().length > 0} fallback={<p class="time-muted">No reply awaited.</p>}>
          <ul class="time-list" aria-label="Awaited replies">
            <For each={waits()}>
              {(w) => (
                <li classList={{ "is-overdue": w.overdue }}>
                  {w.overdue ? "Reply overdue" : "Awaiting reply"} from{" "}
                  <strong>{name(w.memberId)}</strong> (asked by {name(w.askedBy)},{" "}
                  {Math.floor(w.elapsedHours * 10) / 10} of{" "}
                  {props.board.settings.replyWithinWorkingHours} working hours used
                  <Show when={w.dueAt !== null}>
                    ; due {formatDateTime(w.dueAt!, zone(), now())}
                  </Show>
                  )
                </li>
              )}
            </For>
          </ul>
          <button
            type="button"
            class="button"
            onClick={() => {
              const cardId = props.card.id
              act("resolveReplies", (d) => resolveReplies(d, cardId, new Date().toISOString()))
            }}
          >
            Mark conversation resolved
          </button>
        </Show>
        <form
          class="composer"
          onSubmit={(e) => {
            e.preventDefault()
            send()
          }}
        >
          <MentionInput
            members={props.board.members}
            value={ask()}
            onInput={setAsk}
            onSubmit={send}
            label="Ask for a reply"
            placeholder="Type @ to mention someone"
          />
          <div class="composer-actions">
            <button type="submit" class="button primary">
              Send
            </button>
          </div>
        </form>
      </section>
      <section class="card-section card-time-history">
        <h3>History</h3>
        <Show
          when={history()}
          fallback={
            <button type="button" class="button" disabled={loading()} onClick={loadHistory}>
              {loading() ? "Reading history…" : "Show history"}
            </button>
          }
        >
          {(entries) => (
            <ol class="time-list" aria-label="Card history">
              <For each={entries()}>
                {(e) => (
                  <li>
                    <span class="time-muted">{formatDateTime(e.at, zone(), now())}</span>{" "}
                    <strong>{name(e.by)}</strong>{" "}
                    {e.events.map((ev) => describeEvent(ev, names)).join(", ")}{" "}
                    <button type="button" class="button subtle" onClick={() => setViewing(e)}>
                      View board then
                    </button>
                  </li>
                )}
              </For>
            </ol>
          )}
        </Show>
      </section>
      <Show when={viewing()}>
        {(e) => (
          <BoardThen
            handle={props.handle}
            entry={e()}
            zone={zone()}
            onClose={() => setViewing(null)}
          />
        )}
      </Show>
    </div>
  )
}

/** Read-only view of the board right after a history entry. */
function BoardThen(props: {
  handle: DocHandle<Board>
  entry: HistoryEntry
  zone: string
  onClose: () => void
}) {
  const view = createMemo(() => boardAt(props.handle.doc() as A.Doc<Board>, [props.entry.hash]))
  return (
    <Dialog
      title={`The board on ${formatDateTime(props.entry.at, props.zone, Date.now())} (read-only)`}
      class="time-dialog"
      onClose={() => props.onClose()}
    >
      <Show when={view()} fallback={<p>That point is not in this board's history.</p>}>
        {(v) => (
          <div class="board-then">
            <For each={visibleLists(v())}>
              {(list) => (
                <section>
                  <h3>{list.title}</h3>
                  <ul class="time-list">
                    <For each={cardsInList(v(), list.id)}>{(c) => <li>{c.title}</li>}</For>
                  </ul>
                </section>
              )}
            </For>
          </div>
        )}
      </Show>
    </Dialog>
  )
}
