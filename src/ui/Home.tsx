/**
 * Home: the boards on this device, a new board (empty, or from a template board), opening a
 * pasted link, removing a board.
 */
import { For, Show, createSignal, onCleanup, onMount } from "solid-js"
import { whenIdle } from "../shared/idle"
import { createBoard as createBoardIn, removeBoardCopy, watchStoredBoardSync } from "../session"
import type { Repo } from "../session"
import { boardHash, documentIdFromInput } from "./boardLink"
import { deviceBoards, forgetBoard, rememberBoard } from "./device"
import { extensions } from "./extensions"
import { newId } from "./ids"
import { relativeTime } from "./format"
import { ImportBoard } from "./import/ImportBoard"
import { NewBoardFromTemplate } from "./NewBoardFromTemplate"
import { deletedOn } from "./board/DeleteBoard"

export function Home(props: { repo: Repo }) {
  const [link, setLink] = createSignal("")
  const [linkError, setLinkError] = createSignal<string | null>(null)
  const [confirmRemove, setConfirmRemove] = createSignal<string | null>(null)
  const [fromTemplate, setFromTemplate] = createSignal(false)

  // A board whose changes had not all reached the relay when it was last open is loaded once
  // the page is idle, so the repo sends them and its count here follows (a few at most: loading
  // a big board takes a moment).
  onMount(() => {
    const repo = props.repo
    const behind = deviceBoards()
      .filter((b) => b.unsynced !== null && b.unsynced !== 0 && !b.deleted)
      .slice(0, 3)
    const cancel = whenIdle(() => {
      for (const b of behind) watchStoredBoardSync(repo, b.documentId)
    }, 500)
    onCleanup(cancel)
  })

  const createBoard = async (): Promise<void> => {
    const memberId = newId()
    const now = new Date().toISOString()
    const id = await createBoardIn(props.repo, { title: "Untitled board", memberId, now })
    rememberBoard(id, { title: "Untitled board", lastOpened: now, memberId })
    location.hash = boardHash(id)
  }

  const openLink = (e: Event): void => {
    e.preventDefault()
    const id = documentIdFromInput(link())
    if (id === null) {
      setLinkError(
        "That is not a Baton board link. A link looks like https://…/#/b/… — paste it whole.",
      )
      return
    }
    setLinkError(null)
    location.hash = boardHash(id)
  }

  return (
    <main class="page home">
      <section class="home-section" aria-labelledby="boards-heading">
        <div class="section-head">
          <h1 id="boards-heading">Your boards</h1>
          <div class="section-actions">
            <Show when={deviceBoards().length > 0}>
              <button type="button" class="button" onClick={() => setFromTemplate(true)}>
                From a template…
              </button>
            </Show>
            <button type="button" class="button primary" onClick={() => void createBoard()}>
              New board
            </button>
          </div>
        </div>
        <Show when={fromTemplate()}>
          <NewBoardFromTemplate repo={props.repo} onClose={() => setFromTemplate(false)} />
        </Show>
        <Show
          when={deviceBoards().length > 0}
          fallback={
            <p class="empty">
              No boards on this device yet. Create one, or open a link a teammate sent you.
            </p>
          }
        >
          <ul class="board-list">
            <For each={deviceBoards()}>
              {(b) => (
                <li class="board-entry">
                  <a class="board-link" href={boardHash(b.documentId)}>
                    <span class="board-name">
                      {b.title || "Untitled board"}
                      <Show when={b.template === true}>
                        <span class="badge plain template-badge">Template</span>
                      </Show>
                    </span>
                    <Show when={b.deleted} keyed>
                      {(d) => (
                        <span class="board-deleted-note">
                          Deleted for everyone by {d.by} on {deletedOn(d.at)}
                        </span>
                      )}
                    </Show>
                    <span class="muted">
                      opened {relativeTime(b.lastOpened, new Date())}
                      {b.unsynced === null
                        ? ""
                        : b.unsynced === 0
                          ? " · all changes on the relay"
                          : b.unsynced < 0
                            ? " · changes not yet on the relay"
                            : ` · ${b.unsynced} change${b.unsynced === 1 ? "" : "s"} not yet on the relay`}
                    </span>
                  </a>
                  <Show
                    when={confirmRemove() === b.documentId}
                    fallback={
                      <button
                        type="button"
                        class="button subtle"
                        aria-label={`Remove ${b.title || "Untitled board"} from this device`}
                        onClick={() => setConfirmRemove(b.documentId)}
                      >
                        Remove
                      </button>
                    }
                  >
                    <span class="confirm-inline" role="group" aria-label="Confirm removal">
                      <span>
                        {b.deleted
                          ? "Remove this deleted board and its copy from this device?"
                          : "Remove from this device? Teammates keep it."}
                      </span>
                      <button
                        type="button"
                        class="button danger"
                        onClick={() => {
                          if (b.deleted) removeBoardCopy(props.repo, b.documentId)
                          forgetBoard(b.documentId)
                          setConfirmRemove(null)
                        }}
                      >
                        Remove
                      </button>
                      <button
                        type="button"
                        class="button subtle"
                        onClick={() => setConfirmRemove(null)}
                      >
                        Keep
                      </button>
                    </span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section class="home-section" aria-labelledby="open-heading">
        <h2 id="open-heading">Open a board from a link</h2>
        <form class="open-link" onSubmit={openLink}>
          <label for="board-link-input">Board link</label>
          <input
            id="board-link-input"
            type="text"
            inputmode="url"
            autocomplete="off"
            placeholder="Paste a board link"
            value={link()}
            onInput={(e) => setLink(e.currentTarget.value)}
            aria-invalid={linkError() !== null}
            aria-describedby={linkError() !== null ? "board-link-error" : undefined}
          />
          <button type="submit" class="button">
            Open
          </button>
        </form>
        <Show when={linkError()}>
          {(msg) => (
            <p id="board-link-error" class="error" role="alert">
              {msg()}
            </p>
          )}
        </Show>
      </section>
      <ImportBoard />
      <For each={extensions.homeSections}>{(Section) => <Section repo={props.repo} />}</For>
    </main>
  )
}
