import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import type { Patch } from "@automerge/automerge"
import { applyPatches } from "./applyPatches"

type Doc = {
  title: string
  cards: Record<string, { title: string; tags: string[]; n: number }>
  items: string[]
}

function mirrorAfter(
  before: A.Doc<Doc>,
  fn: (d: Doc) => void,
): { mirror: unknown; after: A.Doc<Doc> } {
  let patches: Patch[] = []
  const start = A.clone(before)
  const after = A.change(start, { patchCallback: (p) => (patches = p) }, fn)
  const mirror = A.toJS(before)
  applyPatches(mirror as object, patches)
  return { mirror, after }
}

describe("applyPatches mirrors Automerge changes on a plain object", () => {
  const base = A.from<Doc>({
    title: "Board",
    cards: { a: { title: "One", tags: ["x"], n: 1 } },
    items: ["p", "q"],
  })

  it("text edits in the middle of a string", () => {
    const { mirror, after } = mirrorAfter(base, (d) =>
      A.updateText(d, ["cards", "a", "title"], "Once more"),
    )
    expect(mirror).toEqual(A.toJS(after))
  })

  it("adding and deleting map keys and nested objects", () => {
    const { mirror, after } = mirrorAfter(base, (d) => {
      d.cards.b = { title: "Two", tags: [], n: 0 }
      delete d.cards.a
    })
    expect(mirror).toEqual(A.toJS(after))
    expect(Object.keys(mirror as Doc["cards"])).not.toContain("a")
  })

  it("list inserts and deletions", () => {
    const { mirror, after } = mirrorAfter(base, (d) => {
      d.items.splice(1, 1, "r", "s")
      d.items.unshift("o")
      d.cards.a!.tags.push("y", "z")
      d.cards.a!.tags.splice(0, 1)
    })
    expect(mirror).toEqual(A.toJS(after))
  })

  it("a merge of concurrent edits from another peer", () => {
    const other = A.change(A.clone(base), (d) => {
      A.updateText(d, ["title"], "Team board")
      d.cards.a!.n = 5
      d.cards.c = { title: "Three", tags: ["t"], n: 3 }
    })
    const mine = A.change(A.clone(base), (d) => A.updateText(d, ["title"], "Board (mine)"))
    const merged = A.merge(A.clone(mine), other)
    const patches = A.diff(merged, A.getHeads(mine), A.getHeads(merged))
    const mirror = A.toJS(mine)
    applyPatches(mirror, patches)
    expect(mirror).toEqual(A.toJS(merged))
  })

  it("refuses a patch that does not fit the mirror instead of corrupting it", () => {
    expect(() =>
      applyPatches({ a: 1 }, [{ action: "insert", path: ["a", 0], values: ["x"] }]),
    ).toThrow(RangeError)
  })
})
