/**
 * The browser's automerge-repo: documents in IndexedDB, other tabs over BroadcastChannel,
 * the relay over WebSocket at this origin's `/sync`.
 */
import * as A from "@automerge/automerge"
import { sameHeads } from "../model/heads"
import { whenIdle } from "../shared/idle"
import { Repo } from "@automerge/automerge-repo"
import type {
  DocumentId,
  NetworkAdapterInterface,
  StorageAdapterInterface,
} from "@automerge/automerge-repo"
import { IndexedDBStorage } from "./storage/IndexedDBStorage"
import { BOARD_DATABASE } from "./storage/storeNewDocument"
import { BroadcastChannelNetworkAdapter } from "@automerge/automerge-repo-network-broadcastchannel"
import { RelayClientAdapter } from "./transport/RelayClientAdapter"
import type { BoardAuth } from "./transport/boardAuth"
import bs58check from "bs58check"
import { memoizeBase58CheckEncode } from "../shared/memoizeBase58Check"
import { changeJournal as defaultJournal } from "./storage/changeJournal"
import type { ChangeJournal } from "./storage/changeJournal"
import { earlyEdits } from "./storage/earlyEdits"
import { storageHealth as defaultHealth } from "./storage/storageHealth"
import type { StorageHealth } from "./storage/storageHealth"
import { loadReadable, reportDamage } from "./storage/damagedDocuments"
import { registerFirstLoadSource, relayConnected } from "./snapshotFirstLoad"
import { onPageHidden } from "../shared/pageHidden"
import { previewSnapshot } from "./startAutomerge"

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
  /** Whether the person is typing or pointing now (the page's input listeners). */
  busy?: () => boolean
  /** Authenticates each board with the relay (boardAccess.ts); omit to sync without it. */
  auth?: BoardAuth
}

/** The repo plus the relay connection, whose state the sync indicator shows. */
export interface BrowserRepo {
  repo: Repo
  relay: RelayClientAdapter | null
}

/** Where Automerge keeps a document's metadata (`_state` in @automerge/automerge 3). */
const AM_STATE = Symbol.for("_am_meta")

/** How long after a failed save of a document it is tried again. */
export const STORAGE_RETRY_MS = 5_000

/** Runs `task` when the page is idle. */
export type WhenIdle = (task: () => void) => void

const whenIdleDefault: WhenIdle = (task) => void whenIdle(task, 0, 5_000)

/**
 * A fresh Automerge actor id that sorts after the actors already in a document: `ffff`, the
 * time in milliseconds (12 hex digits), then 64 random bits. It sorts after every earlier visit's
 * id and after every random id (what other clients use) except the 1 in 65,536 that start with
 * `ffff`. Automerge keeps a document's actors in
 * sorted order, and the first change by an actor that sorts before many others renumbers the
 * operations of all of them: about 60 ms on a 10,000-card board for the first keystroke or move
 * of a visit with a random actor that happens to sort low, against 1–2 ms at the end.
 */
export function lateActorId(now: number, random: () => number = Math.random): string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, "0").slice(-12)
  let rest = ""
  for (let i = 0; i < 16; i++) rest += Math.floor(random() * 16).toString(16)
  return `ffff${time}${rest}`
}

/** Stored bytes read ahead of a document's load (see `readStoredDocumentEarly`), per repo. */
const earlyReads = new WeakMap<Repo, Map<DocumentId, Promise<Uint8Array | null>>>()

/** An early read not used by then is dropped: a later load reads what is stored then. */
const EARLY_READ_MS = 10_000

/**
 * Starts reading a stored document's bytes from IndexedDB now, for its load to use: a page
 * opening a board can read while Automerge's WebAssembly is still starting, instead of after.
 * Only for a document the repo does not hold yet; the read is used by its next load only, and
 * only within a few seconds.
 */
