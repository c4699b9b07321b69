/**
 * Every board operation can be reached from a control: some component of the app (a file
 * imported, through any chain, from src/main.tsx) calls `act("<operation>", …)` with it. Read
 * from the syntax tree: a name in a comment, a string or a set of names does not count.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { OPERATIONS } from "../model/operations"

/** The operation names passed as the first argument of `act(…)` or `x.act(…)` in `source`. */
export function actedOperations(source: string, file = "x.tsx"): Set<string> {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const out = new Set<string>()
  const literals = (e: ts.Expression): void => {
    if (ts.isStringLiteralLike(e)) out.add(e.text)
    else if (ts.isConditionalExpression(e)) {
      literals(e.whenTrue)
      literals(e.whenFalse)
    } else if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) literals(e.expression)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : null
      const first = node.arguments[0]
      if (name === "act" && first !== undefined) literals(first)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return out
}

/** The files imported, through any chain of relative imports, from `entry`. */
function reachableFiles(entry: string): string[] {
  const seen = new Set<string>()
  const pending = [entry]
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
    for (const stmt of sf.statements) {
      const spec =
        (ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) &&
        stmt.moduleSpecifier !== undefined &&
        ts.isStringLiteral(stmt.moduleSpecifier)
          ? stmt.moduleSpecifier.text
          : null
      if (spec === null || !spec.startsWith(".")) continue
      const base = resolve(dirname(file), spec)
      const found = [".ts", ".tsx", "/index.ts"].map((ext) => base + ext).find(existsSync)
      if (found !== undefined) pending.push(found)
    }
  }
  return [...seen]
}

/**
 * Operations no control runs any more, kept so that edits saved on a device by an earlier
 * version (edits made while a board loaded, run once it has) still run. `restoreDeletedCard`
 * was the Undo of a deleted card's toast; that Undo now goes through the session's undo.
 */
const KEPT_FOR_SAVED_EDITS = new Set(["restoreDeletedCard"])

describe("the board's operations", () => {
  it("are each run by a control of the app", () => {
    const files = reachableFiles(join(import.meta.dirname, "..", "main.tsx")).filter((f) =>
      f.includes(`${join("src", "ui")}`),
    )
    const acted = new Set<string>()
    for (const f of files)
      for (const op of actedOperations(readFileSync(f, "utf8"), f)) acted.add(op)
    const unreachable = Object.keys(OPERATIONS).filter(
      (op) => !acted.has(op) && !KEPT_FOR_SAVED_EDITS.has(op),
    )
    expect(unreachable).toEqual([])
    // A kept operation that a control runs again needs no exception.
    expect([...KEPT_FOR_SAVED_EDITS].filter((op) => acted.has(op))).toEqual([])
  })

  it("count only act calls, not names in comments, strings or sets", () => {
    const found = actedOperations(`
      // act("inComment")
      const SHOWN_FIRST = new Set(["inSet"])
      const label = "act('inString')"
      ctx.act("viaContext", 1)
      act(on ? "whenOn" : "whenOff", 2)
      notify("notAct")
    `)
    expect([...found].sort()).toEqual(["viaContext", "whenOff", "whenOn"])
  })
})
