/**
 * Reads an import file off the page's thread: parsing a 13 MB export and mapping it takes
 * longer than a frame. The page gets the summary first; once the person confirms, the board
 * comes back as its skeleton and then its cards in slices, each small enough to be written
 * into the document without holding the page.
 */
import { parseJsonFile } from "../../model/import/errors"
import { looksLikeTrello, planTrelloImport } from "../../model/import/trello"
import type { ImportPlan } from "../../model/import/trello"
import { looksLikeBatonExport, planBatonImport } from "../../model/export/batonJson"
import { ImportError } from "../../model/import/errors"
import { bucketKeys } from "../../model/buckets"
import type { Board, Card } from "../../model/types"
import { newId } from "../ids"
import type { FromWorker, ToWorker } from "./protocol"

const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null
}

let plan: ImportPlan | null = null

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
  const board = plan.board
  const cards: Card[] = []
  for (const bucket of Object.values(board.cardBuckets)) cards.push(...Object.values(bucket))
  const buckets: Board["cardBuckets"] = {}
  for (const k of bucketKeys()) buckets[k] = {}
  scope.postMessage({
    type: "skeleton",
    board: { ...board, cardBuckets: buckets },
    cards: cards.length,
  })
  for (let i = 0; i < cards.length; i += msg.cardsPerSlice)
    scope.postMessage({ type: "cards", cards: cards.slice(i, i + msg.cardsPerSlice) })
  scope.postMessage({ type: "end" })
}
