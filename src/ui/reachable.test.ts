import { readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { OPERATIONS } from "../model/operations"

/** The source of every UI file (components run operations by name: `act("moveCard", …)`). */
function uiSources(dir: string): string {
  let out = ""
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out += uiSources(path)
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts"))
      out += readFileSync(path, "utf8")
  }
  return out
}

describe("the board's operations", () => {
  it("are each run somewhere in the UI", () => {
    const source = uiSources(import.meta.dirname)
    const unreachable = Object.keys(OPERATIONS).filter((op) => !source.includes(`"${op}"`))
    expect(unreachable).toEqual([])
  })
})
