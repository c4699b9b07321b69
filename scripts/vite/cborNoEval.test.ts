import { Session } from "node:inspector"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import type * as CborDecode from "cbor-x/decode"
import { transformCborX } from "./cborNoEval"

const decoderPath = join(process.cwd(), "node_modules", "cbor-x", "decode.js")
const dir = await mkdtemp(join(tmpdir(), "baton-cbor-"))
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Imports cbor-x's decoder as the build transforms it, with `Function` unusable. */
async function loadBuiltDecoder(): Promise<{
  decoder: typeof CborDecode
  thrown: number
}> {
  const code = transformCborX(await readFile(decoderPath, "utf8"), decoderPath)
  if (code === null) throw new Error("the decoder was not transformed")
  const file = join(dir, `decode-${Math.random().toString(36).slice(2)}.mjs`)
  // Shadows the global: any `new Function` left would throw "eval used".
  await writeFile(file, `const Function = function () { throw new Error("eval used") };\n${code}`)
  // Counts every exception thrown, caught or not, while the module loads.
  const session = new Session()
  session.connect()
  let thrown = 0
  session.on("Debugger.paused", () => {
    thrown++
    session.post("Debugger.resume")
  })
  session.post("Debugger.enable")
  session.post("Debugger.setPauseOnExceptions", { state: "all" })
  try {
    const decoder = (await import(pathToFileURL(file).href)) as typeof CborDecode
    return { decoder, thrown }
  } finally {
    session.post("Debugger.setPauseOnExceptions", { state: "none" })
    session.disconnect()
  }
}

describe("cbor-x as built for the app", () => {
  it("loads without throwing, and decodes repeated records without compiling code", async () => {
    const { decoder, thrown } = await loadBuiltDecoder()
    expect(thrown).toBe(0)
    const { Encoder } = await import("cbor-x")
    // Many objects of one shape: the decoder would compile a reader after two if it could.
    const value = Array.from({ length: 50 }, (_, i) => ({ type: "sync", id: i, data: "x" }))
    const bytes = new Encoder({ useRecords: true }).encode(value)
    expect(new decoder.Decoder({ useRecords: true }).decode(bytes)).toEqual(value)
  })

  it("fails the build when cbor-x changes how it probes for eval", () => {
    expect(() =>
      transformCborX("let inlineObjectReadThreshold = 2; new Function('r', 'x')", decoderPath),
    ).toThrow(/no longer has the probe/)
  })

  it("leaves other packages alone", () => {
    expect(transformCborX("new Function('')", "/x/node_modules/other/decode.js")).toBeNull()
  })
})
