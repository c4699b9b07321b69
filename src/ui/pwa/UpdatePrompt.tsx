import { Show, createSignal } from "solid-js"
import type { UpdateState } from "../../pwa/updates"

/**
 * The non-blocking update prompt: a small bar that never takes focus and never reloads by
 * itself. "Reload" saves everything first (see src/pwa/updates.ts); "Later" hides it until
 * the next page load.
 */
export function UpdatePrompt(props: { state: UpdateState; onReload: () => Promise<void> }) {
  const [dismissed, setDismissed] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const reload = async (): Promise<void> => {
    setError(null)
    try {
      await props.onReload()
    } catch (e) {
      setError(
        `Could not save before reloading, so Baton did not reload: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
  }
  return (
    <div class="pwa-toast-region" role="status" aria-live="polite">
      <Show when={props.state !== "current" && !dismissed()}>
        <div class="pwa-toast" data-testid="update-prompt">
          <span>A new version of Baton is ready — </span>
          <button
            type="button"
            class="pwa-button primary"
            disabled={props.state === "reloading"}
            onClick={() => void reload()}
          >
            {props.state === "reloading" ? "Saving…" : "Reload"}
          </button>
          <button type="button" class="pwa-button subtle" onClick={() => setDismissed(true)}>
            Later
          </button>
          <Show when={error()}>{(message) => <p class="pwa-error">{message()}</p>}</Show>
        </div>
      </Show>
    </div>
  )
}
