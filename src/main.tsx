/* @refresh reload */
import { render } from "solid-js/web"
import { App } from "./ui/App"
import { PwaChrome } from "./ui/pwa/PwaChrome"
import { addBoardToolbarItem } from "./ui/extensions"
import { SyncIndicator } from "./ui/sync/SyncIndicator"
import { registerTimeFeatures } from "./ui/time/register"
import { createBrowserRepo, relayUrlFor } from "./sync/repo"
import { setRelayConnection } from "./sync/relayConnection"

const { repo, relay } = createBrowserRepo({ relayUrl: relayUrlFor(location) })
setRelayConnection(repo, relay)

addBoardToolbarItem((props) => <SyncIndicator handle={props.handle} />)
registerTimeFeatures()

const root = document.getElementById("root")
if (root === null) throw new Error("Baton: #root element missing from index.html")

render(
  () => (
    <>
      <App repo={repo} />
      <PwaChrome repo={repo} />
    </>
  ),
  root,
)
