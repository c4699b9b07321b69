/**
 * Relays as separate processes (`npm run relay`'s main.ts) for the multi-relay tests, so one
 * can be killed with SIGKILL, and the client kinds the tests connect through them.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { join } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import type { PeerId } from "@automerge/automerge-repo"
import { WebSocket } from "ws"
import { RelayClientAdapter } from "../../src/sync/transport/RelayClientAdapter"
import type { WebSocketLike } from "../../src/sync/transport/RelayClientAdapter"
import { syncUrl } from "../testHelpers"
import { freePort } from "./testPostgres"

const root = join(import.meta.dirname, "..", "..")

export interface RelayProcess {
  url: string
  /** `127.0.0.1:port`, for nginx. */
  address: string
  pid: number
  child: ChildProcess
  stderr(): string
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>
  /** SIGTERM (clean stop); resolves once the process is gone. */
  stop(): Promise<void>
}

/** Starts `tsx sync-server/main.ts` on a free port with `DATABASE_URL`; resolves once it serves. */
export async function startRelayProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RelayProcess> {
  const port = await freePort()
  // Node itself with tsx's loader, not the tsx CLI (a wrapper process): SIGKILL must hit the
  // relay, and the pid must be the relay's.
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "sync-server", "main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      PORT: String(port),
      HOST: "127.0.0.1",
      STATIC_DIR: "",
      DATABASE_URL: databaseUrl,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString()
      if (stdout.includes("Baton is running at")) resolve()
    })
    child.once("exit", (code) =>
      reject(new Error(`relay exited (${code}) before serving: ${stderr.trim()}`)),
    )
  })
  const exited = new Promise<void>((r) => {
    if (child.exitCode !== null) r()
    else child.once("exit", () => r())
  })
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    stderr: () => stderr,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  }
}

/** A repo (no storage) on Baton's own client adapter, reconnecting quickly. */
export function batonClientRepo(httpUrl: string): { repo: Repo; adapter: RelayClientAdapter } {
  const adapter = new RelayClientAdapter({
    url: syncUrl(httpUrl),
    createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
    backoff: { initialMs: 50, maxMs: 500 },
    joinTimeoutMs: 2000,
  })
  const repo = new Repo({ network: [adapter], enableRemoteHeadsGossiping: true })
  return { repo, adapter }
}

/** The process id in the peer id of the relay `repo` is connected to (`baton-relay-<pid>-…`). */
export function relayPidOf(repo: Repo): number | null {
  for (const peer of repo.peers) {
    const m = /^baton-relay-(\d+)-/.exec(peer as PeerId)
    if (m) return Number(m[1])
  }
  return null
}
