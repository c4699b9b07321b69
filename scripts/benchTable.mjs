// Prints the figures of bench/results.json as a Markdown table, one row per figure, grouped by
// suite. With `--write FILE`, replaces the table between FILE's bench-table markers instead.
import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const START = "<!-- bench-table:start (npm run bench:table) -->"
const END = "<!-- bench-table:end -->"

/** @param {{ name: string, value: number, unit: string, workload: string }[]} results */
export function benchTable(results) {
  const cell = (s) => String(s).replaceAll("|", "\\|").replaceAll("\n", " ")
  const rows = [...results]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => {
      const [suite, ...rest] = r.name.split(".")
      return `| ${cell(suite)} | ${cell(rest.join("."))} | ${cell(r.value)} ${cell(r.unit)} | ${cell(r.workload)} |`
    })
  return ["| suite | figure | value | workload |", "|---|---|---|---|", ...rows].join("\n")
}

/** `text` with the table between the markers replaced; throws when the markers are missing. */
export function withTable(text, table) {
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  if (a < 0 || b < a) throw new Error(`no ${START} … ${END} markers`)
  return `${text.slice(0, a + START.length)}\n\n${table}\n\n${text.slice(b)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const resultsUrl = new URL("../bench/results.json", import.meta.url)
  const table = benchTable(JSON.parse(readFileSync(resultsUrl, "utf8")))
  const at = process.argv.indexOf("--write")
  if (at < 0) console.log(table)
  else {
    const file = process.argv[at + 1]
    if (file === undefined) throw new Error("--write needs a file")
    writeFileSync(file, withTable(readFileSync(file, "utf8"), table))
    console.log(`bench table written to ${file}`)
  }
}
