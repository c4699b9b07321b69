import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const run = promisify(execFile)
const here = new URL(".", import.meta.url).pathname

/** Runs a script in its own Node process (a rejection nobody handles ends a process). */
async function runScript(body: string): Promise<{ stdout: string; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), "baton-keeprunning-"))
  try {
    const file = join(dir, "script.ts")
    await writeFile(file, body)
    return await run(join(here, "../node_modules/.bin/tsx"), [file], { timeout: 30_000 })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe("keepRunningOnUnhandledRejections", () => {
  it("keeps the relay process alive through a rejection nobody handled, and says so once", async () => {
    const guard = JSON.stringify(join(here, "keepRunning.ts"))
    const { stdout } = await runScript(`
      import { keepRunningOnUnhandledRejections } from ${guard}
      const state = keepRunningOnUnhandledRejections((l) => console.log(l))
      void Promise.reject(new Error("withTimeout: timed out after 60000ms"))
      void Promise.reject(new Error("withTimeout: timed out after 60000ms"))
      setTimeout(() => console.log("still running, " + state.count + " ignored"), 200)
    `)
    const lines = stdout.trim().split("\n")
    expect(lines).toEqual([
      "Baton relay: a background task failed and was ignored (1 so far): withTimeout: timed out after 60000ms",
      "still running, 2 ignored",
    ])
  })

  it("without it, the same rejection ends the process (what the guard is for)", async () => {
    await expect(
      runScript(`void Promise.reject(new Error("boom")); setTimeout(() => {}, 200)`),
    ).rejects.toMatchObject({ code: 1 })
  })
})
