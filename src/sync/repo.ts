/**
 * The browser's automerge-repo: documents in IndexedDB, other tabs over BroadcastChannel,
 * the relay over WebSocket at this origin's `/sync`.
 */
import type * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId, NetworkAdapterInterface } from "@automerge/automerge-repo"
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

/** Where Automerge keeps a document's metadata (`_state` in @automerge/automerge 3). */
const AM_STATE = Symbol.for("_am_meta")

/**
 * Opening a stored board computed its whole patch list twice. automerge-repo loads it with
 * `A.loadIncremental(A.init(), bytes)`, which builds the document from one patch per field and
 * remembers that patch list as made "from heads `undefined`"; the handle then asks
 * `A.diff(doc, [], heads)` for its `change` event, misses that cache (`[]` is not `undefined`)
 * and computes every patch again: ~0.8 s on a 10,000-card board with 50,000 changes. Recording
 * the remembered list as made from `[]` (which it is: the empty document has no heads) lets the
 * diff return it. The event and its patches are exactly what they were.
 */
export function reuseLoadPatches(repo: Repo): void {
  const storage = repo.storageSubsystem
  if (storage === undefined) return
  const load = storage.loadDoc.bind(storage)
  storage.loadDoc = async <T>(documentId: DocumentId): Promise<A.Doc<T> | null> => {
    const doc = await load<T>(documentId)
    const state: unknown = doc === null ? undefined : Reflect.get(doc, AM_STATE)
    const recent: unknown =
      typeof state === "object" && state !== null ? Reflect.get(state, "mostRecentPatch") : null
    if (
      typeof recent === "object" &&
      recent !== null &&
      Reflect.get(recent, "before") === undefined
    )
      Reflect.set(recent, "before", [])
    return doc
  }
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
  reuseLoadPatches(repo)
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
