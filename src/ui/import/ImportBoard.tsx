/**
 * Home's "Import a board": Trello's JSON export or a Baton board file, by file picker or drop.
 * The file is read in a worker (importWorker.ts), a summary says what will come over and what
 * will not, and only after "Create board" is a board created: the worker writes it into a new
 * document and stores it on this device, telling the page its progress, while the page only
 * draws that progress. Then the new board opens like any board stored on this device.
 */
import { For, Match, Show, Switch, createSignal, onCleanup } from "solid-js"
import { importTarget, startImportWorker } from "../../session"
import type { FromWorker, ToWorker } from "../../session"
import { summaryLines } from "../../model/import/summary"
import type { ImportSummary } from "../../model/import/summary"
import { boardHash } from "../boardLink"
import { rememberBoard } from "../device"
import { newId } from "../ids"

type Phase =
  | { kind: "idle" }
  | { kind: "reading"; name: string }
  | { kind: "summary"; summary: ImportSummary }
  | { kind: "creating"; done: number; total: number; saving: boolean }
  | { kind: "error"; message: string }

export function ImportBoard() {
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

  const onMessage = (msg: FromWorker): void => {
    if (msg.type === "summary") setPhase({ kind: "summary", summary: msg.summary })
    else if (msg.type === "error") {
      stop()
      setPhase({ kind: "error", message: msg.message })
    } else if (msg.type === "progress")
      setPhase({ kind: "creating", done: msg.cards, total: msg.total, saving: msg.saving })
    else {
      stop()
      rememberBoard(msg.documentId, {
        title: msg.title,
        lastOpened: new Date().toISOString(),
        memberId,
      })
      setPhase({ kind: "idle" })
      location.hash = boardHash(msg.documentId)
    }
  }

  const create = (): void => {
    setPhase({ kind: "creating", done: 0, total: 0, saving: false })
    post({ type: "build", ...importTarget() })
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
              <button type="button" class="button primary" onClick={create}>
                Create board
              </button>
              <button type="button" class="button subtle" onClick={cancel}>
                Cancel
              </button>
            </div>
          </div>
        </Match>
        <Match when={phase().kind === "creating"}>
          <Show when={phase() as { done: number; total: number; saving: boolean }}>
            {(p) => (
              <div role="status">
                <p>
                  {p().saving
                    ? `Saving the board on this device… ${p().total.toLocaleString()} cards`
                    : `Creating the board… ${p().done.toLocaleString()} of ${p().total.toLocaleString()} cards`}
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
