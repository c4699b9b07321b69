/**
 * `npm run relay`: starts Baton's relay with its configuration from the environment, prints
 * one line with its address, and stops cleanly on SIGINT/SIGTERM (flushing storage, exit 0).
 * Startup problems (port taken, DATA_DIR not writable, bad variable) are one line and exit 1.
 */
import "./optimizeWasm" // first: before anything loads Automerge
import { ConfigError, relayOptionsFromEnv } from "./config"
import { createRelay, RelayStartError } from "./createRelay"
import type { Relay } from "./createRelay"
import { keepRunningOnUnhandledRejections } from "./keepRunning"

async function main(): Promise<void> {
  keepRunningOnUnhandledRejections((line) => process.stderr.write(`${line}\n`))
  let relay: Relay
  try {
    relay = await createRelay(relayOptionsFromEnv(process.env))
  } catch (e) {
    if (e instanceof RelayStartError || e instanceof ConfigError) {
      process.stderr.write(`Baton relay cannot start: ${e.message}\n`)
    } else {
      process.stderr.write(
        `Baton relay cannot start: ${e instanceof Error ? e.message : String(e)}\n`,
      )
    }
    process.exit(1)
  }
  process.stdout.write(`Baton is running at ${relay.url}\n`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    relay.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(
          `Baton relay failed to stop cleanly: ${e instanceof Error ? e.message : String(e)}\n`,
        )
        process.exit(1)
      },
    )
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

void main()
