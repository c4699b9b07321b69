/**
 * The application shell: a header and hash routing to Home, a board, or a clear message for
 * a link that is not a Baton page.
 */
import { Match, Switch, createMemo, createSignal, onCleanup } from "solid-js"
import type { Repo } from "../session"
import { hashWithoutSecrets, parseRoute } from "./boardLink"
import { keepLinkSecrets, strongestRole } from "../session"
import { AppHeader } from "./chrome"
import { Home } from "./Home"
import { BoardPage } from "./board/BoardPage"
import "./styles.css"
import "./mobile.css"

export function App(props: { repo: Repo }) {
  const [hash, setHash] = createSignal(location.hash)
  const onHash = (): void => {
    setHash(location.hash)
  }
  window.addEventListener("hashchange", onHash)
  onCleanup(() => window.removeEventListener("hashchange", onHash))
  const route = createMemo(() => {
    const r = parseRoute(hash())
    if (r.page === "board" && strongestRole(r.secrets) !== null) {
      // A shared link: keep its secrets on this device, and out of the address bar and history.
      keepLinkSecrets(r.documentId, r.secrets)
      history.replaceState(history.state, "", hashWithoutSecrets(location.hash))
      return { ...r, secrets: {} }
    }
    return r
  })
  const boardId = createMemo(() => {
    const r = route()
    return r.page === "board" ? r.documentId : null
  })
  const cardId = createMemo(() => {
    const r = route()
    return r.page === "board" ? r.cardId : null
  })
  const query = createMemo(() => {
    const r = route()
    return r.page === "board" ? r.query : new URLSearchParams()
  })

  return (
    <div class="app">
      <Switch>
        <Match when={boardId()} keyed>
          {(id) => (
            <BoardPage repo={props.repo} documentId={id} cardId={cardId()} query={query()} />
          )}
        </Match>
        <Match when={route().page === "invalid"}>
          <AppHeader />
          <main class="page page-message">
            <div role="alert" class="message-box">
              <h1>This link does not open a board</h1>
              <p>{(route() as { reason: string }).reason}</p>
              <p>
                <a class="button primary" href="#/">
                  Go to your boards
                </a>
              </p>
            </div>
          </main>
        </Match>
        <Match when={true}>
          <AppHeader />
          <Home repo={props.repo} />
        </Match>
      </Switch>
    </div>
  )
}
