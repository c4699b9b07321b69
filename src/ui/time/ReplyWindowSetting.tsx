/**
 * The board's reply expectation ("we reply within N working hours"), e.g. 4 for an incident
 * board, 48 for a planning board. Last-writer-wins through `updateSettings`.
 */
import { Show, createSignal } from "solid-js"
import { replyWindowHours } from "../../model/replies"
import type { BoardContextProps } from "../extensions"
import { announce } from "../notices"

export function ReplyWindowSetting(props: BoardContextProps) {
  const [value, setValue] = createSignal(String(replyWindowHours(props.board)))
  return (
    <Show when={props.session.may("updateSettings")}>
      <form
        class="reply-window time-actions"
        onSubmit={(e) => {
          e.preventDefault()
          const n = Number(value())
          if (props.session.act("updateSettings", { replyWithinWorkingHours: n }))
            announce(`Replies are now expected within ${n} working hours`)
        }}
      >
        <label>
          Replies expected within{" "}
          <input
            type="number"
            min="1"
            max="10000"
            step="1"
            inputMode="numeric"
            value={value()}
            onInput={(e) => setValue(e.currentTarget.value)}
          />{" "}
          working hours of the person asked
        </label>
        <button type="submit" class="button">
          Save
        </button>
      </form>
    </Show>
  )
}
