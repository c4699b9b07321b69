/**
 * The long fuzz campaign: `npm run fuzz -- --seeds 10000 [--start 1] [--steps 40] [--peers N]`.
 * Prints progress, and for each failing seed its error and operation log; exits 1 if any failed.
 * Pin each failing seed in src/model/fuzz/regressions.test.ts.
 */
import { formatFailure, runSeed } from "./fuzzer"
import type { FuzzOptions } from "./fuzzer"
import { arg } from "./args"

const seeds = arg("seeds", 1000)
const start = arg("start", 1)
const options: FuzzOptions = {
  steps: arg("steps", 60),
  checkEveryOp: true,
  deepCompareEverySync: true,
}
const peers = arg("peers", 0)
if (peers > 0) options.peers = peers

const failed: number[] = []
const t0 = performance.now()
let ops = 0
for (let seed = start; seed < start + seeds; seed++) {
  const res = runSeed(seed, options)
  if (res.ok) ops += res.ops
  else {
    failed.push(seed)
    console.log(formatFailure(res))
  }
  const done = seed - start + 1
  if (done % 500 === 0 || done === seeds) {
    const s = ((performance.now() - t0) / 1000).toFixed(1)
    console.log(`${done}/${seeds} seeds, ${ops} operations, ${failed.length} failed, ${s} s`)
  }
}
if (failed.length > 0) {
  console.log(`failing seeds (pin them in regressions.test.ts): ${failed.join(", ")}`)
  process.exit(1)
}
console.log(`all ${seeds} seeds passed (from ${start})`)
