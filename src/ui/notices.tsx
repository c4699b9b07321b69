/**
 * Toasts (with an optional Undo) and screen-reader announcements. One live region for
 * announcements and one for toasts, rendered once by `<Notices />`.
 */
import { For, Show, createRoot, createSignal } from "solid-js"
import type { Accessor, Setter } from "solid-js"

interface Toast {
  id: number
  message: Accessor<string>
  setMessage: Setter<string>
  kind: "info" | "error"
  undo?: () => void
  key?: string
  timer?: ReturnType<typeof setTimeout>
}

const [toasts, setToasts] = createRoot(() => createSignal<Toast[]>([]))
const [announcement, setAnnouncement] = createRoot(() => createSignal(""))
let nextId = 1

/**
 * Shows a toast for a few seconds (longer when it offers Undo). A toast with the same `key`
 * as the newest one shown takes its place instead of adding another: it says the new message
 * and keeps the first one's Undo (moving one card several times in a row shows one toast,
 * whose Undo puts the card back where the run of moves started).
 */
export function notify(
  message: string,
  options: { kind?: "info" | "error"; undo?: () => void; key?: string } = {},
): void {
  const last = toasts()[toasts().length - 1]
  if (options.key !== undefined && last?.key === options.key) {
    last.setMessage(message)
    keepFor(last)
    return
  }
  const [text, setText] = createSignal(message)
  const toast: Toast = {
    id: nextId++,
    message: text,
    setMessage: setText,
    kind: options.kind ?? "info",
  }
  if (options.undo !== undefined) toast.undo = options.undo
  if (options.key !== undefined) toast.key = options.key
  setToasts((list) => [...list.slice(-2), toast])
  keepFor(toast)
}

function keepFor(toast: Toast): void {
  clearTimeout(toast.timer)
  toast.timer = setTimeout(() => dismiss(toast.id), toast.undo !== undefined ? 8000 : 4000)
}

export function dismiss(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id))
}

/** Says `message` to screen readers (polite). */
export function announce(message: string): void {
  // Clearing first makes a repeated identical message be read again.
  setAnnouncement("")
  queueMicrotask(() => setAnnouncement(message))
}

export function Notices() {
  return (
    <>
      <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement()}
      </div>
      <div class="toasts" role="region" aria-label="Notifications">
        <For each={toasts()}>
          {(t) => (
            <div class={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
              <span>{t.message()}</span>
              <Show when={t.undo}>
                {(undo) => (
                  <button
                    type="button"
                    class="button toast-undo"
                    onClick={() => {
                      dismiss(t.id)
                      undo()()
                    }}
                  >
                    Undo
                  </button>
                )}
              </Show>
              <button
                type="button"
                class="button subtle toast-close"
                aria-label="Dismiss"
                onClick={() => dismiss(t.id)}
              >
                ×
              </button>
            </div>
          )}
        </For>
      </div>
    </>
  )
}
