/**
 * The storage worker: batches are written durably off the main thread, and a finished batch
 * can be noticed synchronously (poll) while the event loop is still busy.
 */
import { existsSync } from "node:fs"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { BatchWriter } from "./batchWriter"

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

async function writer(): Promise<{ writer: BatchWriter; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "baton-writer-"))
  const w = new BatchWriter()
  cleanups.push(async () => {
    await w.close()
    await rm(dir, { recursive: true, force: true })
  })
  return { writer: w, dir }
}

/** Blocks the main thread (no event loop turns) for `ms`. */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

describe("BatchWriter", () => {
  it("writes a batch and reports each file's outcome", async () => {
    const { writer: w, dir } = await writer()
    const path = join(dir, "a", "b", "file")
    const reply = await w.write([
      { path, temp: `${path}.tmp`, data: new TextEncoder().encode("hello") },
      { path: join(dir, "missing"), temp: "", data: null },
    ])
    expect(reply.errors).toEqual([null, null])
    expect(await readFile(path, "utf8")).toBe("hello")
    expect(existsSync(`${path}.tmp`)).toBe(false)
  })

  it("poll() settles a finished batch while the event loop is blocked", async () => {
    const { writer: w, dir } = await writer()
    await w.write([{ path: join(dir, "warm"), temp: join(dir, "warm.tmp"), data: null }])
    const path = join(dir, "file")
    let done = false
    void w.write([{ path, temp: `${path}.tmp`, data: new Uint8Array([1]) }]).then(() => {
      done = true
    })
    // The event loop does not turn here: only poll() can see the worker's reply.
    let settled = 0
    const deadline = Date.now() + 5000
    while (settled === 0 && Date.now() < deadline) {
      block(1)
      settled = w.poll()
    }
    expect(settled).toBe(1)
    await Promise.resolve()
    expect(done).toBe(true)
    expect(existsSync(path)).toBe(true)
    expect(w.poll()).toBe(0)
  })
})
