/**
 * Catch-up and card history on a big board: see `runCatchUpBench` in
 * bench/catchupWorkload.ts for the workload and what each figure measures.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { BenchSuite } from "./types"
import { runCatchUpBench } from "./catchupWorkload"

const dir = join(dirname(fileURLToPath(import.meta.url)), ".cache")

const suite: BenchSuite = async () => {
  mkdirSync(dir, { recursive: true })
  return runCatchUpBench({
    read: (k) => (existsSync(join(dir, k)) ? new Uint8Array(readFileSync(join(dir, k))) : null),
    write: (k, b) => writeFileSync(join(dir, k), b),
  })
}
export default suite
