/**
 * Home's "Import a board": Trello's JSON export or a Baton board file, by file picker or drop.
 * The file is read in a worker (importWorker.ts), a summary says what will come over and what
 * will not, and only after "Create board" is a board created: the worker builds its document
 * as a series of changes (the board, then 50 cards per change) and the page applies each on
 * its own turn of the event loop, so a 5,000-card board shows its progress and the page keeps
 * answering. Then the new board opens.
 */
import { For, Match, Show, Switch, createSignal, onCleanup } from "solid-js"
import { automergeReady, importTarget, startImportWorker } from "../../session"
import type { DocumentId, FromWorker, ImportTarget, Repo, ToWorker } from "../../session"
import { summaryLines } from "../../model/import/summary"
import type { ImportSummary } from "../../model/import/summary"
import { boardHash } from "../boardLink"
import { rememberBoard } from "../device"
import { newId } from "../ids"

/** Small enough that applying one change stays well under a frame budget of long tasks. */
const CARDS_PER_CHANGE = 50

type Phase =
  | { kind: "idle" }
  | { kind: "reading"; name: string }
  | { kind: "summary"; summary: ImportSummary }
  | { kind: "creating"; done: number; total: number }
  | { kind: "error"; message: string }

export function ImportBoard(props: { repo: Repo }) {
  const [phase, setPhase] = createSignal<Phase>({ kind: "idle" })
  const [over, setOver] = createSignal(false)
  let worker: Worker | null = null
  let fileInput: HTMLInputElement | undefined
  let memberId = ""
  const stop = (): void => {
    worker?.terminate()
    worker = null
  }
  onCleanup(stop)

  const post = (msg: ToWorker, transfer: Transferable[] = []): void =>
    worker?.postMessage(msg, transfer)

  const read = async (file: File): Promise<void> => {
    stop()
    setPhase({ kind: "reading", name: file.name })
    const bytes = await file.arrayBuffer()
    memberId = newId()
    worker = startImportWorker()
    worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data)
    worker.onerror = () => {
      stop()
      setPhase({ kind: "error", message: "The file could not be read. Nothing was created." })
    }
    post(
      {
        type: "plan",
        bytes,
        memberId,
        now: new Date().toISOString(),
        zone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
      },
      [bytes],
    )
  }

  // Creation: the worker sends the board as Automerge changes; each is applied on its own
  // turn of the event loop, so the page keeps drawing (and shows the progress) in between.
  let target: ImportTarget | null = null
  let documentId: DocumentId | null = null
  let title = ""
  const queue: Extract<FromWorker, { type: "change" }>[] = []
  let ended = false
  let draining = false
  const drain = (): void => {
    if (draining) return
    const next = queue.shift()
    if (next === undefined) {
      if (ended) finish()
      return
    }
    draining = true
    target ??= importTarget(props.repo)
    title = next.title
    documentId = target.apply(next.bytes)
    const p = phase()
    setPhase({
      kind: "creating",
      done: (p.kind === "creating" ? p.done : 0) + next.cards,
      total: next.total,
    })
    setTimeout(() => {
      draining = false
      drain()
    }, 0)
  }
  const finish = (): void => {
    const id = documentId
    stop()
    target = null
    documentId = null
    if (id === null) return
    rememberBoard(id, { title, lastOpened: new Date().toISOString(), memberId })
    setPhase({ kind: "idle" })
    location.hash = boardHash(id)
  }

  const onMessage = (msg: FromWorker): void => {
    if (msg.type === "summary") setPhase({ kind: "summary", summary: msg.summary })
    else if (msg.type === "error") {
      stop()
      setPhase({ kind: "error", message: msg.message })
    } else if (msg.type === "change") {
      queue.push(msg)
      drain()
    } else {
      ended = true
      drain()
    }
  }

  const create = async (): Promise<void> => {
    await automergeReady()
    queue.length = 0
    ended = false
    setPhase({ kind: "creating", done: 0, total: 0 })
    post({ type: "build", cardsPerChange: CARDS_PER_CHANGE })
  }

  const cancel = (): void => {
    stop()
    setPhase({ kind: "idle" })
  }

  const onFiles = (files: FileList | null | undefined): void => {
    const f = files?.[0]
    if (f !== undefined) void read(f)
  }

  return (
    <section class="home-section" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a board</h2>
      <div
        class="import-drop"
        classList={{ over: over() }}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          onFiles(e.dataTransfer?.files)
        }}
      >
        <p class="muted">
          From Trello: board menu → Print, export and share → Export as JSON. Drop the file here, or
          choose it. A Baton board file (board menu → Export → JSON) works too.
        </p>
        <button type="button" class="button" onClick={() => fileInput?.click()}>
          Import from Trello
        </button>
        <input
          ref={fileInput}
          class="sr-only"
          type="file"
          accept=".json,application/json"
          aria-label="Board export file"
          tabIndex={-1}
          onChange={(e) => {
            onFiles(e.currentTarget.files)
            e.currentTarget.value = ""
          }}
        />
      </div>
      <Switch>
        <Match when={phase().kind === "reading"}>
          <p role="status">Reading {(phase() as { name: string }).name}…</p>
        </Match>
        <Match when={phase().kind === "error"}>
          <p class="error" role="alert">
            {(phase() as { message: string }).message}
          </p>
        </Match>
        <Match when={phase().kind === "summary"}>
          <div class="import-summary" role="region" aria-label="Import summary">
            <ul>
              <For each={summaryLines((phase() as { summary: ImportSummary }).summary)}>
                {(line) => <li>{line}</li>}
              </For>
            </ul>
            <div class="import-actions">
              <button type="button" class="button primary" onClick={() => void create()}>
                Create board
              </button>
              <button type="button" class="button subtle" onClick={cancel}>
                Cancel
              </button>
            </div>
          </div>
        </Match>
        <Match when={phase().kind === "creating"}>
          <Show when={phase() as { done: number; total: number }}>
            {(p) => (
              <div role="status">
                <p>
                  Creating the board… {p().done.toLocaleString()} of {p().total.toLocaleString()}{" "}
                  cards
                </p>
                <progress
                  class="import-progress"
                  max={Math.max(1, p().total)}
                  value={p().done}
                  aria-label="Import progress"
                />
              </div>
            )}
          </Show>
        </Match>
      </Switch>
    </section>
  )
}
