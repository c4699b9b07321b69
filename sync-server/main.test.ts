import { spawn } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { createServer } from "node:net"
import type { AddressInfo, Server } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..")
const tsx = join(root, "node_modules", ".bin", "tsx")

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `tsx sync-server/main.ts` with `env` until it exits, or until `untilStdout` matches (then SIGTERM). */
function runMain(env: Record<string, string>, untilStdout?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [join(root, "sync-server", "main.ts")], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    let signalled = false
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString()
      if (untilStdout && !signalled && untilStdout.test(stdout)) {
        signalled = true
        child.kill("SIGTERM")
      }
    })
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
    child.on("error", reject)
    child.on("exit", (code) => resolve({ code, stdout, stderr }))
  })
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "baton-main-"))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

describe("npm run relay (sync-server/main.ts)", () => {
  it("prints exactly one line with its address, and exits 0 on SIGTERM", async () => {
    const dir = await tempDir()
    const run = await runMain(
      { PORT: "0", HOST: "127.0.0.1", STATIC_DIR: "", DATA_DIR: join(dir, "data") },
      /\n/,
    )
    expect(run.stdout).toMatch(/^Baton is running at http:\/\/127\.0\.0\.1:\d+\n$/)
    expect(run.code).toBe(0)
  })

  it("says in one line that the port is taken, and exits 1", async () => {
    const dir = await tempDir()
    const blocker: Server = createServer()
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()))
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())))
    const port = (blocker.address() as AddressInfo).port
    const run = await runMain({
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: join(dir, "data"),
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe("")
    expect(run.stderr).toBe(`Baton relay cannot start: port ${port} is already in use\n`)
  })

  it("says in one line that DATA_DIR is not writable, and exits 1", async () => {
    const dir = await tempDir()
    // A path below a regular file cannot be created, even by root.
    const file = join(dir, "not-a-directory")
    await writeFile(file, "x")
    const run = await runMain({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: join(file, "data") })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe("")
    expect(run.stderr.trim().split("\n")).toHaveLength(1)
    expect(run.stderr).toMatch(
      /^Baton relay cannot start: DATA_DIR .*not-a-directory\/data is not writable \(ENOTDIR\)\n$/,
    )
  })

  it("names a malformed variable in one line, and exits 1", async () => {
    const dir = await tempDir()
    const run = await runMain({ PORT: "eighty", DATA_DIR: join(dir, "data") })
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      'Baton relay cannot start: PORT must be a whole number between 0 and 65535, got "eighty"\n',
    )
  })
})
