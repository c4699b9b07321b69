/**
 * A modal dialog: labelled by its title, traps Tab inside, closes on Escape (when it may be
 * closed), and gives focus back to where it was when it closes.
 */
import { Show, onCleanup, onMount } from "solid-js"
import type { JSX } from "solid-js"
import { Portal } from "solid-js/web"

let counter = 0
/** Open dialogs, innermost last: Escape closes only the innermost. */
const stack: symbol[] = []

/** Whether a dialog is open (board shortcuts are off meanwhile). */
export function dialogOpen(): boolean {
  return stack.length > 0
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

export function Dialog(props: {
  title: string
  /** Replaces the plain title text inside the heading (e.g. an editable title). */
  heading?: JSX.Element
  onClose?: () => void
  children: JSX.Element
  class?: string
  /** Element to focus first (defaults to the first focusable one). */
  initialFocus?: () => HTMLElement | undefined
}) {
  const titleId = `dialog-title-${++counter}`
  const previous = document.activeElement as HTMLElement | null
  let panel: HTMLDivElement | undefined

  const me = Symbol("dialog")
  const onDocumentKey = (e: KeyboardEvent): void => {
    if (e.key !== "Escape" || stack[stack.length - 1] !== me || !props.onClose) return
    if (e.defaultPrevented) return
    e.preventDefault()
    props.onClose()
  }
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== "Tab" || !panel) return
    const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.offsetParent !== null,
    )
    if (items.length === 0) return
    const first = items[0] as HTMLElement
    const last = items[items.length - 1] as HTMLElement
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  onMount(() => {
    stack.push(me)
    document.addEventListener("keydown", onDocumentKey)
    const target = props.initialFocus?.() ?? panel?.querySelector<HTMLElement>(FOCUSABLE) ?? panel
    // The panel is fixed in the viewport: nothing to scroll to, and working out where to
    // scroll would lay the page out before the dialog's first frame.
    target?.focus({ preventScroll: true })
  })
  onCleanup(() => {
    stack.splice(stack.indexOf(me), 1)
    document.removeEventListener("keydown", onDocumentKey)
    if (previous && previous.isConnected) queueMicrotask(() => previous.focus())
  })

  return (
    <Portal>
      <div
        class="dialog-backdrop"
        onClick={(e) => {
          if (e.target === e.currentTarget) props.onClose?.()
        }}
      >
        <div
          ref={panel}
          class={`dialog ${props.class ?? ""}`}
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          tabIndex={-1}
          onKeyDown={onKey}
        >
          <div class="dialog-head">
            <h2 id={titleId} class="dialog-title">
              {props.heading ?? props.title}
            </h2>
            <Show when={props.onClose}>
              {(close) => (
                <button
                  type="button"
                  class="icon-button dialog-close"
                  aria-label="Close"
                  onClick={() => close()()}
                >
                  ×
                </button>
              )}
            </Show>
          </div>
          {props.children}
        </div>
      </div>
    </Portal>
  )
}
