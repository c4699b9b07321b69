/** A member's initials on their colour, hidden from screen readers (the name is said next to it). */
import { initials, textOn } from "./format"

export function Avatar(props: { name: string; color: string; title?: string }) {
  return (
    <span
      class="avatar"
      aria-hidden="true"
      title={props.title}
      style={{ background: props.color, color: textOn(props.color) }}
    >
      {initials(props.name)}
    </span>
  )
}
