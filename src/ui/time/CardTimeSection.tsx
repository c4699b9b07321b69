/**
 * The card dialog's time section (the deadline in each person's time is `CardDeadlineTimes`,
 * inside the dialog's Deadline section): replies awaited on this card (with "resolved"), asking someone for a reply with `@` autocomplete, and
 * the card's history (who changed what, when) with a read-only view of the board at any point.
 */
import type { Doc, DocHandle } from "../../session"
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js"
import { boardAt, deadlineText, describeEntry, short } from "../../model/catchup"
import type { HistoryEntry } from "../../model/catchup"
import { cardsInList, visibleLists } from "../../model/queries"
import { linkMentions, mentionedIds, replyStatuses, replyWindowHours } from "../../model/replies"
import { formatDateTime, mentionHint, offHoursNote } from "../../model/time"
import type { Board, Card, ChecklistItem } from "../../model/types"
import { Dialog } from "../Dialog"
import type { CardContextProps } from "../extensions"
import { newId } from "../ids"
import { useNow, viewerZone } from "./clock"
import { MentionInput } from "./MentionInput"
import { historyOf } from "./historyIndex"
import "./time.css"

export function CardTimeSection(props: CardContextProps) {
  const now = useNow()
  const zone = createMemo(() => viewerZone(props.board, props.memberId))
  const waits = createMemo(() => replyStatuses(props.card, props.board, now()))
  const name = (id: string | null): string =>
    id === null ? "Someone" : (props.board.members[id]?.name ?? "A former member")
  const [ask, setAsk] = createSignal("")
  /** The comment being answered (the Reply button on an awaited reply), if any. */
  const [replyTo, setReplyTo] = createSignal<{ commentId: string; askedBy: string } | null>(null)
  const send = (): void => {
    const text = linkMentions(ask().trim(), props.board.members)
    if (text === "") return
    const cardId = props.card.id
    const to = replyTo()
    const ok = props.session.act("addComment", cardId, {
      id: newId(),
      authorId: props.memberId,
      text,
      now: new Date().toISOString(),
      ...(to ? { replyTo: to.commentId } : {}),
    })
    if (ok) {
      setAsk("")
      setReplyTo(null)
    }
  }
  let composer: HTMLTextAreaElement | undefined
  const replyHours = createMemo(() => replyWindowHours(props.board))
  /** Off-hours notes for everyone the draft mentions (before sending). */
  const notes = createMemo(() => {
    const ids = mentionedIds(linkMentions(ask(), props.board.members))
    const out: string[] = []
    for (const id of ids) {
      const m = props.board.members[id]
      if (!m || id === props.memberId) continue
      const n = offHoursNote(m, zone(), now(), replyHours())
      if (n) out.push(n)
    }
    return out
  })

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
      setHistory([...h().cardHistory(props.card.id)].reverse())
    })
  }
  const names = {
    member: (id: string) => name(id),
    list: (id: string) => props.board.lists[id]?.title ?? "a list",
    label: (id: string) => props.board.labels[id]?.name || "a label",
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
                  {Math.floor(w.elapsedHours * 10) / 10} of {replyHours()} working hours used
                  <Show
                    when={w.dueAt !== null}
                    fallback={<>; the clock is paused while they are away</>}
                  >
                    ; due {formatDateTime(w.dueAt!, zone(), now())}
                  </Show>
                  ){" "}
                  <span class="time-muted">
                    This board expects replies within {replyHours()} working hours.
                  </span>
                  <Show when={w.memberId === props.memberId}>
                    {" "}
                    <button
                      type="button"
                      class="button small"
                      onClick={() => {
                        setReplyTo({ commentId: w.commentId, askedBy: w.askedBy })
                        composer?.focus()
                      }}
                    >
                      Reply to {name(w.askedBy)}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={props.session.may("resolveReplies")}>
            <button
              type="button"
              class="button"
              onClick={() => {
                const cardId = props.card.id
                props.session.act("resolveReplies", cardId, new Date().toISOString())
              }}
            >
              Mark conversation resolved
            </button>
          </Show>
        </Show>
        <form
          class="composer"
          onSubmit={(e) => {
            e.preventDefault()
            send()
          }}
        >
          <Show when={replyTo()}>
            {(r) => (
              <p class="replying-to">
                Replying to {name(r().askedBy)}{" "}
                <button type="button" class="button subtle small" onClick={() => setReplyTo(null)}>
                  Cancel reply
                </button>
              </p>
            )}
          </Show>
          <MentionInput
            members={props.board.members}
            value={ask()}
            onInput={setAsk}
            onSubmit={send}
            label="Ask for a reply"
            placeholder="Type @ to mention someone"
            hint={(m) => mentionHint(m, now())}
            ref={(el) => (composer = el)}
          />
          <Show when={notes().length > 0}>
            <ul class="time-list off-hours-notes" aria-live="polite" aria-label="Before you send">
              <For each={notes()}>{(n) => <li class="off-hours-note">{n}</li>}</For>
            </ul>
          </Show>
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
                    {describeEntry(
                      props.handle.doc() as Doc<Board>,
                      props.card.id,
                      e,
                      names,
                      zone(),
                      now(),
                    ).join(", ")}{" "}
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
  const view = createMemo(() => boardAt(props.handle.doc() as Doc<Board>, [props.entry.hash]))
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
                    <For each={cardsInList(v(), list.id)}>
                      {(c) => <CardThen card={c} board={v()} zone={props.zone} />}
                    </For>
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

