/**
 * Data wiring for one board: finds the document (on this device or through the relay),
 * waits for it when it is not reachable yet, validates it, mirrors it into a Solid store and
 * asks "who am I" the first time. The board itself is drawn by `BoardView`.
 */
import { Match, Switch, createEffect, createMemo, createSignal, onCleanup } from "solid-js"
import * as A from "@automerge/automerge"
import type { DocHandle, DocumentId, Repo } from "@automerge/automerge-repo"
import { describeBoardError, migrate, sameHeads, validateBoard } from "../../model"
import type { BoardError } from "../../model"
import type { Board } from "../../model/types"
import { AppHeader } from "../App"
import { deviceBoard, rememberBoard } from "../device"
import { newId } from "../ids"
import { durableArgs, runIntent } from "../../model/operations"
import { isModelError } from "../../model/errors"
import { changeBoard } from "../../sync/changeBoard"
import { earlyEdits } from "../../sync/earlyEdits"
import { notify } from "../notices"
import { hasDamage, takeDamage } from "../../sync/damagedDocuments"
import type { EarlyEdit } from "./context"
import { reportFailure } from "./context"
import { createPendingEdit } from "../store/pendingEdit"
import type { PendingEdit } from "../store/pendingEdit"
import { afterFrame } from "../../sync/afterFrame"
import { beforeChangeOf } from "../../sync/changeBoard"
import { findDocument } from "../../sync/findDocument"
import { readStoredDocumentEarly } from "../../sync/repo"
import { UNSYNCED_SOME } from "../../sync/deviceBoards"
import { getRelayConnection } from "../../sync/relayConnection"
import { watchSyncStatus } from "../../sync/syncStatus"
import { bindHandle, createDocStore } from "../store/docStore"
import { readSnapshot, snapshotSaver } from "../../sync/snapshotCache"
import { boardFirstFrameDrawn } from "../../sync/startAutomerge"
import { unwrap } from "solid-js/store"
import type { DocStore } from "../store/docStore"
import { BoardView } from "./BoardView"
import { structuralCard } from "./cardIndex"

/**
 * What a pending edit's write at `path` re-reads from the document: the whole card for anything
 * inside a card, else the entry of a top-level map (a list, a member, a label) or a root field.
 */
function boardUnit(path: readonly A.Prop[]): readonly A.Prop[] {
  return path.slice(0, path[0] === "cardBuckets" ? 3 : 2)
}

type Phase =
  | { kind: "loading" }
  | { kind: "unavailable" }
  | { kind: "invalid"; title: string; message: string }
  | { kind: "ready"; store: DocStore<Board> }

const ERROR_TITLES: Record<BoardError["kind"], string> = {
  "not-a-board": "This is not a Baton board",
  "newer-schema": "This board needs a newer Baton",
  "older-schema": "This board needs an upgrade",
  malformed: "This board's data is damaged",
}

