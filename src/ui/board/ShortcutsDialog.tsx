/** The `?` dialog listing keyboard shortcuts. */
import { For } from "solid-js"
import { Dialog } from "../Dialog"

export const SHORTCUTS: [keys: string, what: string][] = [
  ["?", "Show this list"],
  ["n", "New card in the focused card's list (or the first list)"],
  ["/", "Search cards"],
  ["q", "Show only my cards (again to show all)"],
  ["↑ ↓", "Focus the previous / next card in a list"],
  ["← →", "Focus the card in the list to the left / right"],
  ["Enter", "Open the focused card"],
  ["Esc", "Close a dialog or cancel an edit"],
  ["m", "Move the focused card…"],
  ["Alt + ↑ ↓ ← →", "Move the focused card one step"],
  ["d", "Set the deadline of the focused card"],
  ["o", "Owners of the focused card"],
  ["l", "Labels of the focused card"],
  ["a", "Assign myself to the focused card (again to unassign)"],
  ["e", "Rename the focused card"],
]

export function ShortcutsDialog(props: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <table class="shortcuts">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          <For each={SHORTCUTS}>
            {([k, what]) => (
              <tr>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Dialog>
  )
}
