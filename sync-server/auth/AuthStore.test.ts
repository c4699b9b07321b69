import * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { createRelay } from "../createRelay"
import { waitFor } from "../testHelpers"
import { hashOf, newDevice, newSecret, TestPeer } from "./testPeer"

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

describe("the relay's access state on disk", () => {
  it("survives a restart: the claimed board stays closed to strangers and open to its editor", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-authstore-"))
    dirs.push(dataDir)
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const device = await newDevice()
    const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
    let relay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
    const editor = await new TestPeer(relay.url).join()
    await editor.authenticate(documentId, device, {
      claim: { edit: hashOf(links.edit), comment: hashOf(links.comment), view: hashOf(links.view) },
    })
    editor.open(documentId, A.from<Record<string, unknown>>({ title: "Kept" }))
    await new Promise((r) => setTimeout(r, 500))
    editor.close()
    await relay.close()

    relay = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
    try {
      const stranger = await new TestPeer(relay.url).join()
      stranger.open(documentId)
      await waitFor(() => stranger.received.some((m) => m.type === "doc-unavailable"), "no board")
      stranger.close()
      const back = await new TestPeer(relay.url).join()
      expect(await back.authenticate(documentId, device)).toMatchObject({ role: "edit" })
      back.open(documentId)
      await waitFor(() => back.doc(documentId).title === "Kept", "the board")
      const viewer = await new TestPeer(relay.url).join()
      expect(
        await viewer.authenticate(documentId, await newDevice(), { link: links.view }),
      ).toMatchObject({ role: "view" })
      back.close()
      viewer.close()
    } finally {
      await relay.close()
    }
  })

  it("a damaged access record stops the relay with one clear line instead of opening the board", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-authstore-"))
    dirs.push(dataDir)
    const first = await createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" })
    await first.close()
    await writeFile(join(dataDir, "access", "2qz9nH7ixp78Mi2CeZbuB1SF6pxL.json"), "{ not json")
    await expect(
      createRelay({ port: 0, dataDir, staticDir: null, logLevel: "silent" }),
    ).rejects.toThrow(/access record .*2qz9nH7ixp78Mi2CeZbuB1SF6pxL\.json is unreadable/)
  })
})

describe("chunks of a sync message's change item", () => {
  it("splits concatenated changes, as a client sends what it kept offline", async () => {
    const A = await import("@automerge/automerge")
    const { chunksOf } = await import("./AccessControl")
    let d = A.from<{ n: number; s?: string }>({ n: 0 })
    d = A.change(d, (x) => void (x.n = 1))
    const one = A.getLastLocalChange(d)!
    d = A.change(d, (x) => void (x.s = "x".repeat(600)))
    const two = A.getLastLocalChange(d)!
    const both = new Uint8Array([...one, ...two])
    const parts = chunksOf(both)
    expect(parts.map((p) => A.decodeChange(new Uint8Array(p)).hash)).toEqual([
      A.decodeChange(one).hash,
      A.decodeChange(two).hash,
    ])
    expect(() => chunksOf(both.subarray(0, both.length - 1))).toThrow(RangeError)
  })
})
