/**
 * A new device's first load through the relay's snapshot, on the device's side: the snapshot is
 * read ahead for drawing, stored as the board's chunk, and then found as a stored board; and
 * whatever is wrong with it ends in the normal protocol, with nothing stored.
 */
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId } from "@automerge/automerge-repo"
import { describe, expect, it } from "vitest"
import { MemoryStorageAdapter } from "./storage/MemoryStorageAdapter"
import { firstLoadIfNew, registerFirstLoadSource } from "./snapshotFirstLoad"
import type { FirstLoadSource } from "./snapshotFirstLoad"
import { readSnapshot } from "./snapshotPreview"
import type { PreviewResult, SnapshotPreview } from "./snapshotPreview"

type Board = {
  title: string
  cards: Record<string, { title: string }>
}

/** A board with some history, as the relay would have it. */
function relayBoard(): A.Doc<Board> {
  let doc = A.from<Board>({ title: "Shared", cards: {} })
  for (let i = 0; i < 30; i++)
    doc = A.change(doc, (d) => {
      d.cards[`c${i % 10}`] = { title: `Card ${i}` }
    })
  return doc
}

function device(
  snapshot: Uint8Array | null,
  overrides: Partial<FirstLoadSource> = {},
): { repo: Repo; storage: MemoryStorageAdapter; asked: () => number } {
  const storage = new MemoryStorageAdapter()
  const repo = new Repo({ storage, network: [] })
  let asked = 0
  registerFirstLoadSource(repo, {
    requestSnapshot: () => {
      asked++
      return Promise.resolve(snapshot)
    },
    hasStored: async (id) => (await storage.loadRange([id])).length > 0,
    storeSnapshot: (id, bytes) => storage.save([id, "snapshot", "from-relay"], bytes),
    preview: (bytes) => Promise.resolve(readSnapshot(bytes) ?? "unreadable"),
    ...overrides,
  })
  return { repo, storage, asked: () => asked }
}

/** A valid document id (the repo checks them). */
const ID = new Repo({ network: [] }).create({}).documentId as DocumentId

describe("a new device's first load from the relay's snapshot", () => {
  it("draws the board first, then finds it as a stored board at the relay's heads", async () => {
    const board = relayBoard()
    const { repo, storage } = device(A.save(board))
    const events: string[] = []
    let drawn: SnapshotPreview | null = null
    const done = await firstLoadIfNew(repo, ID, {
      onPreview: async (p) => {
        drawn = p
        events.push("drawn")
        // The chunk is written while the page draws; the load waits for both.
        await Promise.resolve()
      },
    })
    events.push("returned")
    expect(done).toBe(true)
    expect(events).toEqual(["drawn", "returned"])
    expect(drawn!.board).toEqual(A.toJS(board))
    expect(drawn!.heads).toEqual(A.getHeads(board))
    expect(await storage.loadRange([ID, "snapshot"])).toHaveLength(1)
    // The repo has no peers: it can only have opened the stored chunk.
    expect(repo.handles[ID]).toBeUndefined()
    const handle = await repo.find<Board>(ID)
    expect(A.getHeads(handle.doc())).toEqual(A.getHeads(board))
    expect(handle.doc().cards.c9?.title).toBe("Card 29")
  })

  it("asks nothing of the relay for a board the device has stored", async () => {
    const board = relayBoard()
    const { repo, storage, asked } = device(A.save(board))
    await storage.save([ID, "incremental", "x"], A.save(board))
    expect(
      await firstLoadIfNew(repo, ID, { onPreview: () => Promise.reject(new Error("no")) }),
    ).toBe(false)
    expect(asked()).toBe(0)
  })

  it("leaves a truncated or unloadable snapshot to the normal protocol, storing nothing", async () => {
    const bytes = A.save(relayBoard())
    const truncated = device(bytes.slice(0, bytes.length - 5))
    let drawn = 0
    const onPreview = async (): Promise<void> => {
      drawn++
    }
    expect(await firstLoadIfNew(truncated.repo, ID, { onPreview })).toBe(false)
    expect(await truncated.storage.loadRange([ID])).toEqual([])

    const unloadable = device(bytes, {
      preview: (): Promise<PreviewResult> => Promise.resolve("unreadable"),
    })
    expect(await firstLoadIfNew(unloadable.repo, ID, { onPreview })).toBe(false)
    expect(await unloadable.storage.loadRange([ID])).toEqual([])
    expect(drawn).toBe(0)
  })

  it("imports the snapshot when the device cannot store it (full disk) or has no worker", async () => {
    const board = relayBoard()
    const full = device(A.save(board), {
      storeSnapshot: () => Promise.reject(new DOMException("full", "QuotaExceededError")),
    })
    let drawn = 0
    expect(await firstLoadIfNew(full.repo, ID, { onPreview: async () => void drawn++ })).toBe(true)
    expect(drawn).toBe(1)
    expect(A.getHeads(full.repo.handles[ID]!.doc())).toEqual(A.getHeads(board))

    const noWorker = device(A.save(board), {
      preview: (): Promise<PreviewResult> => Promise.resolve("unavailable"),
    })
    expect(await firstLoadIfNew(noWorker.repo, ID)).toBe(true)
    expect(A.getHeads(noWorker.repo.handles[ID]!.doc())).toEqual(A.getHeads(board))
  })
})