export function readStoredDocumentEarly(repo: Repo, documentId: DocumentId): void {
  const reads = earlyReads.get(repo)
  const storage = repo.storageSubsystem
  if (reads === undefined || storage === undefined) return
  if (reads.has(documentId) || repo.handles[documentId] !== undefined) return
  const read = storage.loadDocData(documentId)
  read.catch(() => undefined) // the load reads again
  reads.set(documentId, read)
  setTimeout(() => {
    if (reads.get(documentId) === read) reads.delete(documentId)
  }, EARLY_READ_MS)
}

/**
 * Opens stored documents with `A.load`, about half the cost of automerge-repo's
 * `A.loadIncremental(A.init(), bytes)`, which builds the document as one patch per field
 * (10,000-card board, 50,000 changes, in Node: 1.6 s against 3.2 s).
 *
 * - The handle computes the patches "from the empty document" for its first `change` event.
 *   Nothing listens yet when a stored document is opened (the synchronizer and the page
 *   subscribe after the load), and computing them would cost as much again (1.7 s), so the
 *   load leaves Automerge's patch cache answering that one question with no patches. The
 *   answer is used once and then forgotten: any later diff is computed for real.
 * - automerge-repo's storage keeps the heads it loaded, to save only what is new. Its record
 *   is private, so this keeps its own: while the document still has the heads it was loaded
 *   with, there is nothing to save. Once the page is idle, one save through automerge-repo
 *   (a compaction of what was loaded) gives it its record back, so the next edit writes just
 *   that edit. An edit before then is saved through automerge-repo at once, as a compaction.
 * - Each load gets a fresh actor id that sorts last (`lateActorId`), so the visit's first edit
 *   does not renumber the document's operations.
 * - Stored bytes that `A.load` rejects (changes whose dependencies are missing) are opened as
 *   automerge-repo opens them.
 */
