/**
 * Access and push state shared by relays on one PostgreSQL database (the throwaway server of
 * testPostgres.ts): a board claimed through one relay is claimed on the other, a device
 * removed through one is cut on the other, a subscription made through one is sent by one
 * relay only, a signed request replayed to the other relay is refused, and all of it
 * survives a restart. Nothing is written under DATA_DIR.
 */
import type * as A from "@automerge/automerge"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { mkdtemp, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as M from "../../src/model"
import { formatMention } from "../../src/model/replies/mentions"
import { fixtureBoard } from "../../src/model/testkit"
import { makeMember } from "../../src/model/time/testing"
import type { Board } from "../../src/model/types"
import { hashOf, newDevice, newSecret, TestPeer } from "../auth/testPeer"
import { createRelay } from "../createRelay"
import type { Relay } from "../createRelay"
import { startReceiver } from "../push/testReceiver"
import type { Receiver } from "../push/testReceiver"
import { postSubscribe, signedBody } from "../push/testSigner"
import { waitFor } from "../testHelpers"
import { runPushStoreContract } from "../push/pushStoreContract"
import { mergeAccess } from "./PostgresAuthStore"
import { PostgresPushStore } from "./PostgresPushStore"
import { migrate } from "./migrations"
import { startTestPostgres } from "./testPostgres"
import type { TestPostgres } from "./testPostgres"

const kath = makeMember("kath", "Kath", "Europe/Paris")
const clock = Date.parse("2026-12-07T09:00:00Z") // Monday 10:00 in Paris: working

let server: TestPostgres
let receiver: Receiver
const relays: Relay[] = []
const peers: TestPeer[] = []
const logs: Record<string, unknown>[] = []

beforeAll(async () => {
  server = await startTestPostgres()
  receiver = await startReceiver()
}, 60_000)

afterAll(async () => {
  for (const p of peers) p.close()
  for (const r of relays) await r.close()
  await receiver?.close()
  await server?.close()
})

async function relayOn(databaseUrl: string, dataDir: string): Promise<Relay> {
  const relay = await createRelay({
    port: 0,
    dataDir,
    databaseUrl,
    staticDir: null,
    logLevel: "info",
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    push: { now: () => clock, intervalMs: 50, agent: receiver.agent, allowPrivateEndpoints: true },
  })
  relays.push(relay)
  return relay
}

async function peer(relay: Relay): Promise<TestPeer> {
  const p = new TestPeer(relay.url)
  peers.push(p)
  return p.join()
}

describe("relays on one database share access and push state", () => {
  it("claims, removals, subscriptions, nonces and keys hold on every relay, and across a restart", async () => {
    const databaseUrl = await server.createDatabase()
    const dataDir = await mkdtemp(join(tmpdir(), "baton-shared-"))
    const a = await relayOn(databaseUrl, dataDir)
    const b = await relayOn(databaseUrl, dataDir)

    // Claimed through A, with Kath's device joining through A too.
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
    const editorDevice = await newDevice()
    const editor = await peer(a)
    expect(
      await editor.authenticate(documentId, editorDevice, {
        claim: {
          edit: hashOf(links.edit),
          comment: hashOf(links.comment),
          view: hashOf(links.view),
        },
      }),
    ).toMatchObject({ step: "granted", claimed: true })
    editor.open(documentId, fixtureBoard() as unknown as A.Doc<Record<string, unknown>>)
    const kathDevice = await newDevice()
    const member = await peer(a)
    await member.authenticate(documentId, kathDevice, { link: links.edit })
    member.open(documentId)
    await waitFor(() => Boolean(member.doc(documentId).members), "Kath's copy")
    member.change(documentId, (d) => M.joinBoard(d as unknown as Board, kath))
    await waitFor(
      () => Boolean((editor.doc(documentId) as unknown as Board).members?.kath),
      "Kath's profile through A",
    )

    // B knows the claim: a stranger is refused, Kath's device is granted there.
    const stranger = await peer(b)
    const strangerDevice = await newDevice()
    let answer = await stranger.authenticate(documentId, strangerDevice)
    for (let i = 0; i < 100 && answer.step !== "denied"; i++) {
      await new Promise((r) => setTimeout(r, 50))
      answer = await stranger.authenticate(documentId, strangerDevice)
    }
    expect(answer).toMatchObject({ step: "denied" })
    const kathOnB = await peer(b)
    expect(await kathOnB.authenticate(documentId, kathDevice)).toMatchObject({
      step: "granted",
      role: "edit",
    })

    // Subscribed through B; the same signed request replayed to A is refused.
    const request = {
      action: "subscribe",
      boardId: documentId,
      memberId: "kath",
      topic: "mentions",
      subscription: receiver.subscription("shared-kath"),
      at: clock,
    }
    const body = await signedBody(kathDevice, request)
    const made = await postSubscribe(b.url, body)
    expect(made.status, await made.clone().text()).toBe(201)
    const replay = await postSubscribe(a.url, body)
    expect(replay.status).toBe(401)
    expect(logs.filter((l) => l.reason === "replayed-request")).toHaveLength(1)
    expect((await (await fetch(`${a.url}/push/key`)).json()) as { publicKey: string }).toEqual(
      (await (await fetch(`${b.url}/push/key`)).json()) as { publicKey: string },
    )

    // A mention written through A reaches Kath once, though both relays send.
    editor.change(documentId, (d) =>
      M.addComment(d as unknown as Board, "c1", {
        id: "q1",
        authorId: "ann",
        text: `Can you look, ${formatMention(kath)}?`,
        now: new Date(clock).toISOString(),
      }),
    )
    const to = () => receiver.received.filter((r) => r.id === "shared-kath")
    await waitFor(() => to().length > 0, "the push").catch((e) => {
      console.log(JSON.stringify(logs.filter((l) => l.level !== "debug").slice(-30)))
      throw e
    })
    await new Promise((r) => setTimeout(r, 500))
    expect(to()).toHaveLength(1)

    // Removed through A: Kath's connection on B is cut, and B refuses her device.
    const before = editor.received.length
    editor.send(
      editor.frame(documentId, {
        type: "baton-auth",
        step: "remove-device",
        deviceId: kathDevice.deviceId,
      }),
    )
    await editor.next(before, (m) => m.step === "device-removed")
    expect((await kathOnB.closed).code).toBe(4403)
    const again = await peer(b)
    expect(await again.authenticate(documentId, kathDevice)).toMatchObject({ step: "denied" })

    // A restart keeps everything: a new relay refuses Kath, and the editor is still its editor.
    await a.close()
    const c = await relayOn(databaseUrl, dataDir)
    const editorAgain = await peer(c)
    expect(await editorAgain.authenticate(documentId, editorDevice)).toMatchObject({
      step: "granted",
      role: "edit",
    })
    const kathOnC = await peer(c)
    expect(await kathOnC.authenticate(documentId, kathDevice)).toMatchObject({ step: "denied" })

    // Nothing of it in DATA_DIR; all of it in the database.
    expect(await readdir(dataDir)).toEqual([])
    const db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
    try {
      const count = async (table: string): Promise<number> =>
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)
      expect(await count("baton_access")).toBe(1)
      expect(await count("baton_push_keys")).toBe(1)
    } finally {
      await db.end()
    }
  })

  it("saves of one board by two relays at once lose neither side's devices", () => {
    const base = {
      version: 1 as const,
      documentId: "d",
      claimedAt: "2026-12-07T00:00:00.000Z",
      links: {
        edit: { hash: "e", since: "2026-12-07T00:00:00.000Z" },
        comment: { hash: "c", since: "2026-12-07T00:00:00.000Z" },
        view: { hash: "v", since: "2026-12-07T00:00:00.000Z" },
      },
      stoppedLinks: [],
      devices: {
        d0: {
          publicKey: "k0",
          role: "edit" as const,
          joinedWith: "claim" as const,
          joinedAt: "2026-12-07T00:00:00.000Z",
        },
      },
      actors: { a0: "d0" },
    }
    const stored = {
      ...base,
      devices: {
        d0: { ...base.devices.d0, removedAt: "2026-12-07T01:00:00.000Z" },
        d1: { ...base.devices.d0, publicKey: "k1", joinedWith: "edit" as const },
      },
    }
    const incoming = {
      ...base,
      devices: { ...base.devices, d2: { ...base.devices.d0, publicKey: "k2" } },
      actors: { a0: "d2", a2: "d2" },
    }
    const merged = mergeAccess(stored, incoming)
    expect(Object.keys(merged.devices).sort()).toEqual(["d0", "d1", "d2"])
    expect(merged.devices.d0!.removedAt).toBe("2026-12-07T01:00:00.000Z") // stays removed
    expect(merged.actors).toEqual({ a0: "d0", a2: "d2" }) // an actor keeps its first device
    // The secret one side kept for the same link survives; a newer link replaces it.
    const kept = {
      ...incoming,
      links: { ...base.links, edit: { ...base.links.edit, secret: "s" } },
    }
    expect(mergeAccess(stored, kept).links.edit.secret).toBe("s")
    expect(mergeAccess(kept, stored).links.edit.secret).toBe("s")
    const newer = { ...base, links: { ...base.links, edit: { hash: "e2", since: "2026-12-08" } } }
    expect(mergeAccess(kept, newer).links.edit).toEqual({ hash: "e2", since: "2026-12-08" })
  })
})

describe("PostgresPushStore", () => {
  const pools: pg.Pool[] = []
  afterAll(async () => {
    for (const p of pools) await p.end()
  })
  // Two stores on two pools: two relays on one database.
  runPushStoreContract(async () => {
    const url = await server.createDatabase()
    const [p1, p2] = [
      new pg.Pool({ connectionString: url }),
      new pg.Pool({ connectionString: url }),
    ]
    pools.push(p1, p2)
    const c = await p1.connect()
    try {
      await migrate(c)
    } finally {
      c.release()
    }
    return [new PostgresPushStore(p1), new PostgresPushStore(p2)]
  })
})
