/**
 * A voice or video note attached to a comment, played inline with its length. Its bytes come
 * from this device or the relay (see FileImage); until they can be had, the item's status says
 * why ("not uploaded yet") and the player is asked for again now and then.
 */
import { Show, createSignal, onCleanup, onMount } from "solid-js"
import type { Attachment } from "../../../../model/types"
import { NotePlayer } from "../../../attachments/NotePlayer"
import { fileUrl } from "./fileState"

const RETRY_MS = 10_000

export function NoteFile(props: { board: string; attachment: Attachment }) {
  const [url, setUrl] = createSignal<string | null>(null)
  let stopped = false
  let retry: ReturnType<typeof setTimeout> | undefined
  onMount(() => {
    const a = props.attachment
    const load = (attempt: number): void => {
      void fileUrl(props.board, a.sha256, a.mime).then((got) => {
        if ("problem" in got) {
          if (!stopped)
            retry = setTimeout(() => load(attempt + 1), RETRY_MS * 2 ** Math.min(attempt, 4))
          return
        }
        if (stopped) URL.revokeObjectURL(got.url)
        else setUrl(got.url)
      })
    }
    load(0)
  })
  onCleanup(() => {
    stopped = true
    clearTimeout(retry)
    const u = url()
    if (u !== null) URL.revokeObjectURL(u)
  })
  return (
    <Show
      when={url()}
      fallback={
        <span class="attachment-icon" aria-hidden="true">
          {props.attachment.kind === "video" ? "VIDEO" : "VOICE"}
        </span>
      }
    >
      {(u) => (
        <NotePlayer
          url={u()}
          kind={props.attachment.kind === "video" ? "video" : "voice"}
          {...(props.attachment.durationMs !== undefined
            ? { durationMs: props.attachment.durationMs }
            : {})}
          name={props.attachment.name}
        />
      )}
    </Show>
  )
}
