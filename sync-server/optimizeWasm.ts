/**
 * Makes V8 compile WebAssembly with its optimizing compiler (TurboFan) up front instead of
 * starting on the baseline compiler (Liftoff) and tiering up only the functions it finds hot.
 * Automerge is WebAssembly. In the relay benchmark (one board fanned out to 50 peers), the
 * baseline code kept the relay about twice as busy per edit for the first seconds of a
 * process, which queued every edit behind it. The price is paid once, at start-up:
 * compiling Automerge's 3.6 MB module takes ~2 s (on background threads) before the relay
 * listens.
 *
 * Importing this module has the effect. V8 reads the flags when it compiles a module, so
 * this must be imported before anything that loads `@automerge/automerge`: it is the first
 * import of the relay's entry point (main.ts). `RELAY_WASM_BASELINE=1` keeps V8's defaults
 * (a start-up ~2 s faster, a slower relay).
 */
import { setFlagsFromString } from "node:v8"
import { WASM_FLAGS } from "./wasmFlags"

if (process.env.RELAY_WASM_BASELINE?.trim() !== "1")
  for (const flag of WASM_FLAGS) setFlagsFromString(flag)
