import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { clientRepo, closeRepos, waitUntilRelayHas } from "./testHelpers"

let relay: Relay | undefined
let dir: string | undefined

afterEach(async () => {
  await relay?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  relay = dir = undefined
})

async function start(metricsToken?: string): Promise<Relay> {
  dir = await mkdtemp(join(tmpdir(), "baton-metrics-"))
  relay = await createRelay({ port: 0, dataDir: dir, logLevel: "silent", metricsToken })
  return relay
}

describe("/metrics access", () => {
  it("with METRICS_TOKEN, answers only the right bearer token", async () => {
    const r = await start("s3cret-token")
    const none = await fetch(`${r.url}/metrics`)
    expect(none.status).toBe(401)
    expect(await none.text()).not.toContain("baton_")
    for (const auth of [
      "Bearer wrong",
      "Bearer s3cret-toke",
      "Basic s3cret-token",
      "s3cret-token",
    ]) {
      const res = await fetch(`${r.url}/metrics`, { headers: { Authorization: auth } })
      expect(res.status, auth).toBe(401)
    }
    const ok = await fetch(`${r.url}/metrics`, {
      headers: { Authorization: "Bearer s3cret-token" },
    })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain("baton_")
  })

  it("without a token is public, and never names a board", async () => {
    const r = await start()
    const repo = clientRepo(r.url)
    try {
      const handle = repo.create<{ title: string }>({ title: "Secret plans" })
      await waitUntilRelayHas(repo, handle)
      const body = await (await fetch(`${r.url}/metrics`)).text()
      expect(body).toContain("baton_")
      expect(body).not.toContain(handle.documentId)
      expect(body).not.toContain("Secret plans")
    } finally {
      await closeRepos(repo)
    }
  })
})
