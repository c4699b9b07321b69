/**
 * Builds cbor-x (automerge-repo's message codec) without `new Function`, as cbor-x's own
 * "no-eval" bundles do (they replace `Function` with the undefined `BlockedFunction`). Its
 * decoder probes `new Function('')` when it loads and, under a CSP without 'unsafe-eval',
 * each probe is reported as a violation even though the decoder falls back to plain reads.
 * With the probe gone the decoder never compiles code: the same fallback, without the report.
 */
import type { Plugin } from "vite"

const CBOR_X = /[\\/]node_modules[\\/]cbor-x[\\/].*\.js$/

export function cborNoEval(): Plugin {
  return {
    name: "baton-cbor-no-eval",
    enforce: "pre",
    transform(code, id) {
      if (!CBOR_X.test(id) || !code.includes("new Function(")) return null
      return { code: code.replaceAll("new Function(", "new BlockedFunction("), map: null }
    },
  }
}
