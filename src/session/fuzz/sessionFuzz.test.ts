/**
 * 100 seeds of the session fuzz (see sessionFuzz.ts), in groups of 10; `npm run fuzz:session --
 * --seeds N` runs a long campaign. A failing seed is printed with its steps; pin it in
 * regressions.test.ts.
 */
import { describe, expect, it } from "vitest"
import { formatSessionFailure, runSessionSeed } from "./sessionFuzz"

describe("board sessions under a seeded fuzz", () => {
  for (let group = 0; group < 10; group++) {
    const first = group * 10 + 1
    it(`keep every board valid, show their documents, and converge: seeds ${first}-${first + 9}`, async () => {
      const failures: string[] = []
      for (let seed = first; seed < first + 10; seed++) {
        const result = await runSessionSeed(seed)
        if (!result.ok) failures.push(formatSessionFailure(seed, result))
      }
      if (failures.length > 0) console.error(failures.join("\n\n"))
      expect(failures.map((f) => f.split("\n")[0])).toEqual([])
    }, 60_000)
  }
})
