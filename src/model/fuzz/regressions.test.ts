/**
 * Every fuzz seed that ever failed, pinned as a named test, with what it found. Add a seed here
 * (with `runSeed(seed, sameOptions)`) as soon as the fuzz or the campaign reports it.
 */
import { describe, expect, it } from "vitest"
import { formatFailure, runSeed } from "./fuzzer"
import type { FuzzOptions } from "./fuzzer"

/**
 * `found`: what the seed revealed when it failed, or, for seeds that never failed, the
 * interleaving that makes them worth keeping.
 */
const pinned: { seed: number; options?: FuzzOptions; found: string }[] = [
  {
    seed: 9,
    options: { steps: 40, deepCompareEverySync: true },
    found:
      "failed once: two peers with equal heads compared unequal because a materialized document's key order " +
      "follows patch order; equality now compares canonical JSON",
  },
  {
    seed: 27,
    found:
      "never failed; a list deleted on one peer while another moves cards into it, plus tied insert positions",
  },
  {
    seed: 55,
    found: "never failed; three peers join with the same new member id concurrently",
  },
  {
    seed: 71,
    found: "never failed; eight interrupted syncs with a deleted list and moves into it",
  },
  {
    seed: 17,
    options: { peers: 5, steps: 120, checkEveryOp: true, deepCompareEverySync: true },
    found: "never failed; a long run with five peers and every check after every step",
  },
]

describe("pinned fuzz seeds", () => {
  for (const p of pinned) {
    it(`seed ${p.seed}: ${p.found}`, () => {
      const res = runSeed(p.seed, p.options)
      if (!res.ok) expect.fail(formatFailure(res))
      expect(res.ops).toBeGreaterThan(0)
    })
  }
})
