/**
 * Reads an import file and makes the new board off the page's thread: parsing a 13 MB export,
 * mapping it and writing 5,000 cards into Automerge take seconds. The page gets the summary
 * first; once the person confirms, the worker writes the whole board as one change
 * (buildDocument.ts), stores the saved document in the device's storage as the board's chunk,
 * and the board's render snapshot beside it, and tells the page, which then opens the board
 * as it opens any stored board: the snapshot drawn at once, the document with one `A.load`
 * (no change applied on the page, no patches). The relay gets the board by the normal sync
 * once it is open: to a peer that has nothing of it, that is the saved document, in one
 * message.
 */
import * as A from "@automerge/automerge/slim"
import automergeWasmUrl from "@automerge/automerge/automerge.wasm?url"
import { encodeChangeMeta } from "../../model/changeMeta"
import { parseJsonFile } from "../../model/import/errors"
import { looksLikeTrello, planTrelloImport } from "../../model/import/trello"
import type { ImportPlan } from "../../model/import/trello"
import { looksLikeBatonExport, planBatonImport } from "../../model/export/batonJson"
import { ImportError } from "../../model/import/errors"
import { newId } from "../../shared/ids"
import { storeNewDocument } from "../../sync/storage/storeNewDocument"
import { writeSnapshot } from "../../sync/storage/snapshotCache"
import { buildBoardDocument } from "./buildDocument"
import type { FromWorker, ToWorker } from "./protocol"

const scope = globalThis as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null
}

let plan: ImportPlan | null = null
/** The importing person: the author of the change that builds the board. */
let importer = ""

function read(msg: Extract<ToWorker, { type: "plan" }>): ImportPlan {
  const value = parseJsonFile(new TextDecoder().decode(msg.bytes))
  if (looksLikeBatonExport(value)) return planBatonImport(value)
  if (looksLikeTrello(value))
    return planTrelloImport(value, {
      memberId: msg.memberId,
      now: msg.now,
      newId: () => newId(),
      zone: msg.zone,
    })
  throw new ImportError(
    "not-an-export",
    "This file is neither a Trello board export nor a Baton board file. In Trello: board menu → Print, export and share → Export as JSON.",
  )
}

scope.onmessage = (e) => {
  const msg = e.data
  if (msg.type === "plan") {
    importer = msg.memberId
    try {
      plan = read(msg)
      scope.postMessage({ type: "summary", summary: plan.summary })
    } catch (err) {
      plan = null
      scope.postMessage({
        type: "error",
        message:
          err instanceof ImportError
            ? err.message
            : `This file could not be read (${err instanceof Error ? err.message : String(err)}). Nothing was created.`,
      })
    }
    return
  }
  if (plan === null) return
  const p = plan
  build(p, msg).catch((err: unknown) => {
    console.error(err)
    const refused = err instanceof DOMException || (err instanceof Error && /quota/i.test(err.name))
    scope.postMessage({
      type: "error",
      message: refused
        ? "This device's storage refused the new board (it may be full). Nothing was created."
        : `The board could not be created (${err instanceof Error ? err.message : String(err)}). Nothing was created.`,
    })
  })
}

// Compiling Automerge's WebAssembly starts with the worker, alongside reading the file.
const wasm: Promise<unknown> = A.initializeWasm(automergeWasmUrl)

async function build(p: ImportPlan, msg: Extract<ToWorker, { type: "build" }>): Promise<void> {
  await wasm
  const board = p.board
  let total = 0
  for (const bucket of Object.values(board.cardBuckets)) total += Object.keys(bucket).length
  const built = buildBoardDocument(board, {
    message: encodeChangeMeta({ memberId: importer, op: "importBoard" }),
    time: Math.floor(Date.now() / 1000),
    onProgress: (cards) => scope.postMessage({ type: "progress", cards, total, saving: false }),
  })
  scope.postMessage({ type: "progress", cards: total, total, saving: true })
  await storeNewDocument(msg.documentId, built.bytes, built.heads, msg.database)
  // Only a cache: without it the board opens all the same, after its document has loaded.
  await writeSnapshot({
    documentId: msg.documentId,
    heads: built.heads,
    savedAt: Date.now(),
    board,
  })
  scope.postMessage({ type: "stored", documentId: msg.documentId, title: board.title })
}
