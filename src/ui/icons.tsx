/**
 * Icons drawn as inline SVG in the text colour: an emoji (📌) needs an emoji font, which
 * Debian's Chromium lacks (it drew an empty box).
 */
export function PinIcon(props: { class?: string }) {
  return (
    <svg
      class={`icon ${props.class ?? ""}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
    >
      <path
        fill="currentColor"
        d="M10.3 1.3a1 1 0 0 1 1.4 0l3 3a1 1 0 0 1 0 1.4l-.6.6a1 1 0 0 1-1.1.2l-2.3 2.3.3 2.4a1 1 0 0 1-.3.8l-.9.9a1 1 0 0 1-1.4 0L6.2 10.7 2.7 14.2a.7.7 0 0 1-1-1l3.5-3.5-2.2-2.2a1 1 0 0 1 0-1.4l.9-.9a1 1 0 0 1 .8-.3l2.4.3 2.3-2.3a1 1 0 0 1 .2-1.1z"
      />
    </svg>
  )
}

/** A chevron that points down when `open`, right when not. */
export function ChevronIcon(props: { open: boolean }) {
  return (
    <svg class="icon chevron" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        d={props.open ? "M3 6l5 5 5-5" : "M6 3l5 5-5 5"}
      />
    </svg>
  )
}
