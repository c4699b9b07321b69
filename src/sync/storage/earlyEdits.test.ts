import { describe, expect, it } from "vitest"
import { earlyEditsIn } from "./earlyEdits"

/** localStorage as a map, shared by "tabs"; optionally refusing writes, as a full one does. */
function memoryStore(): Pick<Storage, "getItem" | "setItem" | "removeItem"> & {
  map: Map<string, string>
  full: boolean
} {
  const map = new Map<string, string>()
  const store = {
    map,
    full: false,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (store.full) throw new DOMException("full", "QuotaExceededError")
      map.set(k, v)
    },
    removeItem: (k: string) => void map.delete(k),
  }
  return store
}

describe("edits kept while a board loads", () => {
  it("are kept in order per board, survive a new page, and go once applied", () => {
    const storage = memoryStore()
    const tab = earlyEditsIn(storage)
    const a = tab.add("doc1", { memberId: "ann", op: "setCardTitle", args: ["c1", "A"], at: 1 })
    const b = tab.add("doc1", { memberId: "ann", op: "moveCard", args: ["c1", "l2", 0], at: 2 })
    tab.add("doc2", { memberId: "bob", op: "renameBoard", args: ["Other"], at: 3 })
    // A page opened later (same storage) sees them, oldest first.
    const later = earlyEditsIn(storage)
    expect(later.list("doc1").map((e) => [e.op, e.args])).toEqual([
      ["setCardTitle", ["c1", "A"]],
      ["moveCard", ["c1", "l2", 0]],
    ])
    // An edit another tab added in the meantime is not removed with the applied ones.
    const c = later.add("doc1", { memberId: "cy", op: "addOwner", args: ["c1", "cy"], at: 4 })
    tab.remove("doc1", [a.id, b.id])
    expect(later.list("doc1").map((e) => e.id)).toEqual([c.id])
    expect(later.list("doc2")).toHaveLength(1)
    tab.remove("doc1", [c.id])
    expect(storage.map.has("baton.early.doc1")).toBe(false)
    later.forget("doc2")
    expect(tab.list("doc2")).toEqual([])
  })

  it("skip damaged entries and operations this version does not know", () => {
    const storage = memoryStore()
    storage.map.set("baton.early.d", "{not json")
    const edits = earlyEditsIn(storage)
    expect(edits.list("d")).toEqual([])
    storage.map.set(
      "baton.early.d",
      JSON.stringify([
        { id: "1", memberId: "ann", op: "formatDisk", args: [], at: 1 },
        { id: "2", memberId: "ann", op: "renameBoard", args: "x", at: 1 },
        { id: "3", memberId: 7, op: "renameBoard", args: ["x"], at: 1 },
        { id: "4", memberId: "ann", op: "renameBoard", args: ["Kept"], at: 1 },
      ]),
    )
    expect(edits.list("d").map((e) => e.id)).toEqual(["4"])
  })

  it("refuse to take an edit they cannot store, and keep what they had", () => {
    const storage = memoryStore()
    const edits = earlyEditsIn(storage)
    edits.add("d", { memberId: "ann", op: "renameBoard", args: ["One"], at: 1 })
    storage.full = true
    expect(() =>
      edits.add("d", { memberId: "ann", op: "renameBoard", args: ["Two"], at: 2 }),
    ).toThrow()
    expect(edits.list("d").map((e) => e.args)).toEqual([["One"]])
    // Without any storage (e.g. blocked by the browser) nothing is taken either.
    expect(() =>
      earlyEditsIn(null).add("d", { memberId: "a", op: "renameBoard", args: ["x"], at: 1 }),
    ).toThrow()
  })
})
