/**
 * Settings → Files: how much of this device's storage attached files use, and a way to free
 * the cache of files opened here. Files waiting to upload are never freed (they exist nowhere
 * else yet); they open again from the relay once freed otherwise.
 */
import { Show, createResource, createSignal } from "solid-js"
import { formatBytes } from "../../pwa/persistence"
import { deviceFiles } from "../../session"

export function FileStorage(props: { onFreed?: () => void }) {
  const [usage, { refetch }] = createResource(() =>
    deviceFiles()
      .usage()
      .catch(() => null),
  )
  const [message, setMessage] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const free = async (): Promise<void> => {
    setBusy(true)
    try {
      const freed = await deviceFiles().freeCache()
      setMessage(`Freed ${formatBytes(freed)}.`)
    } catch (e) {
      setMessage(`The cache could not be freed: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      setBusy(false)
      void refetch()
      props.onFreed?.()
    }
  }
  return (
    <section aria-labelledby="pwa-files-title">
      <h2 id="pwa-files-title">Files</h2>
      <Show when={usage.state === "ready"} fallback={<p>Reading storage…</p>}>
        <Show when={usage()} fallback={<p>This browser does not let Baton keep files.</p>}>
          {(u) => (
            <dl class="pwa-facts">
              <dt>Used by files</dt>
              <dd data-testid="file-usage">
                {formatBytes(u().bytes)} ({u().files} file{u().files === 1 ? "" : "s"})
              </dd>
              <dt>Waiting to upload</dt>
              <dd data-testid="file-pending">
                {u().pendingFiles === 0
                  ? "none"
                  : `${u().pendingFiles} file${u().pendingFiles === 1 ? "" : "s"}, ${formatBytes(u().pendingBytes)} (kept until uploaded)`}
              </dd>
            </dl>
          )}
        </Show>
      </Show>
      <button
        type="button"
        class="pwa-button"
        disabled={busy() || (usage()?.bytes ?? 0) === (usage()?.pendingBytes ?? 0)}
        onClick={() => void free()}
      >
        Free the file cache
      </button>
      <div role="status" aria-live="polite">
        <Show when={message()}>{(m) => <p>{m()}</p>}</Show>
      </div>
    </section>
  )
}
