/**
 * The board page: opens the board's session (see `src/session/openBoard.ts`), says where it
 * is while it cannot be shown, and draws the board with `BoardView` once it can.
 */
import { Match, Switch, createEffect, createSignal, onCleanup, untrack } from "solid-js"
import type { BoardError } from "../../model"
import { openBoard } from "../../session"
import type { BoardPhase, BoardSession, DocumentId, Repo } from "../../session"
import { unsyncedChanges } from "../../session"
import { AppHeader } from "../chrome"
import { deviceBoard, rememberBoard } from "../device"
import { newId } from "../ids"
import { notify } from "../notices"
import { BoardView } from "./BoardView"

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
        <ReadyBoard {...props} session={session} memberId={memberId()} onMember={setMemberId} />
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
  createEffect(() => rememberBoard(id, { title: board.title }))
  // Whether this device has changes the relay lacks, for the home page: asked when the board
  // is left or the page hidden (counting reads the document's history).
  const recordSyncState = (): void => {
    const unsynced = unsyncedChanges(props.session.handle())
    if (unsynced !== undefined) rememberBoard(id, { unsynced })
  }
  const onHide = (): void => {
    if (document.visibilityState === "hidden") recordSyncState()
  }
  document.addEventListener("visibilitychange", onHide)
  onCleanup(() => {
    document.removeEventListener("visibilitychange", onHide)
    recordSyncState()
  })
  return (
    <BoardView
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