export function loadStoredDocumentsWhole(
  repo: Repo,
  whenIdle: WhenIdle = whenIdleDefault,
  journal: ChangeJournal = defaultJournal,
  options: {
    /** Where failed saves are reported. */
    health?: StorageHealth
    /** How long after a failed save it is tried again. */
    retryMs?: number
    /** The repo's storage adapter, to open a damaged document chunk by chunk. */
    adapter?: StorageAdapterInterface
  } = {},
): void {
  const storage = repo.storageSubsystem
  if (storage === undefined) return
  const { health = defaultHealth, retryMs = STORAGE_RETRY_MS, adapter = null } = options
  const saveThrough = storage.saveDoc.bind(storage)
  /** Documents with a retry of their save scheduled. */
  const retrying = new Set<DocumentId>()
  /**
   * Saves through automerge-repo and keeps `health` told. A failed save does not throw
   * (automerge-repo saves on each change without waiting for the result): it marks the
   * document failing and is tried again every `retryMs` until a save succeeds; automerge-repo
   * keeps the heads of its last finished save, so the retry writes everything since. Returns
   * whether the save finished (only then may the change journal let go of what it kept).
   * `repo.flush` (below) is what tells a caller that a save failed.
   */
  const save = async <T>(documentId: DocumentId, doc: A.Doc<T>): Promise<boolean> => {
    try {
      await saveThrough(documentId, doc)
    } catch (error) {
      if (!health.isFailing(documentId))
        console.warn("Baton: this device's storage refused a save; retrying", error)
      health.failed(documentId, error, Date.now())
      if (!retrying.has(documentId)) {
        retrying.add(documentId)
        setTimeout(() => {
          retrying.delete(documentId)
          if (health.isFailing(documentId)) repo.flush([documentId]).catch(() => undefined)
        }, retryMs)
      }
      return false
    }
    health.saved(documentId)
    return true
  }
  const flushThrough = repo.flush.bind(repo)
  /**
   * Flushes the documents named (those this repo holds; all when none are named), then rejects
   * if one of them could not be saved.
   */
  repo.flush = async (documents?: DocumentId[]): Promise<void> => {
    const held = documents?.filter((id) => repo.handles[id] !== undefined)
    await flushThrough(held)
    const failing = health
      .current()
      .failing.filter((id) => held?.includes(id as DocumentId) ?? true)
    if (failing.length > 0) {
      const problem = health.current().problem === "full" ? "is full" : "refuses to store"
      const boards = failing.length === 1 ? "1 board is" : `${failing.length} boards are`
      throw new Error(`this device's storage ${problem}, so ${boards} not saved on it`)
    }
  }
  /** Documents as loaded, until automerge-repo has a saved-heads record of its own for them. */
  const loaded = new Map<DocumentId, { heads: A.Heads; doc: A.Doc<unknown> }>()
  /** The save that gives automerge-repo its record, while it runs. */
  const seeded = new Map<DocumentId, Promise<void>>()
  // A board removed from this device must not be written back by that save.
  repo.on("delete-document", ({ documentId }) => {
    loaded.delete(documentId)
    journal.forget(documentId)
    health.saved(documentId)
  })
  const reads = new Map<DocumentId, Promise<Uint8Array | null>>()
  earlyReads.set(repo, reads)
  const read = async (documentId: DocumentId): Promise<Uint8Array | null> => {
    const early = reads.get(documentId)
    reads.delete(documentId)
    if (early !== undefined) {
      try {
        return await early
      } catch {
        // read again below
      }
    }
    return storage.loadDocData(documentId)
  }
  storage.loadDoc = async <T>(documentId: DocumentId): Promise<A.Doc<T> | null> => {
    const bytes = await read(documentId)
    // Edits of this device that had not reached IndexedDB when the page last closed.
    const unsaved = journal.pending(documentId)
    const actor = lateActorId(Date.now())
    if (bytes === null) {
      if (unsaved.length === 0) return null
      const [rebuilt] = A.applyChanges(A.init<T>({ actor }), unsaved)
      return A.getHeads(rebuilt).length === 0 ? null : rebuilt
    }
    let doc: A.Doc<T>
    try {
      doc = A.load<T>(bytes, { actor })
    } catch (error) {
      // Changes whose dependencies are missing, or a damaged chunk: A.loadIncremental of the
      // whole would stop silently at a damaged chunk and drop every chunk after it.
      if (adapter !== null) return openChunkByChunk<T>(documentId, actor, unsaved, error)
      const [whole] = A.applyChanges(A.loadIncremental(A.init<T>({ actor }), bytes), unsaved)
      return whole
    }
    const storedHeads = A.getHeads(doc)
    if (unsaved.length > 0) [doc] = A.applyChanges(doc, unsaved)
    const heads = A.getHeads(doc)
    const state: unknown = Reflect.get(doc, AM_STATE)
    if (typeof state === "object" && state !== null) {
      const once = {
        before: [] as A.Heads,
        after: heads,
        get patches(): A.Patch[] {
          if (Reflect.get(state, "mostRecentPatch") === once)
            Reflect.set(state, "mostRecentPatch", undefined)
          return []
        },
      }
      Reflect.set(state, "mostRecentPatch", once)
    }
    // What is stored: anything applied from the journal differs, and is saved when idle.
    loaded.set(documentId, { heads: storedHeads, doc })
    whenIdle(() => {
      if (loaded.get(documentId)?.doc !== doc) return
      loaded.delete(documentId)
      const kept = journal.recorded(documentId)
      const seeding = save(documentId, doc).then((saved) => {
        if (saved) journal.settle(documentId, kept)
      })
      seeded.set(documentId, seeding)
      void seeding.then(() => {
        if (seeded.get(documentId) === seeding) seeded.delete(documentId)
      })
    })
    return doc
  }
  /**
   * A document whose stored bytes `A.load` rejects, opened chunk by chunk: each stored chunk is
   * checked on its own and the readable ones are loaded together, as automerge-repo loads them
   * (changes whose dependencies are missing wait for them). Unreadable chunks are skipped and
   * the page is told (`takeDamage`); the relay's copy fills in the rest. With nothing readable
   * the document is "not on this device", and the repo asks its peers.
   */
  const openChunkByChunk = async <T>(
    documentId: DocumentId,
    actor: string,
    unsaved: Uint8Array[],
    error: unknown,
  ): Promise<A.Doc<T> | null> => {
    const chunks: Uint8Array[] = []
    for (const kind of ["snapshot", "incremental"])
      for (const chunk of await adapter!.loadRange([documentId, kind]))
        if (chunk.data !== undefined) chunks.push(chunk.data)
    const { doc, damage } = loadReadable<T>(chunks, actor)
    const [whole] = A.applyChanges(doc, unsaved)
    if (damage.skipped === 0) return whole
    console.warn("Baton: part of a board's copy on this device is unreadable", {
      documentId,
      ...damage,
      error: String(error),
    })
    reportDamage(documentId, damage)
    return A.getHeads(whole).length === 0 ? null : whole
  }
  storage.saveDoc = async <T>(documentId: DocumentId, doc: A.Doc<T>): Promise<void> => {
    // An empty document has nothing to save. (It is what a removed board's handle holds; for
    // automerge-repo without its record this would be a compaction that replaces what is
    // stored with nothing.)
    const heads = A.getHeads(doc)
    if (heads.length === 0) return
    const entry = loaded.get(documentId)
    if (entry !== undefined) {
      if (sameHeads(entry.heads, heads)) return
      loaded.delete(documentId)
    }
    // Saving while that first save runs would compact a second time: wait for its record.
    // (Otherwise call through at once: a deletion right after relies on that order.)
    const seeding = seeded.get(documentId)
    if (seeding !== undefined) await seeding
    const kept = journal.recorded(documentId)
    if (await save(documentId, doc)) journal.settle(documentId, kept)
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
          busy: options.busy,
          auth: options.auth,
        })
  if (relay !== null) network.push(relay)
  memoizeBase58CheckEncode(bs58check)
  const storage = new IndexedDBStorage(options.databaseName ?? BOARD_DATABASE)
  const repo = new Repo({
    storage,
    // Connected once Automerge's WebAssembly is running (see below).
    network: [],
    enableRemoteHeadsGossiping: true,
    // Write every change to IndexedDB at once (the default waits 100 ms first, and a page
    // closed or navigated away within that window lost the edit).
    saveDebounceRate: 0,
  })
  if (relay !== null)
    registerFirstLoadSource(repo, {
      requestSnapshot: async (documentId) => {
        // The request needs the relay's answer to `join`: wait for it a little.
        if (relay.state !== "connected") await relayConnected(relay, 5_000)
        return relay.requestSnapshot(documentId)
      },
      hasStored: (documentId) => storage.hasAny([documentId]),
      storeSnapshot: async (documentId, bytes) => {
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()))
        const key = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")
        await storage.save([documentId, "snapshot", key], bytes)
        // A read made before the chunk was there would open the board as not on the device.
        earlyReads.get(repo)?.delete(documentId as DocumentId)
      },
      preview: previewSnapshot,
    })
  loadStoredDocumentsWhole(repo, whenIdleDefault, defaultJournal, { adapter: storage })
  // Edits kept for a board that was removed from this device go with it.
  repo.on("delete-document", ({ documentId }) => earlyEdits.forget(documentId))
  // The page starts before Automerge's WebAssembly is ready (src/main.tsx). A message from a
  // peer makes the repo create a document, which needs Automerge, so peers are connected
  // only once it is ready.
  void A.wasmInitialized().then(() => {
    for (const adapter of network) repo.networkSubsystem.addNetworkAdapter(adapter)
  })
  if (typeof window !== "undefined") {
    window.addEventListener("unhandledrejection", (event) => {
      // Saves of documents are reported by `storageHealth`; automerge-repo's other writes
      // (what it knows of each peer's sync state) failing on a full disk cost nothing but a
      // longer first sync next time.
      const reason: unknown = event.reason
      if (reason instanceof DOMException && reason.name === "QuotaExceededError")
        event.preventDefault()
    })
    // Leaving or hiding the page: make sure nothing is still waiting to be written.
    const flush = (): void => {
      repo.flush().catch((error: unknown) => console.error("Baton: saving failed", error))
    }
    onPageHidden(flush)
  }
  return { repo, relay }
}
