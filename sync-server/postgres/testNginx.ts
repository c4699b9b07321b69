/**
 * A real nginx (Debian's package) in front of relays, for tests: started with a generated
 * configuration (nginxConfig.ts) on a free port, in the foreground, stopped by `close()`.
 */
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { nginxTestConfig } from "./nginxConfig"
import { freePort } from "./testPostgres"

export interface TestNginx {
  /** `http://127.0.0.1:port` */
  url: string
  close(): Promise<void>
}

async function waitForPort(url: string, child: ChildProcess, dir: string): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, "error.log"), "utf8").catch(() => "")
      throw new Error(`nginx exited (${child.exitCode}): ${log.trim()}`)
    }
    try {
      await fetch(url)
      return
    } catch {
      if (Date.now() > deadline) throw new Error("nginx did not start listening")
      await new Promise((r) => setTimeout(r, 20))
    }
  }
}

/** Starts nginx balancing over `relays` (`host:port` each). */
export async function startTestNginx(relays: string[]): Promise<TestNginx> {
  const dir = await mkdtemp(join(tmpdir(), "baton-nginx-"))
  const port = await freePort()
  const conf = join(dir, "nginx.conf")
  await writeFile(conf, nginxTestConfig(dir, { relays, listen: `127.0.0.1:${port}` }))
  const child = spawn("nginx", ["-c", conf, "-p", dir], { stdio: "ignore" })
  const url = `http://127.0.0.1:${port}`
  await waitForPort(url, child, dir)
  return {
    url,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r))
        child.kill("SIGTERM")
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
