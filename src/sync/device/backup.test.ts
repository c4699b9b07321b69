import { describe, expect, it } from "vitest"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import type {
  Chunk,
  DocumentId,
  StorageAdapterInterface,
  StorageKey,
} from "@automerge/automerge-repo"
import {
  BACKUP_FORMAT,
  BackupError,
  backupFileName,
  exportBackup,
  importBackup,
  parseBackup,
  serializeBackup,
} from "./backup"
import { bytesToBase64 } from "../storage/base64"

/** Storage kept in a Map, shared by repos that stand for the same browser profile. */
class MemoryStorage implements StorageAdapterInterface {
  readonly data = new Map<string, Uint8Array>()
  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.data.get(key.join("/"))
  }
  async save(key: StorageKey, value: Uint8Array): Promise<void> {
    this.data.set(key.join("/"), value)
  }
  async remove(key: StorageKey): Promise<void> {
    this.data.delete(key.join("/"))
  }
  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const p = prefix.join("/")
    return [...this.data.entries()]
      .filter(([k]) => k === p || k.startsWith(p + "/"))
      .map(([k, data]) => ({ key: k.split("/"), data }))
  }
  async removeRange(prefix: StorageKey): Promise<void> {
    for (const key of (await this.loadRange(prefix)).map((c) => c.key.join("/")))
      this.data.delete(key)
  }
}

interface TestBoard {
  title: string
  cards: Record<string, { title: string }>
  notes?: string
}

const NOW = new Date("2026-11-25T03:14:00.000Z")

function deviceRepo(storage = new MemoryStorage()): { repo: Repo; storage: MemoryStorage } {
  return { repo: new Repo({ storage, network: [] }), storage }
}

async function boardWithHistory(repo: Repo, title: string, edits: number): Promise<DocumentId> {
  const handle = repo.create<TestBoard>({ title, cards: {} })
  for (let i = 0; i < edits; i++) {
    handle.change((d) => {
      d.cards[`c${i}`] = { title: `Card ${i}` }
    })
  }
  await repo.flush()
  return handle.documentId
}

async function heads(repo: Repo, id: DocumentId): Promise<A.Heads> {
  return A.getHeads((await repo.find<TestBoard>(id)).doc())
}

