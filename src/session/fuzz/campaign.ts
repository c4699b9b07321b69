/**
 * The long session fuzz campaign: `npm run fuzz:session -- --seeds 1000 [--start 1] [--steps 40]
 * [--peers N]`. Prints each failing seed with its steps and exits 1 if any failed; pin each one
 * in src/session/fuzz/regressions.test.ts. Runs Solid's browser build (`--conditions=browser`),
 * as the tests do: its server build has no reactive stores.
 */
import { formatSessionFailure, runSessionSeed } from "./sessionFuzz"
import type { SessionFuzzOptions } from "./sessionFuzz"
import { arg } from "../../model/fuzz/args"

const seeds = arg("seeds", 1000)
const start = arg("start", 1)
const options: SessionFuzzOptions = { steps: arg("steps", 40) }
const peers = arg("peers", 0)
if (peers > 0) options.peers = peers

const failed: number[] = []
const t0 = performance.now()
for (let seed = start; seed < start + seeds; seed++) {
  const result = await runSessionSeed(seed, options)
  if (!result.ok) {
    failed.push(seed)
    console.log(formatSessionFailure(seed, result))
  }
  if ((seed - start + 1) % 100 === 0)
    console.log(
      `${seed - start + 1} seeds, ${failed.length} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    )
}
console.log(
  `${seeds} seeds from ${start}, ${options.steps} steps each: ${failed.length === 0 ? "all passed" : `failed: ${failed.join(", ")}`}`,
)
process.exit(failed.length === 0 ? 0 : 1)
