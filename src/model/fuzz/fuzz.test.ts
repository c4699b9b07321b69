/**
 * Seeded multi-peer fuzz of the board model (see fuzzer.ts): 200 seeds in the normal test run.
 * A failure prints its seed and operation log; pin every seed that ever failed in
 * regressions.test.ts. The long campaign: `npm run fuzz -- --seeds 10000`.
 */
import { describe, expect, it } from "vitest"
import { formatFailure, runSeed } from "./fuzzer"

const SEEDS = 200

describe("multi-peer fuzz: 3–5 peers, random operations, partial syncs, disconnects", () => {
  const BATCH = 50
  for (let first = 1; first <= SEEDS; first += BATCH) {
    const last = first + BATCH - 1
    it(
      `converges with no invariant violated for seeds ${first}…${last}`,
      { timeout: 60_000 },
      () => {
        let ops = 0
        let refused = 0
        for (let seed = first; seed <= last; seed++) {
          const res = runSeed(seed)
          if (!res.ok) expect.fail(formatFailure(res))
          ops += res.ops
          refused += res.refused
        }
        // The generator must mostly produce operations the model accepts, or the fuzz tests little.
        expect(ops).toBeGreaterThan(BATCH * 10)
        expect(refused).toBeLessThan(ops)
      },
    )
  }
})
