/**
 * V8 flags that compile WebAssembly with the optimizing compiler (TurboFan) up front, whole,
 * instead of starting on the baseline compiler (Liftoff) and tiering up only what runs hot.
 * See optimizeWasm.ts, which applies them to the relay's own process.
 */
export const WASM_FLAGS = ["--no-liftoff", "--no-wasm-lazy-compilation"] as const
