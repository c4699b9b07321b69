/**
 * `npm run import -- trello FILE [--relay URL] [--zone ZONE] [--stats]`: imports a Trello
 * board export (or a Baton board file) from the command line, for people migrating many
 * boards. Prints the summary and, with `--relay`, creates the board on that relay and prints
 * its link; the command exits only once the relay has acknowledged the whole board. Without
 * `--relay` it only reads the file and prints the summary (nothing is created).
 *
 * `--relay` takes the relay's address as the app is opened (`http://host:port`) or its sync
 * endpoint (`ws://host:port/sync`). `--stats` prints a last line of JSON with the time taken
 * and the peak memory (for the benchmark).
 */
import { readFile } from "node:fs/promises"
import { randomBytes } from "node:crypto"
import { Repo, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import type { DocHandle } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import { encodeChangeMeta } from "../src/model/changeMeta"
import { sameHeads } from "../src/model/heads"
import { isImportError, planImport, summaryLines } from "../src/model/import"
import type { Board } from "../src/model/types"
import { buildBoardDocument } from "../src/session/import/buildDocument"
import { loadStoredDocumentsWhole } from "../src/sync/repo"
import type { ChangeJournal } from "../src/sync/storage/changeJournal"
import { MemoryStorageAdapter } from "../src/sync/storage/MemoryStorageAdapter"
import { headsHash } from "../src/sync/storage/storeNewDocument"

const USAGE = "usage: npm run import -- trello FILE [--relay URL] [--zone ZONE] [--stats]"
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

function newId(): string {
  let id = ""
  for (const b of randomBytes(16)) id += ALPHABET[b % ALPHABET.length]
  return id
}

/** The command makes no edits of its own, so it keeps none for a later visit. */
const NO_JOURNAL: ChangeJournal = {
  recordLocalChange: () => undefined,
  recorded: () => [],
  settle: () => undefined,
  pending: () => [],
  forget: () => undefined,
}

interface Args {
  file: string
  relay: string | null
  zone: string
  stats: boolean
}

function parseArgs(argv: string[]): Args | string {
  const [kind, file, ...rest] = argv
  if (kind !== "trello" && kind !== "baton") return USAGE
  if (file === undefined || file.startsWith("--")) return USAGE
  const args: Args = { file, relay: null, zone: "UTC", stats: false }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (a === "--relay") args.relay = rest[++i] ?? ""
    else if (a === "--zone") args.zone = rest[++i] ?? ""
    else if (a === "--stats") args.stats = true
    else return `unknown option ${a}\n${USAGE}`
  }
  if (args.relay === "") return `--relay needs an address\n${USAGE}`
  return args
}

/** The sync endpoint and the app's address for what the person gave as `--relay`. */
function relayAddresses(input: string): { sync: string; app: string } {
  const u = new URL(input)
  if (u.protocol === "ws:" || u.protocol === "wss:") {
    const app = new URL(u.href)
    app.protocol = u.protocol === "wss:" ? "https:" : "http:"
    app.pathname = app.pathname.replace(/\/sync\/?$/, "/")
    return { sync: u.href, app: app.href.replace(/\/$/, "") }
  }
  const sync = new URL(u.href)
  sync.protocol = u.protocol === "https:" ? "wss:" : "ws:"
  sync.pathname = `${u.pathname.replace(/\/$/, "")}/sync`
  return { sync: sync.href, app: u.href.replace(/\/$/, "") }
}

/** Resolves once a storage peer (the relay) has acknowledged the handle's heads. */
async function relayHas(repo: Repo, handle: DocHandle<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    for (const peer of repo.peers) {
      const storageId = repo.getStorageIdOfPeer(peer)
      if (!storageId) continue
      const info = handle.getSyncInfo(storageId)
      if (info && sameHeads(info.lastHeads, handle.heads())) return
    }
    if (Date.now() > deadline)
      throw new Error("the relay did not confirm it has the board (is the address right?)")
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function main(): Promise<number> {
  const started = performance.now()
  const args = parseArgs(process.argv.slice(2))
  if (typeof args === "string") {
    console.error(args)
    return 2
  }
  let text: string
  try {
    text = await readFile(args.file, "utf8")
  } catch (e) {
    console.error(`Cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)
    return 1
  }
  const memberId = newId()
  const now = new Date().toISOString()
  let plan: ReturnType<typeof planImport> | null
  try {
    plan = planImport(text, { memberId, now, newId, zone: args.zone })
  } catch (e) {
    console.error(isImportError(e) ? e.message : `Import failed: ${String(e)}`)
    return 1
  }
  for (const line of summaryLines(plan.summary)) console.log(line)

  if (args.relay === null) {
    console.log("No --relay given: the file was read, nothing was created.")
  } else {
    const { sync, app } = relayAddresses(args.relay)
    // Written as one change and saved, without the patches `A.change` would compute.
    const { bytes, heads } = buildBoardDocument(plan.board, {
      message: encodeChangeMeta({ memberId, op: "importBoard" }),
      time: Math.floor(Date.now() / 1000),
    })
    plan = null // the parsed board is no longer needed: let it be collected
    // The saved document is the repo's stored copy, opened as the app opens a stored board:
    // one `A.load`, without the patch for every field that `repo.import` would compute.
    const documentId = parseAutomergeUrl(generateAutomergeUrl()).documentId
    const storage = new MemoryStorageAdapter()
    await storage.save([documentId, "snapshot", await headsHash(heads)], bytes)
    const adapter = new WebSocketClientAdapter(sync, 500)
    const repo = new Repo({ storage, network: [adapter], enableRemoteHeadsGossiping: true })
    // Nothing is written back: the command ends once the relay has the board.
    loadStoredDocumentsWhole(repo, () => undefined, NO_JOURNAL)
    try {
      const handle = await repo.find<Board>(documentId)
      await relayHas(repo, handle, 120_000)
      console.log(`Board: ${app}/#/b/${handle.documentId}`)
    } catch (e) {
      console.error(`Not created on the relay: ${e instanceof Error ? e.message : String(e)}`)
      return 1
    } finally {
      // The stock adapter re-arms its reconnect timer when the socket closes; stop it first.
      ;(adapter as unknown as { retryInterval: number }).retryInterval = 0
      await repo.shutdown().catch(() => undefined)
    }
  }
  if (args.stats)
    console.log(
      JSON.stringify({
        ms: Math.round(performance.now() - started),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    )
  return 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
