import { Show } from "solid-js"
import type { TitleConflict } from "../../session"
import { useBoard } from "./context"

/**
 * Two people renamed a list or the board at once: one title is kept everywhere and this note
 * offers the other, with who set it, one tap away.
 */
export function TitleConflictNote(props: {
  conflict: TitleConflict | null
  /** What was renamed, for the button's accessible name (e.g. `list To do`). */
  what: string
  onUse: (title: string) => void
}) {
  const ctx = useBoard()
  return (
    <Show when={props.conflict}>
      {(other) => (
        <p class="title-conflict" role="status">
          Also renamed to <strong>“{other().title}”</strong> by{" "}
          {ctx.board.members[other().memberId ?? ""]?.name ?? "a teammate"}.{" "}
          <button
            type="button"
            class="button"
            aria-label={`Use the title “${other().title}” for ${props.what}`}
            onClick={() => props.onUse(other().title)}
          >
            Use this title
          </button>
        </p>
      )}
    </Show>
  )
}
