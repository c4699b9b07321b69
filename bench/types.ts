/** One figure measured by a benchmark, as written to `bench/results.json`. */
export interface BenchResult {
  name: string
  value: number
  unit: string
  workload: string
}

/** A benchmark suite: `bench/<suite>.bench.ts` exports one as default. */
export type BenchSuite = () => Promise<BenchResult[]>
