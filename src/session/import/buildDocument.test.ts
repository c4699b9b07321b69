import { readFileSync } from "node:fs"
import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import { bucketKeys } from "../../model/buckets"
import * as M from "../../model/index"
import { planImport } from "../../model/import"
import type { Board } from "../../model/types"
import { buildBoardDocument } from "./buildDocument"

const FIXTURE = readFileSync(
  new URL("../../model/import/fixtures/product-launch.json", import.meta.url),
  "utf8",
)
const ACTOR = "0123456789abcdef0123456789abcdef"

function board(): Board {
  let n = 0
  return planImport(FIXTURE, {
    memberId: "me",
    now: "2026-12-07T01:00:00.000Z",
    newId: () => `id${(n++).toString(36)}`,
    zone: "Pacific/Kiritimati",
  }).board
}

/** The same board written the ordinary way, through `A.change`'s proxies. */
function throughChange(b: Board): Uint8Array {
  const doc = A.change(
    A.init<Board>({ actor: ACTOR }),
    { message: "m", time: 1_700_000_000 },
    (d) => {
      const o = d as unknown as Record<string, unknown>
      for (const [k, v] of Object.entries(b)) {
        if (k !== "cardBuckets") o[k] = v
        else {
          o.cardBuckets = {}
          for (const key of bucketKeys()) d.cardBuckets[key] = b.cardBuckets[key] ?? {}
        }
      }
    },
  )
  return A.save(doc)
}

describe("buildBoardDocument", () => {
  it("makes exactly the document A.change makes: same bytes, so same operations and datatypes", () => {
    const b = board()
    const built = buildBoardDocument(b, { message: "m", time: 1_700_000_000, actor: ACTOR })
    expect(built.bytes).toEqual(throughChange(b))
    expect(built.heads).toEqual(A.getHeads(A.load(built.bytes)))
  })

  it("loads as the imported board, valid, one change, its text collaborative", () => {
    const b = board()
    const progress: number[] = []
    const built = buildBoardDocument(b, {
      message: "import",
      time: 1_700_000_000,
      onProgress: (n) => progress.push(n),
    })
    const doc = A.load<Board>(built.bytes)
    expect(A.toJS(doc)).toEqual(JSON.parse(JSON.stringify(b)))
    expect(M.validateBoard(A.toJS(doc)).ok).toBe(true)
    expect(A.getAllChanges(doc)).toHaveLength(1)
    expect(A.decodeChange(A.getAllChanges(doc)[0]!).message).toBe("import")
    expect(progress.at(-1)).toBe(M.allCards(b).length)
    expect(progress).toHaveLength(bucketKeys().length)
    // A description takes a concurrent edit from two peers (it is text, not a plain string).
    const card = M.allCards(b).find((c) => c.description.length > 10)!
    const path = ["cardBuckets", M.bucketOf(card.id), card.id, "description"]
    const left = A.change(A.clone(doc), (d) => A.splice(d, path, 0, 0, "L:"))
    const right = A.change(A.clone(doc), (d) => A.splice(d, path, 0, 0, "R:"))
    const merged = A.toJS(A.merge(left, right)) as Board
    const text = merged.cardBuckets[M.bucketOf(card.id)]![card.id]!.description
    expect(text).toContain("L:")
    expect(text).toContain("R:")
    expect(text.endsWith(card.description)).toBe(true)
  })
})
