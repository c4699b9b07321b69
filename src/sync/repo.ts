/**
 * The browser's automerge-repo: documents in IndexedDB, other tabs over BroadcastChannel,
 * the relay over WebSocket at this origin's `/sync`.
 */
import { Repo } from "@automerge/automerge-repo"
import type { NetworkAdapterInterface } from "@automerge/automerge-repo"
import { IndexedDBStorageAdapter } from "@automerge/automerge-repo-storage-indexeddb"
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel"
import { RelayClientAdapter } from "./RelayClientAdapter"

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

/** The repo plus the relay connection, whose state the sync indicator shows. */
export interface BrowserRepo {
  repo: Repo
  relay: RelayClientAdapter | null
}

export function createBrowserRepo(options: BrowserRepoOptions): BrowserRepo {
  const network: NetworkAdapterInterface[] = [new BroadcastChannelNetworkAdapter()]
  const relay =
    options.relayUrl === null
      ? null
      : new RelayClientAdapter({
          url: options.relayUrl,
          wakeUps: typeof window === "undefined" ? undefined : { window, document },
        })
  if (relay !== null) network.push(relay)
  const repo = new Repo({
    storage: new IndexedDBStorageAdapter(options.databaseName ?? "baton"),
    network,
    enableRemoteHeadsGossiping: true,
    // Write every change to IndexedDB at once (the default waits 100 ms first, and a page
    // closed or navigated away within that window lost the edit).
    saveDebounceRate: 0,
  })
  if (typeof window !== "undefined") {
    // Leaving or hiding the page: make sure nothing is still waiting to be written.
    const flush = (): void => {
      repo.flush().catch((error: unknown) => console.error("Baton: saving failed", error))
    }
    window.addEventListener("pagehide", flush)
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush()
    })
  }
  return { repo, relay }
}
