/**
 * Helpers shared by the relay's tests and benchmark: Node repos that talk to a relay with the
 * stock WebSocket client adapter, and condition waits (never fixed sleeps).
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import type { DocHandle, PeerId } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import { sameHeads } from "../src/model/heads"

export { sameHeads }

/** The `ws://…/sync` address of a relay whose HTTP address is `httpUrl`. */
export function syncUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, "ws") + "/sync"
}

/** A Node repo without storage, connected to the relay through the stock client adapter. */
export function clientRepo(
  httpUrl: string,
  options: { retryMs?: number; peerId?: string } = {},
): Repo {
  return new Repo({
    network: [new WebSocketClientAdapter(syncUrl(httpUrl), options.retryMs ?? 100)],
    enableRemoteHeadsGossiping: true,
    ...(options.peerId ? { peerId: options.peerId as PeerId } : {}),
  })
}

/** Resolves once `condition()` is true; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Whether the relay (a storage peer of `repo`) has acknowledged the handle's current heads. */
export function relayHas(repo: Repo, handle: DocHandle<unknown>): boolean {
  for (const peer of repo.peers) {
    const storageId = repo.getStorageIdOfPeer(peer)
    if (!storageId) continue
    const info = handle.getSyncInfo(storageId)
    if (info && sameHeads(info.lastHeads, handle.heads())) return true
  }
  return false
}

/**
 * Resolves once the relay (a storage peer of `repo`) has acknowledged the handle's current
 * heads, i.e. the relay holds every change made so far through this handle.
 */
export async function waitUntilRelayHas(
  repo: Repo,
  handle: DocHandle<unknown>,
  timeoutMs = 10_000,
): Promise<void> {
  await waitFor(
    () => relayHas(repo, handle),
    "the relay to acknowledge the document's heads",
    timeoutMs,
  )
}

/**
 * The same without polling: resolves at the `remote-heads` event that brings the
 * acknowledgement, so a throughput benchmark measures the relay, not a poll interval.
 */
export function relayAcknowledged(repo: Repo, handle: DocHandle<unknown>): Promise<void> {
  return new Promise((resolve) => {
    if (relayHas(repo, handle)) return resolve()
    const on = (): void => {
      if (!relayHas(repo, handle)) return
      handle.off("remote-heads", on)
      resolve()
    }
    handle.on("remote-heads", on)
  })
}

const closedRepos = new WeakSet<Repo>()

/** Closes the repos' connections and lets their timers go (a repo already closed is skipped). */
export async function closeRepos(...all: Repo[]): Promise<void> {
  const repos = all.filter((r) => !closedRepos.has(r))
  for (const repo of repos) closedRepos.add(repo)
  for (const repo of repos) {
    for (const adapter of repo.networkSubsystem.adapters) {
      if (!(adapter instanceof WebSocketClientAdapter)) continue
      // The stock client adapter re-arms its reconnect timer when its socket closes, even
      // after disconnect(); switching retries off first lets the process exit.
      ;(adapter as { retryInterval: number }).retryInterval = 0
      // Closing a socket that is still connecting emits an error nobody listens to.
      const socket = adapter.socket as unknown as
        { on?: (event: string, fn: () => void) => void } | undefined
      socket?.on?.("error", () => undefined)
    }
  }
  await Promise.all(repos.map((r) => r.shutdown().catch(() => undefined)))
}

/**
 * Starts `npm run relay` as a child process and resolves with its address; `cleanups` gets
 * what kills it. Node itself runs it with tsx's loader (not the tsx CLI, which would put a
 * wrapper process between the test and the relay): SIGKILL must hit the relay itself.
 */
export function spawnRelay(
  dataDir: string,
  cleanups: (() => Promise<void>)[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const root = join(import.meta.dirname, "..")
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(root, "sync-server", "main.ts")],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: "0",
          HOST: "127.0.0.1",
          DATA_DIR: dataDir,
          STATIC_DIR: "",
          LOG_LEVEL: "warn",
          ...env,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    )
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL")
        await new Promise((r) => child.once("exit", r))
      }
    })
    let out = ""
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      const m = /running at (http:\/\/\S+)\n/.exec(out)
      if (m) resolve({ child, url: m[1]! })
    })
    child.once("exit", (code) => reject(new Error(`relay exited early with ${code}`)))
  })
}