/** One card as it was: title, flags, owners, labels, deadline, checklist, description, comments. */
function CardThen(props: { card: Card; board: Board; zone: string }) {
  const c = (): Card => props.card
  const owners = (): string =>
    Object.keys(c().owners ?? {})
      .map((id) => props.board.members?.[id]?.name ?? "a former member")
      .join(", ")
  const labels = (): string =>
    Object.keys(c().labels ?? {})
      .map((id) => props.board.labels?.[id]?.name || "a label")
      .join(", ")
  const items = (): ChecklistItem[] =>
    Object.values(c().checklists ?? {}).flatMap((list) => Object.values(list.items ?? {}))
  const flags = (): string =>
    [
      c().done ? "done" : "",
      c().archived ? "archived" : "",
      c().urgent ? "urgent" : "",
      c().important ? "important" : "",
      c().pinnedAt ? "pinned" : "",
    ]
      .filter(Boolean)
      .join(", ")
  return (
    <li class="card-then" data-card={c().id}>
      <strong>{c().title}</strong>
      <Show when={flags()}>
        <span class="time-muted"> ({flags()})</span>
      </Show>
      <dl class="card-then-fields">
        <Show when={owners()}>
          <dt>Owners</dt>
          <dd>{owners()}</dd>
        </Show>
        <Show when={labels()}>
          <dt>Labels</dt>
          <dd>{labels()}</dd>
        </Show>
        <Show when={c().deadline}>
          <dt>Deadline</dt>
          <dd>{deadlineText(c().deadline, props.zone, Date.now())}</dd>
        </Show>
        <Show when={items().length > 0}>
          <dt>Checklist</dt>
          <dd>
            {items().filter((i) => i.done).length} of {items().length} done:{" "}
            {items()
              .map((i) => `${i.done ? "☑" : "☐"} ${i.text}`)
              .join(", ")}
          </dd>
        </Show>
        <Show when={String(c().description ?? "").trim() !== ""}>
          <dt>Description</dt>
          <dd>{short(String(c().description), 300)}</dd>
        </Show>
        <Show when={Object.keys(c().comments ?? {}).length > 0}>
          <dt>Comments</dt>
          <dd>{Object.keys(c().comments ?? {}).length}</dd>
        </Show>
      </dl>
    </li>
  )
}
