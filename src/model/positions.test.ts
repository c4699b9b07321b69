import { describe, expect, it } from "vitest"
import { bucketKeys, bucketOf, BUCKET_COUNT } from "./buckets"
import { compareByPosition, isValidPosition, placeAt } from "./positions"
import type { Positioned } from "./positions"

/** Inserts "new" at `index` using `placeAt` and returns the resulting order of ids. */
function insert(items: Positioned[], index: number): string[] {
  const p = placeAt(items, index)
  const moved = new Map(p.respace.map((r) => [r.id, r.position]))
  const all = items.map((it) => ({ id: it.id, position: moved.get(it.id) ?? it.position }))
  all.push({ id: "new", position: p.position })
  for (const it of all) expect(isValidPosition(it.position)).toBe(true)
  return all.sort(compareByPosition).map((it) => it.id)
}

describe("positions", () => {
  const plain: Positioned[] = [
    { id: "a", position: "a0" },
    { id: "b", position: "a1" },
    { id: "c", position: "a2" },
  ]

  it("inserts at every index of a list without ties, touching no other item", () => {
    for (let i = 0; i <= 3; i++) {
      const expected = ["a", "b", "c"]
      expected.splice(i, 0, "new")
      expect(insert(plain, i)).toEqual(expected)
      expect(placeAt(plain, i).respace).toEqual([])
    }
  })

  it("inserts between tied items (equal positions from concurrent inserts)", () => {
    const tied: Positioned[] = [
      { id: "a", position: "a0" },
      { id: "t1", position: "a1" },
      { id: "t2", position: "a1" },
      { id: "t3", position: "a1" },
      { id: "z", position: "a2" },
    ]
    for (let i = 0; i <= 5; i++) {
      const expected = ["a", "t1", "t2", "t3", "z"]
      expected.splice(i, 0, "new")
      expect(insert(tied, i)).toEqual(expected)
    }
    const atEnd: Positioned[] = [
      { id: "x", position: "a5" },
      { id: "y", position: "a5" },
    ]
    expect(insert(atEnd, 1)).toEqual(["x", "new", "y"])
  })

  it("re-spaces everything when positions are invalid, keeping the requested order", () => {
    const broken: Positioned[] = [
      { id: "a", position: "a0" },
      { id: "b", position: "!!" },
      { id: "c", position: "" },
    ].sort(compareByPosition)
    const order = broken.map((b) => b.id)
    const expected = [...order]
    expected.splice(1, 0, "new")
    expect(insert(broken, 1)).toEqual(expected)
  })

  it("clamps out-of-range indexes", () => {
    expect(insert(plain, -5)).toEqual(["new", "a", "b", "c"])
    expect(insert(plain, 99)).toEqual(["a", "b", "c", "new"])
    expect(insert([], 0)).toEqual(["new"])
  })

  it("orders by position then id, totally", () => {
    const xs = [
      { id: "b", position: "a1" },
      { id: "a", position: "a1" },
      { id: "c", position: "a0" },
    ]
    expect([...xs].sort(compareByPosition).map((x) => x.id)).toEqual(["c", "a", "b"])
  })
})

describe("buckets", () => {
  it("maps ids stably onto all buckets, evenly enough", () => {
    expect(bucketKeys()).toHaveLength(BUCKET_COUNT)
    expect(bucketOf("card-1")).toBe(bucketOf("card-1"))
    const counts = new Map<string, number>()
    for (let i = 0; i < 10_000; i++) {
      const b = bucketOf(`card-${i}`)
      counts.set(b, (counts.get(b) ?? 0) + 1)
    }
    expect(counts.size).toBe(BUCKET_COUNT)
    expect(Math.max(...counts.values())).toBeLessThan(2 * (10_000 / BUCKET_COUNT))
  })

  it("never changes for known ids (documents depend on it)", () => {
    // Golden values (FNV-1a 32-bit of UTF-16 code units, mod 128): a change here would move
    // cards of existing boards into buckets where nobody looks for them.
    expect([bucketOf(""), bucketOf("c1"), bucketOf("card-42"), bucketOf("é🚀")]).toEqual([
      "45",
      "59",
      "3c",
      "21",
    ])
  })
})
