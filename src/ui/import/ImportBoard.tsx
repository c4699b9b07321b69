/**
 * Home's "Import a board": Trello's JSON export or a Baton board file, by file picker or drop.
 * The file is read in a worker (importWorker.ts), a summary says what will come over and what
 * will not, and only after "Create board" is a board created: its skeleton in one change,
 * then its cards in slices with a pause between them, so a 5,000-card board shows its
 * progress and the page keeps answering. Then the new board opens.
 */
import { For, Match, Show, Switch, createSignal, onCleanup } from "solid-js"
import { wasmInitialized } from "@automerge/automerge"
import type { DocHandle, Repo } from "@automerge/automerge-repo"
import { summaryLines } from "../../model/import/summary"
import type { ImportSummary } from "../../model/import/summary"
import { bucketOf } from "../../model/buckets"
import type { Board, Card } from "../../model/types"
import { boardHash } from "../../sync/boardLink"
import { changeBoard } from "../../sync/changeBoard"
import { rememberBoard } from "../device"
import { newId } from "../ids"
import type { FromWorker, ToWorker } from "./protocol"

const CARDS_PER_SLICE = 100

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
    worker = new Worker(new URL("./importWorker.ts", import.meta.url), { type: "module" })
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

  // Creation: the worker sends the skeleton and then slices of cards; each is one change,
  // written on its own turn of the event loop.
  let handle: DocHandle<Board> | null = null
  let title = ""
  const queue: Card[][] = []
  let ended = false
  let draining = false
  const drain = (): void => {
    if (draining || handle === null) return
    const slice = queue.shift()
    if (slice === undefined) {
      if (ended) finish()
      return
    }
    draining = true
    const h = handle
    changeBoard(h, memberId, "importBoard", (d) => {
      for (const c of slice) (d.cardBuckets[bucketOf(c.id)] as Record<string, Card>)[c.id] = c
    })
    const p = phase()
    if (p.kind === "creating") setPhase({ ...p, done: p.done + slice.length })
    setTimeout(() => {
      draining = false
      drain()
    }, 0)
  }
  const finish = (): void => {
    const h = handle
    stop()
    handle = null
    if (h === null) return
    rememberBoard(h.documentId, { title, lastOpened: new Date().toISOString(), memberId })
    setPhase({ kind: "idle" })
    location.hash = boardHash(h.documentId)
  }

  const onMessage = (msg: FromWorker): void => {
    if (msg.type === "summary") setPhase({ kind: "summary", summary: msg.summary })
    else if (msg.type === "error") {
      stop()
      setPhase({ kind: "error", message: msg.message })
    } else if (msg.type === "skeleton") {
      handle = props.repo.create<Board>()
      title = msg.board.title
      const h = handle
      changeBoard(h, memberId, "importBoard", (d) => {
        const o = d as unknown as Record<string, unknown>
        for (const [k, v] of Object.entries(msg.board)) o[k] = v
      })
      setPhase({ kind: "creating", done: 0, total: msg.cards })
    } else if (msg.type === "cards") {
      queue.push(msg.cards)
      drain()
    } else {
      ended = true
      drain()
    }
  }

  const create = async (): Promise<void> => {
    await wasmInitialized()
    queue.length = 0
    ended = false
    post({ type: "send", cardsPerSlice: CARDS_PER_SLICE })
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