export function BoardPage(props: {
  repo: Repo
  documentId: DocumentId
  cardId: string | null
  query: URLSearchParams
}) {
  const [phase, setPhase] = createSignal<Phase>({ kind: "loading" })
  /** The live document once it is loaded; until then the board shows its snapshot, read-only. */
  const [handle, setHandle] = createSignal<DocHandle<Board> | null>(null)
  const [pending, setPending] = createSignal<PendingEdit<Board> | null>(null)
  const abort = new AbortController()
  let unbind: (() => void) | undefined
  let saver: ReturnType<typeof snapshotSaver> | undefined
  let store: DocStore<Board> | undefined
  let snapshotHeads: string[] | null = null
  onCleanup(() => {
    abort.abort()
    unbind?.()
    saver?.stop()
  })

  const newStore = (board: Board): DocStore<Board> =>
    createDocStore<Board>(board, { structural: structuralCard })

  /** Edits made on the snapshot, kept until the document is loaded (see earlyEdits.ts). */
  const [earlyCount, setEarlyCount] = createSignal(earlyEdits.list(props.documentId).length)
  const early: EarlyEdit = (memberId, op, args) => {
    const s = store
    if (s === undefined) throw new Error("the board is not shown yet")
    let kept
    try {
      kept = earlyEdits.add(props.documentId, {
        memberId,
        op,
        args: durableArgs(op, args),
        at: Date.now(),
      })
    } catch (e) {
      console.error(e)
      throw new Error(
        "this board is still loading, and this device could not keep the edit until then (its storage may be full); try again in a moment",
      )
    }
    try {
      s.mutate((d) => runIntent(d, { op, args }))
    } catch (e) {
      earlyEdits.remove(props.documentId, [kept.id])
      throw e
    }
    setEarlyCount(earlyEdits.list(props.documentId).length)
  }
  /** Runs the kept edits on the loaded document, each as the change it would have been. */
  const runEarlyEdits = (h: DocHandle<Board>): number => {
    const kept = earlyEdits.list(props.documentId)
    for (const e of kept) {
      try {
        changeBoard(h, e.memberId, e.op, (d) => runIntent(d, e))
      } catch (error) {
        if (!isModelError(error)) console.error(error)
        notify(
          `An edit made while the board was loading could not be made: ${error instanceof Error ? error.message : String(error)}`,
          { kind: "error" },
        )
      }
    }
    earlyEdits.remove(
      props.documentId,
      kept.map((e) => e.id),
    )
    setEarlyCount(0)
    return kept.length
  }

  // A snapshot saved on an earlier visit shows the board at once while the document loads.
  const snapshotShown = readSnapshot(props.documentId).then(
    (snap) => {
      if (snap === null || abort.signal.aborted || store !== undefined) return false
      if (!validateBoard(snap.board).ok) return false
      performance.mark("baton:snapshot-read")
      snapshotHeads = snap.heads
      store = newStore(snap.board as Board)
      // Edits made on an earlier visit before its document had loaded: shown, run on load.
      const kept = earlyEdits.list(props.documentId)
      if (kept.length > 0)
        store.mutate((d) => {
          for (const e of kept) {
            try {
              runIntent(d, e)
            } catch {
              // Said when it is run on the document.
            }
          }
        })
      setPhase({ kind: "ready", store })
      return true
    },
    () => false,
  )
  // The document's bytes are read from this device once the snapshot has been (Automerge may
  // still be starting). Both reads go to the device's storage, one after the other, and the
  // first paint needs only the snapshot: read first, the document's bytes (a large read on a
  // long history) kept it waiting.
  void snapshotShown.finally(() => readStoredDocumentEarly(props.repo, props.documentId))

  const open = (h: DocHandle<Board>): void => {
    let result = validateBoard(h.doc())
    if (!result.ok && result.error.kind === "older-schema") {
      // Boards written by an older Baton are upgraded in place, in one change.
      try {
        changeBoard(h, deviceBoard(props.documentId)?.memberId ?? "baton", "migrate", (d) =>
          migrate(d),
        )
      } catch (e) {
        console.error(e)
      }
      result = validateBoard(h.doc())
    }
    if (!result.ok) {
      setPhase({
        kind: "invalid",
        title: ERROR_TITLES[result.error.kind],
        message: describeBoardError(result.error),
      })
      return
    }
    const damage = takeDamage(props.documentId)
    if (damage !== null)
      notify(
        `Part of this board's copy on this device could not be read (${damage.skipped} of ${damage.skipped + damage.read} stored pieces) and was skipped; the relay's copy fills in the rest.`,
        { kind: "error" },
      )
    const ranEarly = runEarlyEdits(h)
    const doc = h.doc()
    const heads = A.getHeads(doc)
    const fromDoc = store === undefined
    if (store === undefined) store = newStore(A.toJS(doc) as Board)
    const s = store
    const quick = createPendingEdit<Board>({
      store: s,
      handle: h,
      later: afterFrame,
      unit: boardUnit,
      onWriteError: reportFailure,
    })
    const stopQuick = beforeChangeOf(h, quick.flush)
    // Showing a snapshot: replace it by the live document unless it is exactly that version.
    const same =
      fromDoc || (ranEarly === 0 && snapshotHeads !== null && sameHeads(snapshotHeads, heads))
    const unbindStore = bindHandle(s, h, { fresh: same, overlay: quick })
    unbind = () => {
      quick.flush()
      stopQuick()
      unbindStore()
    }
    setPending(quick)
    saver = snapshotSaver(() => {
      quick.flush() // the snapshot and its heads must describe the same version
      return {
        documentId: props.documentId,
        heads: A.getHeads(h.doc()),
        savedAt: Date.now(),
        board: unwrap(s.state),
      }
    })
    const onChange = (): void => saver?.changed()
    h.on("change", onChange)
    onCleanup(() => h.off("change", onChange))
    if (snapshotHeads === null || !heads.every((x) => snapshotHeads?.includes(x))) saver.changed()
    setHandle(h)
    // Already showing this store (from the snapshot): keep the board as it is on screen, the
    // handle switches it to editable. Replacing the phase would draw the whole board again.
    const shown = phase()
    if (shown.kind !== "ready" || shown.store !== s) setPhase({ kind: "ready", store: s })
    performance.mark("baton:board-editable")
  }

  void (async () => {
    // Loading a long history blocks the page for seconds: paint the snapshot first.
    if (await snapshotShown)
      await new Promise((r) => {
        requestAnimationFrame(() => setTimeout(r, 0))
        setTimeout(r, 200) // no frames in a background tab
      })
    boardFirstFrameDrawn()
    let h: DocHandle<Board>
    try {
      h = await findDocument<Board>(props.repo, props.documentId, {
        allowableStates: ["ready", "unavailable"],
        signal: abort.signal,
      })
      if (abort.signal.aborted) return
      if (h.isUnavailable()) {
        if (store === undefined) setPhase({ kind: "unavailable" })
        await h.whenReady(["ready"], { signal: abort.signal })
        if (abort.signal.aborted) return
      }
    } catch (e) {
      if (abort.signal.aborted) return
      setPhase({
        kind: "invalid",
        title: "This board could not be opened",
        message: `Baton could not load it (${e instanceof Error ? e.message : String(e)}). Nothing was changed.`,
      })
      return
    }
    open(h)
  })()

  return (
    <Switch>
      <Match when={phase().kind === "loading"}>
        <AppHeader />
        <main class="page page-message">
          <p class="message-box" role="status">
            Opening the board…
          </p>
        </main>
      </Match>
      <Match when={phase().kind === "unavailable"}>
        <AppHeader />
        <main class="page page-message">
          <div class="message-box" role="alert">
            <h1>This board is not here yet</h1>
            <p>
              {hasDamage(props.documentId)
                ? "This device's copy of it could not be read (its storage is damaged)"
                : "It is not stored on this device"}
              , and the relay does not have it right now (you may be offline, or the person who made
              it has not been online since). Keep this page open: the board opens by itself as soon
              as it arrives.
            </p>
            <p>
              <a class="button" href="#/">
                Go to your boards
              </a>
            </p>
          </div>
        </main>
      </Match>
      <Match
        when={phase().kind === "invalid" && (phase() as Extract<Phase, { kind: "invalid" }>)}
        keyed
      >
        {(p) => (
          <>
            <AppHeader />
            <main class="page page-message">
              <div class="message-box" role="alert">
                <h1>{p.title}</h1>
                <p>{p.message}</p>
                <p>
                  <a class="button" href="#/">
                    Go to your boards
                  </a>
                </p>
              </div>
            </main>
          </>
        )}
      </Match>
      <Match
        when={phase().kind === "ready" && (phase() as Extract<Phase, { kind: "ready" }>)}
        keyed
      >
        {(p) => (
          <ReadyBoard
            {...props}
            handle={handle()}
            pending={pending()}
            store={p.store}
            early={early}
            earlyCount={earlyCount()}
          />
        )}
      </Match>
    </Switch>
  )
}

