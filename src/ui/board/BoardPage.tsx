/**
 * The board page: opens the board's session (see `src/session/openBoard.ts`), says where it
 * is while it cannot be shown, and draws the board with `BoardView` once it can.
 */
import { Match, Show, Switch, createEffect, createSignal, onCleanup, untrack } from "solid-js"
import type { BoardError } from "../../model"
import { openBoard } from "../../session"
import type { BoardPhase, BoardSession, DocumentId, Repo } from "../../session"
import { copyAsNewBoard, watchBoardSync } from "../../session"
import { boardHash } from "../boardLink"
import { AppHeader } from "../chrome"
import { deviceBoard, rememberBoard } from "../device"
import { newId } from "../ids"
import { notify } from "../notices"
import { BoardView } from "./BoardView"
import { deleterName } from "./DeleteBoard"
import { boardDeletion } from "../../model"

const ERROR_TITLES: Record<BoardError["kind"], string> = {
  "not-a-board": "This is not a Baton board",
  "newer-schema": "This board needs a newer Baton",
  "older-schema": "This board needs an upgrade",
  malformed: "This board's data is damaged",
}

/** Until the first frame that shows a snapshot (a hidden tab draws none: at most 200 ms). */
const nextFrame = (): Promise<void> =>
  new Promise((r) => {
    requestAnimationFrame(() => setTimeout(r, 0))
    setTimeout(r, 200)
  })

export function BoardPage(props: {
  repo: Repo
  documentId: DocumentId
  cardId: string | null
  query: URLSearchParams
}) {
  const documentId = props.documentId // eslint-disable-line solid/reactivity -- keyed by App
  const [memberId, setMemberId] = createSignal(deviceBoard(documentId)?.memberId ?? newId())
  // eslint-disable-next-line solid/reactivity -- keyed by App: one repo, one board
  const session = openBoard(props.repo, documentId, {
    memberId,
    notify: (message) => notify(message, { kind: "error" }),
    afterSnapshot: nextFrame,
  })
  onCleanup(() => session.close())
  const phase = session.phase
  const kind = (): BoardPhase["kind"] => phase().kind
  return (
    <Switch>
      <Match when={kind() === "ready"}>
        <Show when={session.access().refused} keyed>
          {(reason) => (
            <AccessRefused
              reason={reason}
              repo={props.repo}
              session={session}
              memberId={memberId()}
            />
          )}
        </Show>
        <ReadyBoard {...props} session={session} memberId={memberId()} onMember={setMemberId} />
      </Match>
      <Match when={session.access().refused !== null && kind() === "missing"}>
        <Message title="You cannot open this board">
          {refusedText(session.access().refused ?? "")}
        </Message>
      </Match>
      <Match when={kind() === "loading"}>
        <Message status>Opening the board…</Message>
      </Match>
      <Match when={phase()} keyed>
        {(p) => (
          <Message title={title(p)}>
            {p.kind === "missing"
              ? `${p.reason === "stored-copy-unreadable" ? "This device's copy of it could not be read (its storage is damaged)" : "It is not stored on this device"}, and the relay does not have it right now (you may be offline, or the person who made it has not been online since). Keep this page open: the board opens by itself as soon as it arrives.`
              : p.kind === "damaged"
                ? p.reason
                : `Baton could not load it (${p.kind === "failed" ? p.reason : ""}). Nothing was changed.`}
          </Message>
        )}
      </Match>
    </Switch>
  )
}

/** What the person is told when the relay refuses this device the board. */
export function refusedText(reason: string): string {
  if (reason === "link-stopped")
    return "This link no longer works. Ask someone on the board for a new one."
  if (reason === "device-removed")
    return "An editor removed you from this board. Ask an editor if you should still be on it."
  return "This device has no access to this board. Ask someone on the board for a link."
}

/**
 * The relay refuses this device the board, which is on the device: it stays readable here,
 * and whatever was changed here and never reached the board is offered as a copy.
 */
function AccessRefused(props: {
  reason: string
  repo: Repo
  session: BoardSession
  memberId: string
}) {
  const copy = (): void => {
    const handle = props.session.handle()
    if (handle === null) return
    const id = copyAsNewBoard(props.repo, handle, props.memberId)
    // The same person on the copy: the member this device was on the board.
    rememberBoard(id, { memberId: props.memberId, lastOpened: new Date().toISOString() })
    notify("A copy of this board, with what you changed here, is now a board of your own.")
    location.hash = boardHash(id)
  }
  return (
    <div role="alert" class="message-box access-refused">
      <p>
        <strong>{refusedText(props.reason)}</strong>
      </p>
      <p>
        What you see is this device's copy. Anything changed here that did not reach the board is
        kept on this device: save it as a board of your own to keep working on it.
      </p>
      <p>
        <button
          type="button"
          class="button primary"
          disabled={props.session.handle() === null}
          onClick={copy}
        >
          Save a copy as a new board
        </button>
      </p>
    </div>
  )
}

function title(p: BoardPhase): string {
  if (p.kind === "missing") return "This board is not here yet"
  if (p.kind === "damaged") return ERROR_TITLES[p.error.kind]
  return "This board could not be opened"
}

function Message(props: { title?: string; status?: boolean; children: string }) {
  return (
    <>
      <AppHeader />
      <main class="page page-message">
        {props.status === true ? (
          <p class="message-box" role="status">
            {props.children}
          </p>
        ) : (
          <div class="message-box" role="alert">
            <h1>{props.title}</h1>
            <p>{props.children}</p>
            <p>
              <a class="button" href="#/">
                Go to your boards
              </a>
            </p>
          </div>
        )}
      </main>
    </>
  )
}

function ReadyBoard(props: {
  repo: Repo
  session: BoardSession
  documentId: DocumentId
  memberId: string
  onMember: (memberId: string) => void
  cardId: string | null
  query: URLSearchParams
}) {
  const id = props.documentId // eslint-disable-line solid/reactivity -- keyed by App
  const board = props.session.state // eslint-disable-line solid/reactivity -- one session
  rememberBoard(id, {
    lastOpened: new Date().toISOString(),
    memberId: untrack(() => props.memberId),
  })
  createEffect(() => rememberBoard(id, { title: board.title, template: board.template === true }))
  // Home shows a board deleted for everyone as such, once this device has seen it deleted.
  createEffect(() => {
    const d = boardDeletion(board)
    if (d !== null && deviceBoard(id)?.deleted?.at !== d.at)
      rememberBoard(id, { deleted: { by: deleterName(board), at: d.at } })
  })
  // The board's sync status, which home shows too, is watched from the moment the document is
  // here, whether or not the toolbar's indicator is drawn yet, and after the page is left.
  createEffect(() => {
    const handle = props.session.handle()
    if (handle !== null) onCleanup(watchBoardSync(handle, () => {}))
  })
  return (
    <BoardView
      repo={props.repo}
      session={props.session}
      memberId={props.memberId}
      onChooseMember={(member) => {
        props.onMember(member)
        rememberBoard(id, { memberId: member })
      }}
      cardId={props.cardId}
      query={props.query}
    />
  )
}
