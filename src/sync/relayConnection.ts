/**
 * The page's one relay connection, set once at start-up by `main.tsx`, read by the sync
 * indicator wherever it is mounted. `null` when the app runs without a relay.
 */
import type { RelayConnection } from "./syncStatus"

let current: RelayConnection | null = null

export function setRelayConnection(relay: RelayConnection | null): void {
  current = relay
}

export function getRelayConnection(): RelayConnection | null {
  return current
}
