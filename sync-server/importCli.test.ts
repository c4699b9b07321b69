/**
 * `npm run import -- trello FILE --relay URL` against the real relay on a free port: the
 * command prints the summary and the board's link, and once it has exited a stock
 * automerge-repo client finds the whole board on the relay.
 */
import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import type { AutomergeUrl } from "@automerge/automerge-repo"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { allCards, checkBoard, validateBoard } from "../src/model"
import type { Board } from "../src/model/types"
import { createRelay } from "./createRelay"
import type { Relay } from "./createRelay"
import { clientRepo, closeRepos } from "./testHelpers"

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, "..")
const FIXTURE = join(ROOT, "src/model/import/fixtures/product-launch.json")

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "import", "--", ...args], {
      cwd: ROOT,
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

let relay: Relay
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-import-cli-"))
  relay = await createRelay({ port: 0, dataDir: join(dir, "data"), staticDir: null, log: () => {} })
})
afterAll(async () => {
  await relay?.close()
  await rm(dir, { recursive: true, force: true })
})

describe("npm run import", () => {
  it("imports the Trello fixture onto the relay; a stock client finds the board", async () => {
    const { code, stdout, stderr } = await cli("trello", FIXTURE, "--relay", relay.url)
    expect(stderr).toBe("")
    expect(code).toBe(0)
    expect(stdout).toContain("Board: Product launch")
    expect(stdout).toContain("5 lists (1 archived), 25 cards (2 archived)")
    // Start dates come over now, so they are not among what is left behind.
    expect(stdout).not.toMatch(/start date/i)
    const link = /Board: (http\S+#\/b\/(\S+))/.exec(stdout)
    expect(link?.[1]?.startsWith(relay.url)).toBe(true)
    const documentId = link![2]!

    // The command has exited: the board is on the relay for anyone who asks.
    const repo = clientRepo(relay.url)
    try {
      const handle = await repo.find<Board>(`automerge:${documentId}` as AutomergeUrl)
      const board = handle.doc()
      expect(validateBoard(board).ok).toBe(true)
      expect(checkBoard(board)).toEqual([])
      expect(board.title).toBe("Product launch")
      expect(allCards(board)).toHaveLength(25)
    } finally {
      await closeRepos(repo)
    }
  })

  it("says what is wrong with a bad file and creates nothing", async () => {
    const bad = join(dir, "cut.json")
    await writeFile(bad, '{"name":"x","lists":[')
    const r = await cli("trello", bad, "--relay", relay.url)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/This file stops in the middle/)
    expect(r.stdout).not.toMatch(/#\/b\//)
    const usage = await cli("asana", FIXTURE)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/usage: npm run import -- trello FILE/)
  })

  it("without --relay only reads the file", async () => {
    const r = await cli("trello", FIXTURE)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("No --relay given: the file was read, nothing was created.")
  })
})
