import { describe, expect, it } from "vitest"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import {
  DEVICE_BOARDS_KEY,
  getDeviceBoard,
  readDeviceBoards,
  removeDeviceBoard,
  upsertDeviceBoard,
  writeDeviceBoards,
} from "./deviceBoards"
import type { KeyValueStore } from "./deviceBoards"

const newDocId = () => parseAutomergeUrl(generateAutomergeUrl()).documentId

function memoryStore(initial?: string): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  if (initial !== undefined) data.set(DEVICE_BOARDS_KEY, initial)
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe("boards on this device", () => {
  it("remembers boards, most recently opened first, and updates fields in place", () => {
    const store = memoryStore()
    const a = newDocId()
    const b = newDocId()
    upsertDeviceBoard(store, a, {
      title: "Alpha",
      lastOpened: "2026-01-01T00:00:00.000Z",
      memberId: "m1",
    })
    upsertDeviceBoard(store, b, { title: "Beta", lastOpened: "2026-02-01T00:00:00.000Z" })
    expect(readDeviceBoards(store).map((x) => x.title)).toEqual(["Beta", "Alpha"])
    upsertDeviceBoard(store, a, { lastOpened: "2026-03-01T00:00:00.000Z" })
    const list = readDeviceBoards(store)
    expect(list.map((x) => x.title)).toEqual(["Alpha", "Beta"])
    expect(getDeviceBoard(store, a)).toMatchObject({ title: "Alpha", memberId: "m1" })
    expect(getDeviceBoard(store, b)?.memberId).toBeNull()
    expect(getDeviceBoard(store, b)?.unsynced).toBeNull()
    upsertDeviceBoard(store, b, { unsynced: 3 })
    expect(getDeviceBoard(store, b)?.unsynced).toBe(3)
    upsertDeviceBoard(store, b, { unsynced: 0 })
    expect(getDeviceBoard(store, b)?.unsynced).toBe(0)
    expect(getDeviceBoard(store, b)?.deleted).toBeUndefined()
    upsertDeviceBoard(store, b, { deleted: { by: "Ana", at: "2026-03-02T10:00:00.000Z" } })
    expect(getDeviceBoard(store, b)?.deleted).toEqual({ by: "Ana", at: "2026-03-02T10:00:00.000Z" })
  })

  it("removes one board and keeps the others", () => {
    const store = memoryStore()
    const a = newDocId()
    const b = newDocId()
    upsertDeviceBoard(store, a, { title: "A" })
    upsertDeviceBoard(store, b, { title: "B" })
    expect(removeDeviceBoard(store, a).map((x) => x.documentId)).toEqual([b])
    expect(readDeviceBoards(store).map((x) => x.documentId)).toEqual([b])
  })

  it.each([
    ["not JSON", "{{{"],
    ["an object instead of a list", '{"a":1}'],
    ["null", "null"],
    ["a number", "42"],
  ])("reads %s as no boards instead of failing", (_name, raw) => {
    expect(readDeviceBoards(memoryStore(raw))).toEqual([])
  })

  it("drops only the bad entries of a partly corrupt list", () => {
    const good = newDocId()
    const raw = JSON.stringify([
      null,
      { documentId: "not-an-id", title: "x" },
      { documentId: good, title: 5, lastOpened: "yesterday", memberId: "<script>", unsynced: -7 },
      { documentId: good, title: "duplicate" },
      "junk",
    ])
    const list = readDeviceBoards(memoryStore(raw))
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ documentId: good, title: "", memberId: null, unsynced: null })
    expect(Number.isNaN(Date.parse(list[0]!.lastOpened))).toBe(false)
  })

  it("remembers whether a board is a template, and reads older entries as not", () => {
    const a = newDocId()
    const b = newDocId()
    const store = memoryStore(
      JSON.stringify([
        { documentId: a, title: "Old", lastOpened: "2026-01-01T00:00:00.000Z", memberId: null },
        { documentId: b, title: "Odd", lastOpened: "2026-01-01T00:00:00.000Z", template: "yes" },
      ]),
    )
    expect(readDeviceBoards(store).map((x) => x.template)).toEqual([undefined, undefined])
    upsertDeviceBoard(store, a, { template: true })
    expect(getDeviceBoard(store, a)?.template).toBe(true)
    upsertDeviceBoard(store, a, { template: false })
    expect(getDeviceBoard(store, a)?.template).toBeUndefined()
  })

  it("reports a refused write (full storage) without throwing", () => {
    const store: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException("quota", "QuotaExceededError")
      },
    }
    expect(writeDeviceBoards(store, [])).toBe(false)
    expect(() => upsertDeviceBoard(store, newDocId(), { title: "x" })).not.toThrow()
  })
})
