import { For, Show, createResource, createSignal, onCleanup, onMount } from "solid-js"
import type { Repo } from "../../session"
import { BATON_VERSION } from "../../pwa/version"
import { formatBytes, readStorageStatus, requestPersistentStorage } from "../../pwa/persistence"
import { installHint, promptInstall } from "../../pwa/install"
import type { InstallState } from "../../pwa/install"
import {
  BackupError,
  backupFileName,
  exportBackup,
  importBackup,
  readBackup,
  serializeBackup,
} from "../../session"
import type { ImportResult } from "../../session"
import { deviceBoards, rememberBoard } from "../device"
import { FileStorage } from "./FileStorage"

/**
 * Settings (`#/settings`): this device's storage (usage, quota, persistence, attached files),
 * backups of all boards, installing the app, and the running version. A modal dialog; Escape or Close goes
 * back to the boards.
 */
export function SettingsDialog(props: {
  repo: Repo
  installState: InstallState
  onClose: () => void
}) {
  let dialog: HTMLDialogElement | undefined
  const [status, { refetch }] = createResource(() => readStorageStatus())
  const [busy, setBusy] = createSignal<"export" | "import" | null>(null)
  const [message, setMessage] = createSignal<string | null>(null)
  const [problems, setProblems] = createSignal<string[]>([])

  onMount(() => {
    if (dialog && !dialog.open) dialog.showModal()
  })
  onCleanup(() => dialog?.close())

  const askPersistence = async (): Promise<void> => {
    await requestPersistentStorage()
    void refetch()
  }

  const exportAll = async (): Promise<void> => {
    setBusy("export")
    setMessage(null)
    setProblems([])
    try {
      const now = new Date()
      const ids = deviceBoards().map((b) => b.documentId)
      const { backup, missing } = await exportBackup(props.repo, ids, now)
      const blob = new Blob([serializeBackup(backup)], { type: "application/json" })
      const url = URL.createObjectURL(blob)
      const a = document.createElement("a")
      a.href = url
      a.download = backupFileName(now)
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      const count = backup.boards.length
      setMessage(`Exported ${count} board${count === 1 ? "" : "s"} to ${a.download}.`)
      setProblems(
        missing.map(
          (id) => `Board ${id} could not be loaded on this device and is not in the backup.`,
        ),
      )
    } catch (e) {
      setProblems([`Export failed: ${e instanceof Error ? e.message : String(e)}`])
    } finally {
      setBusy(null)
    }
  }

  const importFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0]
    if (file === undefined) return
    setBusy("import")
    setMessage(null)
    setProblems([])
    try {
      const parsed = await readBackup(await file.text())
      const result: ImportResult = await importBackup(props.repo, parsed)
      const now = new Date().toISOString()
      for (const b of result.restored)
        rememberBoard(b.documentId, { title: b.title, lastOpened: now })
      const n = result.restored.length
      setMessage(`Restored ${n} board${n === 1 ? "" : "s"} from ${file.name}.`)
      setProblems(result.failed.map((f) => f.reason))
      void refetch()
    } catch (e) {
      setProblems([
        e instanceof BackupError
          ? e.message
          : `Import failed: ${e instanceof Error ? e.message : String(e)}`,
      ])
    } finally {
      input.value = ""
      setBusy(null)
    }
  }

  return (
    <dialog
      ref={dialog}
      class="pwa-dialog"
      aria-labelledby="pwa-settings-title"
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
    >
      <div class="pwa-dialog-head">
        <h1 id="pwa-settings-title">Settings</h1>
        <button type="button" class="pwa-button subtle" onClick={() => props.onClose()}>
          Close
        </button>
      </div>

      <section aria-labelledby="pwa-storage-title">
        <h2 id="pwa-storage-title">Storage on this device</h2>
        <Show when={status()} fallback={<p>Reading storage…</p>}>
          {(s) => (
            <dl class="pwa-facts">
              <dt>Used</dt>
              <dd data-testid="storage-usage">
                {s().usage === null ? "unknown" : formatBytes(s().usage ?? 0)}
                {s().quota !== null ? ` of ${formatBytes(s().quota ?? 0)} available` : ""}
              </dd>
              <dt>Persistent</dt>
              <dd data-testid="storage-persisted">
                {s().persisted === null
                  ? "unknown"
                  : s().persisted
                    ? "Yes: the browser will not clear Baton’s data to free space."
                    : "No: the browser may clear Baton’s data when the disk is full. Export a backup now and then."}
              </dd>
            </dl>
          )}
        </Show>
        <Show when={status()?.persisted === false}>
          <button type="button" class="pwa-button" onClick={() => void askPersistence()}>
            Ask to keep data
          </button>
        </Show>
      </section>

      <FileStorage onFreed={() => void refetch()} />

      <section aria-labelledby="pwa-backup-title">
        <h2 id="pwa-backup-title">Backup</h2>
        <p>A backup holds every board on this device with its full history.</p>
        <div class="pwa-row">
          <button
            type="button"
            class="pwa-button"
            disabled={busy() !== null}
            onClick={() => void exportAll()}
          >
            {busy() === "export" ? "Exporting…" : "Export all boards"}
          </button>
          <label class="pwa-button pwa-file">
            {busy() === "import" ? "Importing…" : "Import backup"}
            <input
              type="file"
              accept=".json,application/json"
              disabled={busy() !== null}
              onChange={(e) => void importFile(e.currentTarget)}
            />
          </label>
        </div>
        <div role="status" aria-live="polite">
          <Show when={message()}>{(m) => <p data-testid="backup-message">{m()}</p>}</Show>
        </div>
        <div role="alert">
          <For each={problems()}>{(p) => <p class="pwa-error">{p}</p>}</For>
        </div>
      </section>

      <section aria-labelledby="pwa-install-title">
        <h2 id="pwa-install-title">App</h2>
        <Show
          when={props.installState === "available"}
          fallback={
            <p>
              {props.installState === "installed"
                ? "Baton is installed on this device."
                : installHint(navigator.userAgent)}
            </p>
          }
        >
          <button type="button" class="pwa-button" onClick={() => void promptInstall()}>
            Install Baton
          </button>
        </Show>
        <p class="pwa-muted">
          Baton version <span data-testid="baton-version">{BATON_VERSION}</span>. Works offline once
          opened.
        </p>
      </section>
    </dialog>
  )
}
