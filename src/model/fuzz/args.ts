/** Command-line numbers of the fuzz campaigns: `--name N` or `--name=N`. */
export function arg(name: string, fallback: number): number {
  const args = process.argv.slice(2)
  const i = args.indexOf(`--${name}`)
  const eq = args.find((a) => a.startsWith(`--${name}=`))
  const raw = eq !== undefined ? eq.slice(name.length + 3) : i >= 0 ? args[i + 1] : undefined
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} needs a non-negative integer, got ${raw}`)
    process.exit(2)
  }
  return n
}
