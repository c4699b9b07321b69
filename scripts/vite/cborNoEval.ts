/**
 * Builds cbor-x (automerge-repo's message codec) without `new Function`, as cbor-x's own
 * "no-eval" bundles do (they replace `Function` with the undefined `BlockedFunction`). Its
 * decoder probes `new Function('')` when it loads and, under a CSP without 'unsafe-eval',
 * each probe is reported as a violation even though the decoder falls back to plain reads.
 *
 * The probe is replaced by its outcome ("no compiled readers") rather than left to throw: an
 * Error thrown while the bundle's top level runs makes V8 re-parse that whole top level to
 * find the throw's source position, which blocked every page load for tens of milliseconds.
 */
import type { Plugin } from "vite"

const CBOR_X = /[\\/]node_modules[\\/]cbor-x[\\/].*\.js$/
const DECODER = /[\\/]node_modules[\\/]cbor-x[\\/]decode\.js$/
/** The decoder's load-time probe, and what it decides when `Function` is not available. */
const PROBE = "new Function('')"
const NO_EVAL = "inlineObjectReadThreshold = Infinity"

export function transformCborX(code: string, id: string): string | null {
  if (!CBOR_X.test(id) || !code.includes("new Function(")) return null
  let out = code
  if (DECODER.test(id)) {
    if (!out.includes(PROBE) || !out.includes("inlineObjectReadThreshold"))
      throw new Error(
        `cbor-x's decoder no longer has the probe "${PROBE}" that scripts/vite/cborNoEval.ts replaces: check how this version detects eval`,
      )
    out = out.replace(PROBE, NO_EVAL)
  }
  return out.replaceAll("new Function(", "new BlockedFunction(")
}

export function cborNoEval(): Plugin {
  return {
    name: "baton-cbor-no-eval",
    enforce: "pre",
    transform(code, id) {
      const out = transformCborX(code, id)
      return out === null ? null : { code: out, map: null }
    },
  }
}
