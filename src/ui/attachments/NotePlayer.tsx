/**
 * Plays a voice or video note inline, with its length beside it. The length comes from the
 * recording (`durationMs`), not from the file: a WebM straight from `MediaRecorder` may not
 * say how long it is, and the player would show nothing until it has read the whole file.
 */
import { Show } from "solid-js"
import { formatLength } from "./recorder"

export function NotePlayer(props: {
  url: string
  kind: "voice" | "video"
  durationMs?: number
  /** What the note is, for the player's accessible name ("Voice note 2026-12-07 14.32.webm"). */
  name: string
}) {
  const length = (): string | null =>
    props.durationMs !== undefined ? formatLength(props.durationMs) : null
  const label = (): string => (length() !== null ? `${props.name}, ${length()}` : props.name)
  return (
    <div class="note-player" classList={{ "note-video": props.kind === "video" }}>
      <Show
        when={props.kind === "video"}
        fallback={
          <audio
            controls
            preload="metadata"
            src={props.url}
            aria-label={label()}
            data-duration-ms={props.durationMs}
          />
        }
      >
        <video
          controls
          playsinline
          preload="metadata"
          src={props.url}
          aria-label={label()}
          data-duration-ms={props.durationMs}
        />
      </Show>
      <Show when={length()}>
        {(l) => (
          <span class="note-length muted" aria-hidden="true">
            {l()}
          </span>
        )}
      </Show>
    </div>
  )
}