describe("backup export and import", () => {
  it("restores every board into a fresh device under the same ids, with the same heads and content", async () => {
    const a = deviceRepo()
    const ids = [
      await boardWithHistory(a.repo, "Launch", 5),
      await boardWithHistory(a.repo, "Hiring", 3),
    ]
    const { backup, missing } = await exportBackup(a.repo, ids, NOW)
    expect(missing).toEqual([])
    expect(backup).toMatchObject({
      format: BACKUP_FORMAT,
      version: 1,
      exportedAt: NOW.toISOString(),
    })
    expect(backup.boards.map((b) => b.title)).toEqual(["Launch", "Hiring"])
    const text = serializeBackup(backup)

    const b = deviceRepo()
    const result = await importBackup(b.repo, parseBackup(text))
    expect(result.failed).toEqual([])
    expect(result.restored.map((r) => [r.documentId, r.title, r.mergedWithExisting])).toEqual([
      [ids[0], "Launch", false],
      [ids[1], "Hiring", false],
    ])
    for (const id of ids) {
      expect(await heads(b.repo, id)).toEqual(await heads(a.repo, id))
      expect((await b.repo.find<TestBoard>(id)).doc()).toEqual(
        (await a.repo.find<TestBoard>(id)).doc(),
      )
    }
    // Written to storage: a new session of the same device (new repo, same storage) has them.
    const again = deviceRepo(b.storage)
    for (const id of ids) expect(await heads(again.repo, id)).toEqual(await heads(a.repo, id))
  })

  it("merges into a board the device already has loaded: concurrent edits on both sides survive", async () => {
    const a = deviceRepo()
    const id = await boardWithHistory(a.repo, "Shared", 2)
    const b = deviceRepo()
    // Device B got the board earlier (same history), then both devices edited it.
    b.repo.import(A.save((await a.repo.find<TestBoard>(id)).doc()), { docId: id })
    ;(await a.repo.find<TestBoard>(id)).change((d) => {
      d.cards.fromA = { title: "made on A after the split" }
    })
    const onB = await b.repo.find<TestBoard>(id)
    onB.change((d) => {
      d.cards.fromB = { title: "made on B, not in the backup" }
    })
    const { backup } = await exportBackup(a.repo, [id], NOW)
    const result = await importBackup(b.repo, parseBackup(serializeBackup(backup)))
    expect(result.restored).toEqual([{ documentId: id, title: "Shared", mergedWithExisting: true }])
    const merged = onB.doc()
    expect(Object.keys(merged.cards).sort()).toEqual(["c0", "c1", "fromA", "fromB"])
    // Same result as merging the two documents directly, in either order.
    const docA = (await a.repo.find<TestBoard>(id)).doc()
    const expected = A.merge(A.clone(docA), A.load<TestBoard>(A.save(merged)))
    expect(A.getHeads(merged).sort()).toEqual(A.getHeads(expected).sort())
    expect(merged).toEqual(A.merge(A.load<TestBoard>(A.save(merged)), A.clone(docA)))
  })

  it("merges into a board that is only in storage (not yet loaded) without losing the stored edits", async () => {
    const a = deviceRepo()
    const id = await boardWithHistory(a.repo, "Stored", 1)
    const first = deviceRepo()
    first.repo.import(A.save((await a.repo.find<TestBoard>(id)).doc()), { docId: id })
    ;(await first.repo.find<TestBoard>(id)).change((d) => {
      d.notes = "only in this device's storage"
    })
    await first.repo.flush()
    ;(await a.repo.find<TestBoard>(id)).change((d) => {
      d.cards.late = { title: "only in the backup" }
    })
    const { backup } = await exportBackup(a.repo, [id], NOW)

    // A new session over the same storage: the board is not loaded until the import.
    const second = deviceRepo(first.storage)
    const result = await importBackup(second.repo, parseBackup(serializeBackup(backup)))
    expect(result.restored[0]?.mergedWithExisting).toBe(true)
    // The open session shows both at once…
    const now = (await second.repo.find<TestBoard>(id)).doc()
    expect(now.notes).toBe("only in this device's storage")
    expect(now.cards.late).toEqual({ title: "only in the backup" })
    // …and so does the next one.
    const third = deviceRepo(first.storage)
    const doc = (await third.repo.find<TestBoard>(id)).doc()
    expect(doc.notes).toBe("only in this device's storage")
    expect(doc.cards.late).toEqual({ title: "only in the backup" })
  })

  it("refuses files that are not backups, with a message a person understands", () => {
    const cases: Array<[string, RegExp]> = [
      ["this is not json", /not a Baton backup.*not JSON/],
      ["[1,2,3]", /not a Baton backup/],
      [JSON.stringify({ format: "something-else", version: 1, boards: [] }), /not a Baton backup/],
      [JSON.stringify({ format: BACKUP_FORMAT, version: 2, boards: [] }), /newer version of Baton/],
      [JSON.stringify({ format: BACKUP_FORMAT, version: "1", boards: [] }), /damaged/],
      [JSON.stringify({ format: BACKUP_FORMAT, version: 1 }), /no list of boards/],
    ]
    for (const [text, message] of cases) {
      expect(() => parseBackup(text)).toThrow(BackupError)
      expect(() => parseBackup(text)).toThrow(message)
    }
  })

  it("reports damaged boards by name and still restores the good ones", async () => {
    const a = deviceRepo()
    const good = await boardWithHistory(a.repo, "Good", 2)
    const { backup } = await exportBackup(a.repo, [good], NOW)
    const other = await boardWithHistory(a.repo, "Other", 1)
    const goodEntry = backup.boards[0]!
    const truncated = bytesToBase64(
      A.save((await a.repo.find<TestBoard>(other)).doc()).slice(0, 20),
    )
    const file = {
      ...backup,
      boards: [
        { documentId: other, title: "Truncated", automerge: truncated },
        { documentId: "not-an-id", title: "Bad id", automerge: goodEntry.automerge },
        { documentId: other, title: "Not base64", automerge: "%%%" },
        goodEntry,
      ],
    }
    const parsed = parseBackup(JSON.stringify(file))
    const b = deviceRepo()
    const result = await importBackup(b.repo, parsed)
    expect(result.restored.map((r) => r.title)).toEqual(["Good"])
    expect(result.failed.map((f) => f.reason)).toEqual([
      "Board “Truncated” cannot be restored: its data is damaged (not a readable Automerge document).",
      "Board “Bad id” cannot be restored: its board id is missing or invalid.",
      "Board “Not base64” cannot be restored: its data is damaged (not base64).",
    ])
    expect(await heads(b.repo, good)).toEqual(await heads(a.repo, good))
  })

  it("lists boards it cannot load as missing and exports the others", async () => {
    const a = deviceRepo()
    const present = await boardWithHistory(a.repo, "Here", 1)
    const absent = deviceRepo().repo.create<TestBoard>({ title: "Elsewhere", cards: {} }).documentId
    const { backup, missing } = await exportBackup(a.repo, [absent, present], NOW)
    expect(missing).toEqual([absent])
    expect(backup.boards.map((b) => b.documentId)).toEqual([present])
  })

  it("names the file after the UTC export time", () => {
    expect(backupFileName(NOW)).toBe("baton-backup-2026-11-25-0314.json")
  })
})
