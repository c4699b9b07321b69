/**
 * Runs one relay as a child process for the relay benchmark, so that its memory (RSS) and
 * CPU are its own: `node --import tsx sync-server/benchRelayChild.ts <baton|stock> <dataDir>`.
 * Baton's relay takes its limits from the environment as in production. Prints one line,
 * `listening <url>`, and stops on SIGTERM. With `--expose-gc` (the benchmark's memory part
 * only) it collects garbage every second, so RSS after eviction shows what eviction freed.
 * `BENCH_RELAY_DURABLE=0` (experiments only, never in reported figures) makes Baton's relay
 * forward without waiting for the disk, to measure what durability costs.
 */
import type { Relay } from "./createRelay"

async function main(): Promise<void> {
  const [kind, dataDir] = process.argv.slice(2)
  if ((kind !== "baton" && kind !== "stock") || !dataDir) {
    process.stderr.write("usage: benchRelayChild.ts <baton|stock> <dataDir>\n")
    process.exit(2)
  }
  let relay: Relay
  if (kind === "baton") {
    // Started as `npm run relay` starts it: Automerge compiled optimized (optimizeWasm.ts).
    await import("./optimizeWasm")
    const { relayOptionsFromEnv } = await import("./config")
    const { createRelay } = await import("./createRelay")
    relay = await createRelay({
      ...relayOptionsFromEnv(process.env),
      port: 0,
      host: "127.0.0.1",
      dataDir,
      staticDir: null,
      logLevel: "error",
      durableForwarding: process.env.BENCH_RELAY_DURABLE !== "0",
    })
  } else {
    // As upstream runs it: V8's default WebAssembly tiering.
    const { createStockRelay } = await import("./stockRelay")
    relay = await createStockRelay({ dataDir })
  }
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) setInterval(gc, 1000).unref()
  process.stdout.write(`listening ${relay.url}\n`)
  process.on("SIGTERM", () => {
    void relay.close().then(() => process.exit(0))
  })
}

void main()
