/**
 * The setup most browser-test files share: one relay (serving the built app) and one Chromium
 * for the whole file, started before its tests and stopped after them.
 */
import { afterAll, beforeAll } from "vitest"
import type { Browser } from "playwright-core"
import { launchBrowser, startRelay } from "./harness"
import type { TestRelay } from "./harness"

export interface RelayAndBrowser {
  /** The file's relay; a test that restarts it assigns the new one here, to be closed at the end. */
  relay: TestRelay
  browser: Browser
}

/** Registers the file's `beforeAll`/`afterAll`; read the fields inside tests. */
export function useRelayAndBrowser(
  relayOptions: Parameters<typeof startRelay>[0] = {},
): RelayAndBrowser {
  const env = {} as RelayAndBrowser
  beforeAll(async () => {
    env.relay = await startRelay(relayOptions)
    env.browser = await launchBrowser()
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.relay?.close()
  })
  return env
}
