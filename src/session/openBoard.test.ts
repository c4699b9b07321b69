import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { unwrap } from "solid-js/store"
import { createRoot } from "solid-js"
import { decodeChangeMeta, deleteBoard, getCard } from "../model"
import { T0, canonicalJson, edit, fixtureBoard } from "../model/testkit"
import type { Board } from "../model/types"
import { earlyEditsIn } from "../sync/storage/earlyEdits"
import { DELETED_MESSAGE, openBoard } from "./openBoard"
import type { BoardSession, BoardSource } from "./openBoard"
import { memoryBoardDoc } from "./memoryBoardDoc"
import type { MemoryBoardDoc } from "./memoryBoardDoc"
import { memoryKeyValue, memorySnapshots, testOptions, testSource } from "./testSource"

const ID = "board-1"

/** Lets the session's promises (snapshot read, find) settle. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await new Promise((r) => setTimeout(r, 0))
}

const shown = (s: BoardSession): string => canonicalJson(unwrap(s.state))
const held = (doc: A.Doc<Board>): string => canonicalJson(A.toJS(doc))
const messages = (doc: A.Doc<Board>): string[] =>
  A.getHistory(doc).map((s) => {
    const m = decodeChangeMeta(s.change.message)
    return m === null ? "?" : `${m.memberId}:${m.op}`
  })

function open(
  source: Parameters<typeof openBoard>[0],
  options = testOptions(),
): { session: BoardSession; options: ReturnType<typeof testOptions>; dispose: () => void } {
  let dispose = (): void => undefined
  const session = createRoot((d) => {
    dispose = d
    return openBoard(source, ID, options)
  })
  return { session, options, dispose }
}

describe("a board session", () => {
  it("opens the document and shows it, then runs each action as one change by its member", async () => {
    const source = testSource({ [ID]: fixtureBoard() })
    const { session, options } = open(source)
    expect(session.phase().kind).toBe("loading")
    await settle()
    expect(session.phase()).toEqual({ kind: "ready", live: true })
    const doc = source.opened(ID)!
    expect(shown(session)).toBe(held(doc.doc()))
    expect(
      session.act("addList", { id: "later", title: "Later", now: "2026-11-25T04:00:00Z" }),
    ).toBe(true)
    expect(doc.doc().lists.later?.title).toBe("Later")
    expect(messages(doc.doc()).at(-1)).toBe("ann:addList")
    expect(shown(session)).toBe(held(doc.doc()))
    expect(options.told).toEqual([])
  })

  it("shows a title keystroke at once and writes it to the document after the frame", async () => {
    const source = testSource({ [ID]: fixtureBoard() })
    const { session, options } = open(source)
    await settle()
    const doc = source.opened(ID)!
    const heads = A.getHeads(doc.doc())
    session.act("setCardTitle", "c1", "Typed")
    expect(getCard(session.state, "c1")?.title).toBe("Typed")
    expect(A.getHeads(doc.doc())).toEqual(heads) // not written yet
    options.runLater()
    expect(getCard(doc.doc(), "c1")?.title).toBe("Typed")
    expect(shown(session)).toBe(held(doc.doc()))
  })

  it("writes a shown edit before any other action, so the changes keep the order they were made", async () => {
    const source = testSource({ [ID]: fixtureBoard() })
    const { session, options } = open(source)
    await settle()
    const doc = source.opened(ID)!
    session.act("setCardTitle", "c1", "First")
    session.act("archiveCard", "c1", "2026-11-25T04:00:00Z")
    expect(messages(doc.doc()).slice(-2)).toEqual(["ann:setCardTitle", "ann:archiveCard"])
    options.runLater()
    expect(messages(doc.doc()).slice(-2)).toEqual(["ann:setCardTitle", "ann:archiveCard"])
    expect(shown(session)).toBe(held(doc.doc()))
  })

  it("writes what is pending when flushed or closed", async () => {
    const source = testSource({ [ID]: fixtureBoard() })
    const { session } = open(source)
    await settle()
    const doc = source.opened(ID)!
    session.act("setCardTitle", "c1", "Flushed")
    session.flush()
    expect(getCard(doc.doc(), "c1")?.title).toBe("Flushed")
    session.act("setCardTitle", "c2", "Closed")
    session.close()
    expect(getCard(doc.doc(), "c2")?.title).toBe("Closed")
    // A closed session takes no more edits and no longer follows the document.
    expect(session.act("setCardTitle", "c3", "After")).toBe(false)
    doc.change((d) => void (d.title = "Renamed elsewhere"), { memberId: "bob", op: "renameBoard" })
    expect(session.state.title).toBe("Launch")
  })

  it("tells the person why an edit was refused and changes nothing", async () => {
    const source = testSource({ [ID]: fixtureBoard() })
    const { session, options } = open(source)
    await settle()
    const doc = source.opened(ID)!
    const heads = A.getHeads(doc.doc())
    expect(session.act("addList", { id: "x", title: "   ", now: "2026-11-25T04:00:00Z" })).toBe(
      false,
    )
    expect(options.told).toHaveLength(1)
    expect(A.getHeads(doc.doc())).toEqual(heads)
    expect(shown(session)).toBe(held(doc.doc()))
  })

  it("follows a peer's changes, also while a typed title waits to be written", async () => {
    const start = fixtureBoard()
    const source = testSource({ [ID]: start })
    const { session, options } = open(source)
    await settle()
    const doc = source.opened(ID)!
    session.act("setCardTitle", "c1", "Mine")
    const peer = edit(A.clone(start, { actor: "0b".repeat(16) }), (d) => {
      d.title = "Theirs"
      const c1 = getCard(d, "c1")
      if (c1 !== undefined)
        A.updateText(d, ["cardBuckets", ...bucketPath(d, "c1"), "title"], "Peer")
    })
    doc.merge(peer)
    expect(session.state.title).toBe("Theirs")
    expect(getCard(session.state, "c1")?.title).toBe("Mine") // still as typed
    options.runLater()
    expect(shown(session)).toBe(held(doc.doc()))
  })

  it("takes no more edits, nor undoes any, once a peer deletes the board for everyone", async () => {
    const start = fixtureBoard()
    const source = testSource({ [ID]: start })
    const { session, options } = open(source)
    await settle()
    const doc = source.opened(ID)!
    expect(session.act("renameList", "todo", "Mine")).toBe(true)
    expect(session.may("renameList")).toBe(true)
    doc.merge(edit(A.clone(start, { actor: "0b".repeat(16) }), (d) => deleteBoard(d, "bob", T0)))
    expect(session.state.deleted).toEqual({ by: "bob", at: T0 })
    expect(session.may("renameList")).toBe(false)
    expect(session.may("deleteBoard")).toBe(false)
    const heads = A.getHeads(doc.doc())
    expect(session.act("renameList", "todo", "After")).toBe(false)
    expect(options.told.at(-1)).toBe(DELETED_MESSAGE)
    expect(session.refusal()).toBe(DELETED_MESSAGE)
    expect(session.undo()).toEqual({ done: false, message: DELETED_MESSAGE })
    expect(A.getHeads(doc.doc())).toEqual(heads)
    expect(doc.doc().lists.todo?.title).toBe("Mine")
  })

  it("shows the saved snapshot first, keeps edits made on it, and runs them once the document arrives", async () => {
    const board = fixtureBoard()
    const snapshots = memorySnapshots({
      documentId: ID,
      heads: A.getHeads(board),
      savedAt: 0,
      board: A.toJS(board),
    })
    const early = earlyEditsIn(memoryKeyValue())
    const source = testSource({})
    const options = { ...testOptions("bob", early), snapshots }
    const { session } = open(source, options)
    await settle()
    expect(session.phase()).toEqual({ kind: "ready", live: false })
    expect(session.live()).toBeNull()
    expect(session.act("setCardTitle", "c1", "Early")).toBe(true)
    expect(getCard(session.state, "c1")?.title).toBe("Early")
    expect(session.earlyCount()).toBe(1)
    expect(early.list(ID)).toHaveLength(1) // kept on the device until the document is loaded
    const doc = source.arrive(ID, board)
    await settle()
    expect(session.phase()).toEqual({ kind: "ready", live: true })
    expect(getCard(doc.doc(), "c1")?.title).toBe("Early")
    expect(messages(doc.doc()).at(-1)).toBe("bob:setCardTitle")
    expect(session.earlyCount()).toBe(0)
    expect(early.list(ID)).toEqual([])
    expect(shown(session)).toBe(held(doc.doc()))
  })

  it("shows a new device's preview before its document loads, keeps edits made on it, then goes live", async () => {
    const board = fixtureBoard()
    let previewed: Promise<void> | null = null
    let finish = (): void => undefined
    const loaded = new Promise<void>((r) => (finish = r))
    let opened: MemoryBoardDoc | null = null
    const source: BoardSource = {
      async findBoard(documentId, { onPreview }) {
        previewed = onPreview?.(A.toJS(board), A.getHeads(board)) ?? null
        await previewed
        await loaded
        opened = memoryBoardDoc(A.clone(board), documentId)
        return opened
      },
    }
    const early = earlyEditsIn(memoryKeyValue())
    let frames = 0
    const options = {
      ...testOptions("bob", early),
      afterSnapshot: async () => {
        frames++
      },
    }
    const { session } = open(source, options)
    await settle()
    expect(previewed).not.toBeNull()
    expect(frames).toBe(1) // the document's load waited for the drawing
    expect(session.phase()).toEqual({ kind: "ready", live: false })
    expect(shown(session)).toBe(held(board))
    expect(session.act("setCardTitle", "c1", "Typed while loading")).toBe(true)
    expect(session.earlyCount()).toBe(1)
    finish()
    await settle()
    expect(session.phase()).toEqual({ kind: "ready", live: true })
    const doc = opened as MemoryBoardDoc | null
    expect(getCard(doc!.doc(), "c1")?.title).toBe("Typed while loading")
    expect(messages(doc!.doc()).at(-1)).toBe("bob:setCardTitle")
    expect(shown(session)).toBe(held(doc!.doc()))
    expect(session.act("renameBoard", "Renamed live")).toBe(true)
    expect(doc!.doc().title).toBe("Renamed live")
  })

  it("keeps a snapshot of a board first shown from the relay's preview, for the next opening", async () => {
    const board = fixtureBoard()
    const source: BoardSource = {
      async findBoard(documentId, { onPreview }) {
        await onPreview?.(A.toJS(board), A.getHeads(board))
        return memoryBoardDoc(A.clone(board), documentId)
      },
    }
    const snapshots = memorySnapshots()
    const { session } = open(source, { ...testOptions(), snapshots })
    await settle()
    expect(session.phase()).toEqual({ kind: "ready", live: true })
    // Saved while the board is open, not only when it closes.
    expect(snapshots.saved()?.heads).toEqual(A.getHeads(board))
    expect(canonicalJson(snapshots.saved()?.board)).toBe(held(board))
  })

  it("ignores a preview that is not a board, and one after the device's own snapshot", async () => {
    const board = fixtureBoard()
    const source = (preview: unknown): BoardSource => ({
      async findBoard(documentId, { onPreview }) {
        await onPreview?.(preview, ["h"])
        return memoryBoardDoc(A.clone(board), documentId)
      },
    })
    const bad = open(source({ hello: "world" }))
    await settle()
    expect(bad.session.phase()).toEqual({ kind: "ready", live: true })
    expect(shown(bad.session)).toBe(held(board))

    const other = A.change(A.clone(board), (d) => {
      d.title = "Older copy"
    })
    const snapshots = memorySnapshots({
      documentId: ID,
      heads: A.getHeads(board),
      savedAt: 0,
      board: A.toJS(board),
    })
    const stored = open(source(A.toJS(other)), { ...testOptions(), snapshots })
    await settle()
    expect(stored.session.state.title).toBe(board.title)
  })

  it("says a board is missing until it arrives, then shows it", async () => {
    const source = testSource({})
    const { session } = open(source)
    await settle()
    expect(session.phase()).toEqual({ kind: "missing", reason: "not-stored" })
    source.arrive(ID, fixtureBoard())
    await settle()
    expect(session.phase()).toEqual({ kind: "ready", live: true })
  })

  it("says why a document that is not a board cannot be opened", async () => {
    const notBoard = A.from({ hello: "world" }) as unknown as A.Doc<Board>
    const { session } = open(testSource({ [ID]: notBoard }))
    await settle()
    const p = session.phase()
    expect(p.kind).toBe("damaged")
    expect(p.kind === "damaged" && p.error.kind).toBe("not-a-board")
    expect(session.act("renameBoard", "x")).toBe(false)
  })

  it("says so when the document cannot be found", async () => {
    const { session } = open(testSource({}, "storage gone"))
    await settle()
    expect(session.phase()).toEqual({ kind: "failed", reason: "storage gone" })
  })
})

function bucketPath(d: Board, cardId: string): string[] {
  for (const [bucket, cards] of Object.entries(d.cardBuckets))
    if (cards[cardId] !== undefined) return [bucket, cardId]
  throw new Error(`no card ${cardId}`)
}
