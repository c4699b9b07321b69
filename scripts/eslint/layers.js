// @ts-check
/**
 * The layer rule: which of Baton's folders (and which packages) a file may import. Relative
 * imports are resolved against the importing file, so `../../sync/x` is caught however deep
 * the file sits. Options: `forbid` (folders, e.g. "src/sync", or package prefixes, e.g.
 * "@automerge/"), and `only` (folders a relative import must stay within).
 */
import path from "node:path"

/** @param {string} spec @param {string} file @param {string} root */
function resolved(spec, file, root) {
  if (!spec.startsWith(".")) return null
  return path
    .relative(root, path.resolve(path.dirname(file), spec))
    .split(path.sep)
    .join("/")
}

/** @param {string} p @param {string} dir */
const within = (p, dir) => p === dir || p.startsWith(dir + "/")

/** @type {import("eslint").Rule.RuleModule} */
const layers = {
  meta: {
    type: "problem",
    docs: { description: "Keeps Baton's layers apart" },
    schema: [
      {
        type: "object",
        properties: {
          forbid: { type: "array", items: { type: "string" } },
          only: { type: "array", items: { type: "string" } },
          layer: { type: "string" },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { forbid = [], only, layer = "this layer" } = context.options[0] ?? {}
    const root = context.cwd
    const file = context.filename
    /** @param {import("estree").Node} node @param {unknown} value */
    const check = (node, value) => {
      if (typeof value !== "string") return
      const local = resolved(value, file, root)
      for (const f of forbid) {
        const hit = local === null ? value === f || value.startsWith(f) : within(local, f)
        if (hit) {
          context.report({ node, message: `${layer} may not import ${f} (${value})` })
          return
        }
      }
      if (only !== undefined && local !== null && !only.some((dir) => within(local, dir)))
        context.report({
          node,
          message: `${layer} imports nothing of Baton's outside ${only.join(", ")} (${value})`,
        })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) =>
        node.source.type === "Literal" ? check(node, node.source.value) : undefined,
    }
  },
}

export default { rules: { layers } }
