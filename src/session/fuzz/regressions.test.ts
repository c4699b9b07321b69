/**
 * Seeds of the session fuzz that once failed, each a named test. The fuzz's harness failed on
 * these before it modelled what IndexedDB does (a snapshot is a copy of the board, not the
 * store's own object) and that a crashed page never finds its document: kept so the harness
 * keeps telling real failures from its own.
 */
import { describe, expect, it } from "vitest"
import { formatSessionFailure, runSessionSeed } from "./sessionFuzz"

const pinned: Record<number, string> = {
  3: "after a crash, an own change waits in the document for a peer's change it builds on",
  22: "a crash, then the board opened from its snapshot (a copy of the board shown then)",
  25: "a crash with a move shown and not written, then the board opened from its snapshot",
}

describe("session fuzz regressions", () => {
  for (const [seed, what] of Object.entries(pinned))
    it(`seed ${seed}: ${what}`, async () => {
      const result = await runSessionSeed(Number(seed))
      expect(result.ok, formatSessionFailure(Number(seed), result)).toBe(true)
    })
})