function ReadyBoard(props: {
  documentId: DocumentId
  handle: DocHandle<Board> | null
  pending: PendingEdit<Board> | null
  store: DocStore<Board>
  early: EarlyEdit
  earlyCount: number
  cardId: string | null
  query: URLSearchParams
}) {
  const documentId = props.documentId
  const known = deviceBoard(documentId)
  const [memberId, setMemberId] = createSignal(known?.memberId ?? newId())
  rememberBoard(documentId, {
    lastOpened: new Date().toISOString(),
    memberId: memberId(),
    title: props.store.state.title,
  })
  const title = createMemo(() => props.store.state.title)
  createEffect(() => rememberBoard(documentId, { title: title() }))
  // Remember whether this device has changes the relay lacks, for the home page. Counting
  // them reads the document's history (about a second on a 10,000-card board), so it is done
  // once when the board is left or the page hidden, not on every change.
  const recordSyncState = (): void => {
    const h = props.handle
    if (h === null || !h.isReady()) return
    try {
      const { repo, relay } = getRelayConnection()
      let first = true
      const stop = watchSyncStatus({ repo, relay, handle: h, storage: localStorage }, (status) => {
        if (!first) return
        first = false
        const unsynced =
          status.kind === "saved"
            ? 0
            : status.kind === "local-only"
              ? null
              : (status.unsynced ?? UNSYNCED_SOME)
        rememberBoard(documentId, { unsynced })
      })
      stop()
    } catch {
      // No relay connection registered (e.g. an embedding without main.tsx): nothing to remember.
    }
  }
  const onHide = (): void => {
    if (document.visibilityState === "hidden") recordSyncState()
  }
  document.addEventListener("visibilitychange", onHide)
  onCleanup(() => {
    document.removeEventListener("visibilitychange", onHide)
    recordSyncState()
  })
  return (
    <BoardView
      documentId={documentId}
      handle={props.handle}
      pending={props.pending}
      early={props.early}
      earlyCount={props.earlyCount}
      board={props.store.state}
      structure={props.store.structure}
      structureChangedSince={(since) => props.store.structureChangedSince(since)}
      memberId={memberId()}
      onChooseMember={(id) => {
        setMemberId(id)
        rememberBoard(documentId, { memberId: id })
      }}
      cardId={props.cardId}
      query={props.query}
    />
  )
}
