/**
 * Attaching through a real board session with the device's file store in an in-memory
 * IndexedDB and the relay unreachable (offline): the files are kept on the device as waiting
 * to upload and recorded on the card in one edit (or on one new comment, for a recorded note);
 * a file over the relay's limit and a viewer are refused with nothing stored; opened files are
 * only ever given a type the page will not run.
 */
import { IDBFactory } from "fake-indexeddb"
import { createRoot } from "solid-js"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { attachmentsOf } from "../../../../model/attachments"
import { getCard } from "../../../../model/queries"
import { fixtureBoard } from "../../../../model/testkit"
import { openBoard } from "../../../../session/openBoard"
import type { BoardSession } from "../../../../session/openBoard"
import { testOptions, testSource } from "../../../../session/testSource"
import type * as Attach from "./attach"
import type * as FileState from "./fileState"
import type { DeviceFiles } from "../../../../session"

const ID = "board-1"
let attach: typeof Attach
let fileState: typeof FileState
let files: DeviceFiles

beforeEach(async () => {
  vi.stubGlobal("indexedDB", new IDBFactory())
  // Offline: every request to the relay fails (its limits are then the default 25 MiB).
  vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")))
  vi.resetModules()
  attach = await import("./attach")
  fileState = await import("./fileState")
  files = (await import("../../../../session")).deviceFiles()
})

afterEach(() => {
  vi.unstubAllGlobals()
})

async function session(role: "edit" | "view" = "edit"): Promise<BoardSession> {
  const source = testSource({ [ID]: fixtureBoard() })
  const s = createRoot(() =>
    openBoard(source, ID, {
      ...testOptions(),
      access: () => ({ role, claimed: true, refused: null, secrets: {} }),
    }),
  )
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
  return s
}

const pdf = (n = 100): File =>
  new File([new Uint8Array(n).fill(37)], "brief.pdf", { type: "application/pdf" })

describe("attaching", () => {
  it("keeps the files on the device, waiting to upload, and records them on the card in order", async () => {
    const s = await session()
    const notes = new File(["notes"], "notes.txt", { type: "text/plain" })
    const r = await attach.attachFiles(s, "c1", [pdf(), notes])
    expect(r.ok).toBe(true)
    const onCard = attachmentsOf(getCard(s.state, "c1")!)
    expect(onCard.map((a) => [a.name, a.mime, a.size, a.kind, a.addedBy])).toEqual([
      ["brief.pdf", "application/pdf", 100, "file", "ann"],
      ["notes.txt", "text/plain", 5, "file", "ann"],
    ])
    expect(await files.usage()).toMatchObject({ pendingFiles: 2, pendingBytes: 105 })
    await files.idle()
    expect(files.uploadState(ID, onCard[0]!.sha256)).toMatchObject({ state: "waiting" })
    // Offline, it opens from the device.
    expect(await files.open(ID, onCard[0]!.sha256, "application/pdf")).toMatchObject({
      kind: "ok",
      cached: true,
    })
  })

  it("refuses a file over the relay's limit before storing anything, with the limit said", async () => {
    const s = await session()
    const big = { name: "huge.bin", size: 25 * 1024 * 1024 + 1, type: "" } as File
    const r = await attach.attachFiles(s, "c1", [pdf(), big])
    expect(r).toEqual({
      ok: false,
      message:
        "“huge.bin” (26 MB) is over this relay's limit of 25 MiB per file. Nothing was attached.",
    })
    expect(getCard(s.state, "c1")!.attachments).toBeUndefined()
    expect((await files.usage()).files).toBe(0)
  })

  it("refuses a viewer, storing nothing", async () => {
    const s = await session("view")
    expect(await attach.attachFiles(s, "c1", [pdf()])).toMatchObject({ ok: false })
    expect((await attach.attachToNewComment(s, "c1", pdf(), "")).ok).toBe(false)
    expect((await files.usage()).files).toBe(0)
  })

  it("adds one comment carrying a recorded note, with its kind and length", async () => {
    const s = await session()
    const note = new File([new Uint8Array(300)], "note.webm", { type: "audio/webm;codecs=opus" })
    const r = await attach.attachToNewComment(s, "c2", note, "", { durationMs: 4200.4 })
    expect(r.ok).toBe(true)
    const comments = Object.values(getCard(s.state, "c2")!.comments)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.authorId).toBe("ann")
    expect(attachmentsOf(comments[0]!).map((a) => [a.kind, a.mime, a.durationMs])).toEqual([
      ["voice", "audio/webm", 4200],
    ])
    expect((await files.usage()).pendingFiles).toBe(1)
  })
})

describe("what a file is opened as", () => {
  it("is its own type only for plain images, audio, video and PDF", () => {
    for (const t of ["image/png", "image/webp", "audio/webm", "video/mp4", "application/pdf"])
      expect(fileState.safeType(t)).toBe(t)
    for (const t of ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml"])
      expect(fileState.safeType(t)).toBe("application/octet-stream")
    expect(fileState.opensInTab("text/html")).toBe(false)
    expect(attach.limitText(25 * 1024 * 1024)).toBe("25 MiB")
  })
})
