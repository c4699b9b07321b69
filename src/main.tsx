/* @refresh reload */
import automergeWasmUrl from "@automerge/automerge/automerge.wasm?url"
import { render } from "solid-js/web"
import { App } from "./ui/App"
import { inputActivity } from "./ui/inputActivity"
import { PwaChrome } from "./ui/pwa/PwaChrome"
import { StorageAlert } from "./ui/StorageAlert"
import { addBoardToolbarItem } from "./ui/extensions"
import { SyncIndicator } from "./ui/sync/SyncIndicator"
import { registerTimeFeatures } from "./ui/time/register"
import { registerExportFeatures } from "./ui/export/register"
import { createBrowserRepo, relayUrlFor } from "./sync/repo"
import { parseRoute } from "./ui/boardLink"
import { startAutomerge } from "./sync/startAutomerge"
import { setRelayConnection } from "./sync/transport/relayConnection"
import { createDeviceAccess, lazySigner, setDeviceAccess } from "./sync/device/boardAccess"
import { deviceKey, signerOf } from "./sync/device/deviceKey"
import { deviceFiles } from "./sync/blobs/deviceFiles"

// A board opened by its link draws its saved snapshot before the engine compiles.
startAutomerge(automergeWasmUrl, {
  afterFirstFrame: parseRoute(location.hash).page === "board",
}).catch((error: unknown) => {
  console.error("Baton: Automerge could not start", error)
  const alert = document.createElement("p")
  alert.className = "startup-error"
  alert.setAttribute("role", "alert")
  alert.textContent =
    "Baton could not start its document engine, so boards cannot be opened or edited. Reload the page; what is stored on this device is untouched."
  document.body.prepend(alert)
})

// Boards are authenticated with the relay by this device's key (docs/sharing.md); a page
// without WebCrypto (an insecure origin) syncs unclaimed boards only, as before.
const access =
  globalThis.crypto?.subtle === undefined
    ? null
    : createDeviceAccess(
        localStorage,
        lazySigner(async () => signerOf(await deviceKey())),
      )
setDeviceAccess(access)
const { repo, relay } = createBrowserRepo({
  relayUrl: relayUrlFor(location),
  busy: inputActivity(window),
  ...(access !== null ? { auth: access.auth } : {}),
})
setRelayConnection(repo, relay)
// Files attached before a reload (or offline) upload as soon as the relay is reachable.
setTimeout(() => deviceFiles(), 0)

addBoardToolbarItem((props) => <SyncIndicator handle={props.handle} />, { placement: "status" })
registerTimeFeatures()
registerExportFeatures()

const root = document.getElementById("root")
if (root === null) throw new Error("Baton: #root element missing from index.html")

render(
  () => (
    <>
      <StorageAlert repo={repo} />
      <App repo={repo} />
      <PwaChrome repo={repo} />
    </>
  ),
  root,
)
