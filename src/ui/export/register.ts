/**
 * Mounts the board exports in the board toolbar. Call once before `render` in
 * `src/main.tsx`: `registerExportFeatures()`.
 */
import { addBoardToolbarItem } from "../extensions"
import { ExportButton } from "./ExportButton"

let done = false

export function registerExportFeatures(): void {
  if (done) return
  done = true
  addBoardToolbarItem(ExportButton, { placement: "menu" })
}
