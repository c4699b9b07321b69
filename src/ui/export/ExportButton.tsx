/**
 * Board toolbar → Export: the board as Baton's JSON file (docs/formats.md), as CSV for a
 * spreadsheet, or as a Markdown document. Each is made from the board as this device has it
 * and downloaded as a file; nothing leaves the device.
 */
import { Show, createSignal } from "solid-js"
import type { DocumentId } from "../../session"
import { exportBatonJson } from "../../model/export/batonJson"
import { exportCsv } from "../../model/export/csv"
import { exportMarkdown } from "../../model/export/markdown"
import type { Board } from "../../model/types"
import { boardHash } from "../boardLink"
import { Dialog } from "../Dialog"
import type { BoardContextProps } from "../extensions"
import { announce } from "../notices"

function fileName(title: string, ext: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 60)
  return `${base || "board"}.${ext}`
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement("a")
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function exportFile(
  board: Board,
  documentId: DocumentId,
  kind: "json" | "csv" | "md",
): { name: string; type: string; text: string } {
  const cardLink = (cardId: string): string =>
    `${location.origin}${location.pathname}${boardHash(documentId, cardId)}`
  const now = new Date().toISOString()
  if (kind === "json")
    return {
      name: fileName(board.title, "baton.json"),
      type: "application/json",
      text: `${JSON.stringify(exportBatonJson(board, now), null, 2)}\n`,
    }
  if (kind === "csv")
    return {
      name: fileName(board.title, "csv"),
      type: "text/csv;charset=utf-8",
      text: exportCsv(board, { cardLink }),
    }
  return {
    name: fileName(board.title, "md"),
    type: "text/markdown;charset=utf-8",
    text: exportMarkdown(board, { cardLink }),
  }
}

export function ExportButton(props: BoardContextProps) {
  const [open, setOpen] = createSignal(false)
  return (
    <>
      <button type="button" class="button" onClick={() => setOpen(true)}>
        Export
      </button>
      <Show when={open()}>
        <ExportDialog
          board={props.board}
          documentId={props.documentId}
          onClose={() => setOpen(false)}
        />
      </Show>
    </>
  )
}

/** The export choices; also offered by the notice of a board deleted for everyone. */
export function ExportDialog(props: { board: Board; documentId: DocumentId; onClose: () => void }) {
  const save = (kind: "json" | "csv" | "md"): void => {
    const f = exportFile(props.board, props.documentId, kind)
    download(f.name, f.type, f.text)
    announce(`Exported ${f.name}`)
  }
  return (
    <Dialog title="Export board" onClose={() => props.onClose()} class="export-dialog">
      <p class="muted">A copy of this board as it is on this device, as a file.</p>
      <ul class="export-choices">
        <li>
          <button type="button" class="button" onClick={() => save("json")}>
            Baton JSON
          </button>{" "}
          <span class="muted">everything on the board; Import on the home page reads it</span>
        </li>
        <li>
          <button type="button" class="button" onClick={() => save("csv")}>
            CSV
          </button>{" "}
          <span class="muted">one row per card, for a spreadsheet</span>
        </li>
        <li>
          <button type="button" class="button" onClick={() => save("md")}>
            Markdown
          </button>{" "}
          <span class="muted">a document to read or print</span>
        </li>
      </ul>
    </Dialog>
  )
}
