/**
 * The browser's automerge-repo: documents in IndexedDB, other tabs over BroadcastChannel,
 * the relay over WebSocket at this origin's `/sync`.
 */
import { Repo } from "@automerge/automerge-repo"
import type { NetworkAdapterInterface } from "@automerge/automerge-repo"
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb"
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

/** The relay's WebSocket address for a page served from `location`. */
export function relayUrlFor(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:"
  return `${scheme}//${location.host}/sync`
}

export interface BrowserRepoOptions {
  /** WebSocket address of the relay; `null` runs without a relay. */
  relayUrl: string | null
  /** IndexedDB database name. */
  databaseName?: string
}

export function createBrowserRepo(options: BrowserRepoOptions): Repo {
  const network: NetworkAdapterInterface[] = [new BroadcastChannelNetworkAdapter()]
  if (options.relayUrl !== null) network.push(new WebSocketClientAdapter(options.relayUrl))
  return new Repo({
    storage: new IndexedDBStorageAdapter(options.databaseName ?? "baton"),
    network,
    enableRemoteHeadsGossiping: true,
  })
}
