/** The parts of the page frame every screen shares: the header and the settings link. */
import type { JSX } from "solid-js"

/** The header of the home and message pages; the board page has its own with the title. */
export function AppHeader(props: { children?: JSX.Element }) {
  return (
    <header class="app-header">
      <a class="brand" href="#/" aria-label="Baton home">
        Baton
      </a>
      <div class="header-main">{props.children}</div>
      <SettingsLink />
    </header>
  )
}

export function SettingsLink() {
  return (
    <a class="header-link" href="#/settings">
      Settings
    </a>
  )
}
