/**
 * A relay killed (SIGKILL) in the middle of an upload leaves no half file behind: after it
 * restarts, the file is "not uploaded yet" (and can be uploaded again whole), never served cut.
 */
import { parseAutomergeUrl } from "@automerge/automerge-repo"
import { createHash, randomBytes } from "node:crypto"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { request } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { fixtureBoard } from "../../src/model/testkit"
import { clientRepo, closeRepos, spawnRelay, waitUntilRelayHas } from "../testHelpers"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex")

describe("an upload cut by SIGKILL", () => {
  it("leaves nothing that is served, and the file can be uploaded again", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "baton-blob-kill-"))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const first = await spawnRelay(dataDir, cleanups)
    // The board, through a real client, so the relay holds it.
    const client = clientRepo(first.url)
    const handle = client.create(fixtureBoard() as unknown as Record<string, unknown>)
    await waitUntilRelayHas(client, handle)
    await closeRepos(client)
    const documentId = parseAutomergeUrl(handle.url).documentId
    const bytes = new Uint8Array(randomBytes(4 * 1024 * 1024))
    const path = `/blobs/${documentId}/${sha(bytes)}`

    // Half the body is sent, then the relay is killed.
    const req = request(first.url + path, {
      method: "PUT",
      headers: { "Content-Length": bytes.byteLength, "Content-Type": "video/webm" },
    })
    req.on("error", () => undefined)
    await new Promise<void>((r) =>
      req.write(Buffer.from(bytes.subarray(0, bytes.byteLength / 2)), () => r()),
    )
    await new Promise((r) => setTimeout(r, 200))
    const inFlight = await readdir(join(dataDir, "blobs", ".tmp"))
    expect(inFlight.length, "the upload was being written").toBe(1)
    first.child.kill("SIGKILL")
    await new Promise((r) => first.child.once("exit", r))

    const second = await spawnRelay(dataDir, cleanups)
    const after = await fetch(second.url + path)
    expect(after.status).toBe(404)
    expect(((await after.json()) as { error: string }).error).toBe("not uploaded yet")
    expect(await readdir(join(dataDir, "blobs", ".tmp")).catch(() => [])).toEqual([])

    const again = await fetch(second.url + path, {
      method: "PUT",
      body: bytes as unknown as BodyInit,
      headers: { "Content-Type": "video/webm" },
    })
    expect(again.status).toBe(201)
    const got = new Uint8Array(await (await fetch(second.url + path)).arrayBuffer())
    expect(sha(got)).toBe(sha(bytes))
  }, 60_000)
})
