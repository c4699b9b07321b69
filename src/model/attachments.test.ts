/**
 * Files on cards: what two peers see after attaching, renaming, removing and choosing covers
 * concurrently (fork, edit both, merge both ways), and what an operation refuses.
 */
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import * as M from "./index"
import type { Attachment, Board } from "./index"
import { T0, at, edit, fixtureBoard, fork, mergeBoth, sameState } from "./testkit"
import { getCard } from "./queries"
import { validateBoard } from "./validate"

type Doc = A.Doc<Board>

const hex = (n: number): string => n.toString(16).padStart(64, "0")

function file(id: string, kind: Attachment["kind"] = "file", by = "ann", minute = 1): Attachment {
  return {
    id,
    sha256: hex(id.length * 1000 + id.charCodeAt(id.length - 1)),
    name: `${id}.${kind === "image" ? "png" : "pdf"}`,
    mime: kind === "image" ? "image/png" : "application/pdf",
    size: 1234,
    addedBy: by,
    addedAt: at(minute),
    kind,
  }
}

function concurrently(base: Doc, fa: (d: Board) => void, fb: (d: Board) => void): Doc {
  const [a, b] = fork(base)
  const [am, bm] = mergeBoth(edit(a, fa), edit(b, fb))
  expect(sameState(am, bm)).toBe(true)
  expect(M.checkBoard(am)).toEqual([])
  expect(validateBoard(am).ok).toBe(true)
  return am
}

const card = (d: Board, id = "c1") => getCard(d, id)!

describe("attachments on cards", () => {
  it("two peers attach files to the same card at once: both files are there for both", () => {
    const merged = concurrently(
      fixtureBoard(),
      (d) => M.addAttachments(d, "c1", [file("a1")]),
      (d) => M.addAttachments(d, "c1", [file("b1", "file", "bob", 2)]),
    )
    // The card had no files: each peer made the map, and the merge keeps one of the two.
    // The other's file is a conflict until a peer repairs the card, and none is lost.
    expect(M.conflictingAttachments(card(merged)).length).toBe(1)
    const [x, y] = fork(merged)
    const [xr, yr] = mergeBoth(
      edit(x, (d) => M.repairAttachments(d, "c1")),
      edit(y, (d) => M.repairAttachments(d, "c1")),
    )
    expect(sameState(xr, yr)).toBe(true)
    expect(M.attachmentsOf(card(xr)).map((a) => a.id)).toEqual(["a1", "b1"])
    expect(M.attachmentCount(card(xr))).toBe(2)
    expect(M.conflictingAttachments(card(xr))).toEqual([])
    // Any later attachment operation on the card repairs it too.
    const renamed = edit(A.clone(merged), (d) => {
      const lost = M.conflictingAttachments(card(d))[0]!
      M.renameAttachment(d, "c1", lost.id, "Found again.pdf")
    })
    expect(M.attachmentsOf(card(renamed)).map((a) => a.name)).toContain("Found again.pdf")
    expect(M.attachmentCount(card(renamed))).toBe(2)
  })

  it("the first image becomes the cover; a later image does not replace it", () => {
    let doc = edit(fixtureBoard(), (d) => M.addAttachments(d, "c1", [file("pdf")]))
    expect(card(doc).coverImage).toBeUndefined()
    doc = edit(doc, (d) => M.addAttachments(d, "c1", [file("img1", "image")]))
    expect(M.coverImageOf(card(doc))?.id).toBe("img1")
    doc = edit(doc, (d) => M.addAttachments(d, "c1", [file("img2", "image", "ann", 3)]))
    expect(card(doc).coverImage).toBe("img1")
  })

  it("with the automatic cover turned off, the first image is not made the cover", () => {
    let doc = edit(fixtureBoard(), (d) => M.setAutoCover(d, "c1", false))
    doc = edit(doc, (d) => M.addAttachments(d, "c1", [file("img1", "image")]))
    expect(M.coverImageOf(card(doc))).toBeUndefined()
    doc = edit(doc, (d) => M.setCoverImage(d, "c1", "img1"))
    expect(M.coverImageOf(card(doc))?.id).toBe("img1")
  })

  it("removing the cover image removes the cover; a concurrent rename does not bring it back", () => {
    const base = edit(fixtureBoard(), (d) => M.addAttachments(d, "c1", [file("img1", "image")]))
    const merged = concurrently(
      base,
      (d) => M.removeAttachment(d, "c1", "img1"),
      (d) => M.renameAttachment(d, "c1", "img1", "Screenshot"),
    )
    expect(M.attachmentsOf(card(merged))).toEqual([])
    expect(M.coverImageOf(card(merged))).toBeUndefined()
  })

  it("concurrent renames keep one whole name, the same for both peers", () => {
    const base = edit(fixtureBoard(), (d) => M.addAttachments(d, "c1", [file("a1")]))
    const merged = concurrently(
      base,
      (d) => M.renameAttachment(d, "c1", "a1", "Contract v2.pdf"),
      (d) => M.renameAttachment(d, "c1", "a1", "Signed contract.pdf"),
    )
    expect(["Contract v2.pdf", "Signed contract.pdf"]).toContain(card(merged).attachments!.a1!.name)
  })

  it("two peers choose different covers: one wins, and it is one of the card's images", () => {
    const base = edit(fixtureBoard(), (d) =>
      M.addAttachments(d, "c1", [file("i1", "image"), file("i2", "image", "ann", 2)]),
    )
    const merged = concurrently(
      base,
      (d) => M.setCoverImage(d, "c1", "i2"),
      (d) => M.setCoverImage(d, "c1", null),
    )
    const cover = card(merged).coverImage
    expect([null, "i2"]).toContain(cover)
  })

  it("refuses what is not a file record: bad hash, empty name, unknown kind, an SVG as cover", () => {
    const doc = fixtureBoard()
    const refused = (a: unknown) =>
      expect(() => edit(A.clone(doc), (d) => M.addAttachments(d, "c1", [a]))).toThrow(M.ModelError)
    refused({ ...file("x"), sha256: "../../etc/passwd" })
    refused({ ...file("x"), sha256: "A".repeat(64) })
    refused({ ...file("x"), name: "   " })
    refused({ ...file("x"), kind: "script" })
    refused({ ...file("x"), size: -1 })
    refused({ ...file("x"), addedBy: "nobody" })
    const svg = edit(A.clone(doc), (d) =>
      M.addAttachments(d, "c1", [{ ...file("s"), mime: "image/svg+xml", kind: "file" }]),
    )
    expect(() => edit(svg, (d) => M.setCoverImage(d, "c1", "s"))).toThrow(/Only an image/)
    // A name keeps no path or control characters.
    const named = edit(A.clone(doc), (d) =>
      M.addAttachments(d, "c1", [{ ...file("n"), name: "../a\u0000b.pdf" }]),
    )
    expect(card(named).attachments!.n!.name).toBe("..ab.pdf")
  })

  it("lists every referenced hash, previews and comment files included", () => {
    let doc = edit(fixtureBoard(), (d) =>
      M.addAttachments(d, "c1", [{ ...file("i", "image"), thumbSha256: hex(7) }]),
    )
    doc = edit(doc, (d) =>
      M.addComment(d, "c2", {
        id: "k1",
        authorId: "bob",
        text: "",
        now: T0,
        attachments: [{ ...file("v", "voice", "bob"), mime: "audio/webm", durationMs: 2000 }],
      }),
    )
    const refs = M.referencedBlobs(doc)
    expect(refs).toEqual(new Set([card(doc).attachments!.i!.sha256, hex(7), file("v").sha256]))
    expect(M.attachmentCount(card(doc, "c2"))).toBe(1)
  })
})

