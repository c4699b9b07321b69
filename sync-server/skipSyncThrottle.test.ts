/**
 * The internals `skipSyncThrottle` relies on, read from the installed automerge-repo: if an
 * upgrade changes them, this fails and says what to look at, instead of the relay quietly going
 * back to 100 ms batches.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
import { Repo } from "@automerge/automerge-repo"
import { THROTTLE_SKIP_MS, skipSyncThrottle } from "./skipSyncThrottle"

const dist = dirname(createRequire(import.meta.url).resolve("@automerge/automerge-repo"))
const source = (file: string): string => readFileSync(join(dist, "..", file), "utf8")

describe("skipSyncThrottle's hold on automerge-repo", () => {
  it("finds the DocSynchronizer still throttling its change listener by 100 ms", () => {
    const sync = source("synchronizer/DocSynchronizer.js")
    expect(sync, "DocSynchronizer's syncDebounceRate changed").toContain("syncDebounceRate = 100")
    expect(sync, "DocSynchronizer no longer syncs from a throttled change listener").toContain(
      'handle.on("change", asyncThrottle(',
    )
    expect(THROTTLE_SKIP_MS).toBeGreaterThan(100)
  })

  it("finds the throttle still computing its delay from Date.now()", () => {
    const throttle = source("helpers/throttle.js")
    const body = throttle.slice(throttle.indexOf("export const asyncThrottle"))
    expect(body, "asyncThrottle no longer reads Date.now()").toContain("Date.now()")
  })

  it("shows the handle's change listeners a clock ahead, and only them", () => {
    const repo = new Repo({ network: [] })
    const handle = repo.create<{ n: number }>({ n: 0 })
    const seen: number[] = []
    handle.on("change", () => void seen.push(Date.now()))
    skipSyncThrottle(handle, () => false)
    const before = Date.now()
    handle.change((d) => void (d.n = 1))
    expect(seen).toHaveLength(1)
    expect(seen[0]! - before).toBeGreaterThanOrEqual(THROTTLE_SKIP_MS)
    expect(Date.now() - before).toBeLessThan(THROTTLE_SKIP_MS) // the real clock is back
  })
})
