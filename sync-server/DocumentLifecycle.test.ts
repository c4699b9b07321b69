/**
 * The relay's per-document hooks: a change starts its durable write the moment it arrives,
 * not when the first outgoing message about it asks.
 */
import { Repo } from "@automerge/automerge-repo"
import { describe, expect, it } from "vitest"
import { DocumentLifecycle } from "./DocumentLifecycle"
import type { DurabilityGate } from "./DurabilityGate"
import { createLogger } from "./log"
import { RelayMetrics } from "./metrics"

function lifecycleWithGate(flushOnChange: boolean): {
  repo: Repo
  lifecycle: DocumentLifecycle
  ensured: string[]
} {
  const repo = new Repo({ network: [] })
  const ensured: string[] = []
  const gate = {
    ensure: (documentId: string) => {
      ensured.push(documentId)
      return null
    },
  } as unknown as DurabilityGate
  const lifecycle = new DocumentLifecycle({
    repo,
    gate,
    idleMs: 60_000,
    log: createLogger("silent"),
    metrics: new RelayMetrics(),
    flushOnChange,
  })
  return { repo, lifecycle, ensured }
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r))

describe("DocumentLifecycle", () => {
  it("asks the durability gate for a change as soon as it is applied", async () => {
    const { repo, lifecycle, ensured } = lifecycleWithGate(true)
    const handle = repo.create<{ n: number }>({ n: 0 })
    lifecycle.touch(handle.documentId)
    await nextTurn()
    ensured.length = 0
    handle.change((d) => {
      d.n = 1
    })
    // Synchronously, before the sync throttle or any outgoing message runs.
    expect(ensured).toEqual([handle.documentId])
    await repo.shutdown()
  })

  it("leaves the disk alone when forwarding does not wait for it", async () => {
    const { repo, lifecycle, ensured } = lifecycleWithGate(false)
    const handle = repo.create<{ n: number }>({ n: 0 })
    lifecycle.touch(handle.documentId)
    await nextTurn()
    handle.change((d) => {
      d.n = 1
    })
    expect(ensured).toEqual([])
    await repo.shutdown()
  })
})