describe("attachments on comments", () => {
  it("a comment may be only a voice note; two peers post notes at once and both are kept", () => {
    const note = (id: string, by: string) => ({
      id: `c-${id}`,
      authorId: by,
      text: "",
      now: T0,
      attachments: [{ ...file(id, "voice", by), mime: "audio/webm", durationMs: 3000 }],
    })
    const merged = concurrently(
      fixtureBoard(),
      (d) => M.addComment(d, "c1", note("n1", "ann")),
      (d) => M.addComment(d, "c1", note("n2", "bob")),
    )
    const comments = M.commentsOf(card(merged))
    expect(comments.map((c) => Object.keys(c.attachments ?? {}))).toEqual(
      expect.arrayContaining([["n1"], ["n2"]]),
    )
    expect(M.findAttachment(card(merged), "n2")?.commentId).toBe("c-n2")
  })

  it("an empty comment without a file is still refused", () => {
    expect(() =>
      edit(fixtureBoard(), (d) =>
        M.addComment(d, "c1", { id: "k", authorId: "ann", text: "  ", now: T0 }),
      ),
    ).toThrow(/cannot be empty/)
  })

  it("a damaged attachment record is reported when the board is opened", () => {
    const doc = edit(fixtureBoard(), (d) => M.addAttachments(d, "c1", [file("a1")]))
    const broken = edit(doc, (d) => {
      ;(card(d).attachments!.a1 as unknown as Record<string, unknown>).sha256 = "nope"
    })
    const v = validateBoard(broken)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(JSON.stringify(v.error)).toContain("attachments.a1.sha256")
  })
})
