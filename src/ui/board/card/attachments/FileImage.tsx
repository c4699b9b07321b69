/**
 * An attached image (or its preview), read from this device or the relay once it comes near
 * the screen: covers of cards far off screen are never loaded. Its box keeps the image's
 * shape from the first paint (`width`/`height` of the record), so nothing moves when it
 * arrives.
 */
import { Show, createSignal, onCleanup, onMount } from "solid-js"
import { fileUrl } from "./fileState"
import "./attachments.css"

const RETRY_MS = 10_000

/** One observer for every image of the page (a board may have hundreds of covers). */
let observer: IntersectionObserver | null = null
const waiting = new Map<Element, () => void>()

function whenNear(el: Element, fn: () => void): () => void {
  if (typeof IntersectionObserver !== "function") {
    fn()
    return () => {}
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue
        const run = waiting.get(e.target)
        waiting.delete(e.target)
        observer?.unobserve(e.target)
        run?.()
      }
    },
    { rootMargin: "300px" },
  )
  waiting.set(el, fn)
  observer.observe(el)
  return () => {
    waiting.delete(el)
    observer?.unobserve(el)
  }
}

export function FileImage(props: {
  board: string
  sha256: string
  mime: string
  alt: string
  class: string
  width?: number | undefined
  height?: number | undefined
  onClick?: () => void
  /** Called when the bytes cannot be had (not uploaded yet, offline). */
  onProblem?: (problem: string) => void
}) {
  let box: HTMLSpanElement | undefined
  const [url, setUrl] = createSignal<string | null>(null)
  let revoked = false
  let retry: ReturnType<typeof setTimeout> | undefined
  onMount(() => {
    if (box === undefined) return
    // Not uploaded yet, or offline: asked again, less and less often, while it is shown.
    const load = (attempt: number): void => {
      void fileUrl(props.board, props.sha256, props.mime).then((got) => {
        if ("problem" in got) {
          props.onProblem?.(got.problem)
          if (!revoked)
            retry = setTimeout(() => load(attempt + 1), RETRY_MS * 2 ** Math.min(attempt, 4))
          return
        }
        if (revoked) URL.revokeObjectURL(got.url)
        else setUrl(got.url)
      })
    }
    const stop = whenNear(box, () => load(0))
    onCleanup(() => {
      stop()
      clearTimeout(retry)
      revoked = true
      const u = url()
      if (u !== null) URL.revokeObjectURL(u)
    })
  })
  const ratio = (): string | undefined =>
    props.width !== undefined && props.height !== undefined && props.height > 0
      ? `${props.width} / ${props.height}`
      : undefined
  return (
    <span
      ref={box}
      class={props.class}
      style={{ "aspect-ratio": ratio() }}
      onClick={() => props.onClick?.()}
    >
      <Show when={url()}>{(u) => <img src={u()} alt={props.alt} decoding="async" />}</Show>
    </span>
  )
}
