/**
 * The page's one repo and relay connection, set once at start-up by `main.tsx`, read by the
 * sync indicator wherever it is mounted. The relay is `null` when the app runs without one.
 */
import type { Repo } from "@automerge/automerge-repo"
import { recordRelayReached } from "./syncStatus"
import type { RelayConnection } from "./syncStatus"

let current: { repo: Repo; relay: RelayConnection | null } | null = null

export function setRelayConnection(repo: Repo, relay: RelayConnection | null): void {
  current = { repo, relay }
  if (relay !== null && typeof localStorage !== "undefined") recordRelayReached(relay, localStorage)
}

export function getRelayConnection(): { repo: Repo; relay: RelayConnection | null } {
  if (current === null) throw new Error("Baton: the relay connection was not set up")
  return current
}
