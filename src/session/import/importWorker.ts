/**
 * Reads an import file and builds the new board's document off the page's thread: parsing a
 * 13 MB export, mapping it and writing 5,000 cards into Automerge take seconds. The page gets
 * the summary first; once the person confirms, the worker builds the document as a series of
 * changes (the board without its cards, then a slice of cards per change) and sends each
 * change's bytes as soon as it is made, so the page applies one while the next is built.
 */
import * as A from "@automerge/automerge/slim"
import automergeWasmUrl from "@automerge/automerge/automerge.wasm?url"
import { encodeChangeMeta } from "../../model/changeMeta"
import { bucketOf } from "../../model/buckets"
import { parseJsonFile } from "../../model/import/errors"
import { looksLikeTrello, planTrelloImport } from "../../model/import/trello"
import type { ImportPlan } from "../../model/import/trello"
import { looksLikeBatonExport, planBatonImport } from "../../model/export/batonJson"
import { ImportError } from "../../model/import/errors"
import { bucketKeys } from "../../model/buckets"
import type { Board, Card } from "../../model/types"
import { newId } from "../../shared/ids"
import type { FromWorker, ToWorker } from "./protocol"

const scope = globalThis as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null
}

let plan: ImportPlan | null = null
/** The importing person: the author of the changes that build the board. */
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
  void build(plan, msg.cardsPerChange)
}

let wasm: Promise<unknown> | null = null

async function build(p: ImportPlan, perChange: number): Promise<void> {
  wasm ??= A.initializeWasm(automergeWasmUrl)
  await wasm
  const board = p.board
  const message = encodeChangeMeta({ memberId: importer, op: "importBoard" })
  const cards: Card[] = []
  for (const bucket of Object.values(board.cardBuckets)) cards.push(...Object.values(bucket))
  const send = (doc: A.Doc<Board>, count: number): void => {
    const bytes = A.getLastLocalChange(doc)
    if (bytes === undefined) return
    scope.postMessage(
      { type: "change", bytes, cards: count, total: cards.length, title: board.title },
      [bytes.buffer as ArrayBuffer],
    )
  }
  let doc = A.change(A.init<Board>(), { message }, (d) => {
    const o = d as unknown as Record<string, unknown>
    for (const [k, v] of Object.entries(board)) if (k !== "cardBuckets") o[k] = v
    const buckets: Board["cardBuckets"] = {}
    for (const k of bucketKeys()) buckets[k] = {}
    o.cardBuckets = buckets
  })
  send(doc, 0)
  for (let i = 0; i < cards.length; i += perChange) {
    const slice = cards.slice(i, i + perChange)
    doc = A.change(doc, { message }, (d) => {
      for (const c of slice) (d.cardBuckets[bucketOf(c.id)] as Record<string, Card>)[c.id] = c
    })
    send(doc, slice.length)
  }
  scope.postMessage({ type: "end" })
}
