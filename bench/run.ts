/**
 * Runs the benchmark suites (`bench/<suite>.bench.ts`) and writes every figure to
 * `bench/results.json`. `npm run bench` runs all; `npm run bench -- model relay` runs some.
 */
import { readdir, readFile, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import type { BenchResult, BenchSuite } from "./types"

const here = dirname(fileURLToPath(import.meta.url))
const resultsPath = join(here, "results.json")

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"))
  const all = (await readdir(here))
    .filter((f) => f.endsWith(".bench.ts"))
    .map((f) => f.slice(0, -".bench.ts".length))
    .sort()
  const unknown = wanted.filter((w) => !all.includes(w))
  if (unknown.length > 0) {
    console.error(`unknown benchmark suite(s): ${unknown.join(", ")}; known: ${all.join(", ")}`)
    process.exit(2)
  }
  const suites = wanted.length > 0 ? wanted : all
  // Keep figures of suites not run this time, replace those that were.
  let previous: BenchResult[] = []
  try {
    previous = JSON.parse(await readFile(resultsPath, "utf8")) as BenchResult[]
  } catch {
    previous = []
  }
  const fresh: BenchResult[] = []
  for (const suite of suites) {
    console.log(`\n== ${suite} ==`)
    const mod = (await import(pathToFileURL(join(here, `${suite}.bench.ts`)).href)) as {
      default: BenchSuite
    }
    const results = await mod.default()
    for (const r of results) {
      console.log(`${r.name}: ${r.value} ${r.unit}   [${r.workload}]`)
    }
    fresh.push(...results.map((r) => ({ ...r, name: `${suite}.${r.name}` })))
  }
  const freshSuites = new Set(suites)
  // A run of only some parts of a suite (`BATON_UI_PARTS=…`) replaces only the figures it
  // measured; a whole run replaces the suite's figures, so renamed ones do not linger.
  const partial = Object.keys(process.env).some((k) => /^BATON_[A-Z]+_PARTS$/.test(k))
  const freshNames = new Set(fresh.map((r) => r.name))
  const kept = previous.filter((r) =>
    partial ? !freshNames.has(r.name) : !freshSuites.has(r.name.split(".")[0] ?? ""),
  )
  await writeFile(resultsPath, JSON.stringify([...kept, ...fresh], null, 2) + "\n")
  console.log(`\nwrote ${fresh.length} figures to bench/results.json`)
  process.exit(0)
}

void main()
