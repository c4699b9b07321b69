/**
 * Keyboard: arrows move focus between cards (↑↓ in a list, ←→ across lists), Alt+arrows move
 * the focused card, and single-key shortcuts (listed in the `?` dialog) act on the board or
 * on the focused card. Shortcuts are ignored while typing in a field or with a dialog open;
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) undo and redo, outside text fields.
 */
import { visibleLists, getCard } from "../../model"
import { announce, notify } from "../notices"
import type { OperationName } from "../../model/operations"
import { dialogOpen } from "../Dialog"
import type { BoardCtx } from "./context"
import { refocusCard } from "./dnd"
import { scrollToIndex } from "./ListColumn"
import { moveCardWithUndo, redoLast, undoLast } from "./undo"

export interface KeyboardActions {
  showShortcuts: () => void
  focusSearch: () => void
  toggleMyCards: () => void
  newCard: (listId: string) => void
  renameCard: (cardId: string) => void
}

function focusedCard(): { cardId: string; listId: string; index: number } | null {
  const el = document.activeElement?.closest<HTMLElement>("li.card[data-card-id]")
  if (!el) return null
  return {
    cardId: el.dataset.cardId ?? "",
    listId: el.dataset.listId ?? "",
    index: Number(el.dataset.index ?? 0),
  }
}

export function focusCardAt(ctx: BoardCtx, listId: string, index: number): boolean {
  const ids = ctx.shownCardIds(listId)
  if (ids.length === 0) return false
  const i = Math.max(0, Math.min(ids.length - 1, index))
  const id = ids[i] ?? ""
  const find = (): HTMLElement | null =>
    document.querySelector<HTMLElement>(`li.card[data-card-id="${CSS.escape(id)}"] .card-open`)
  const el = find()
  if (el) {
    el.focus()
    el.scrollIntoView({ block: "nearest", inline: "nearest" })
    return true
  }
  scrollToIndex.get(listId)?.(i)
  requestAnimationFrame(() => find()?.focus())
  return true
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.closest) return false
  return el.closest("input, textarea, select, [contenteditable='true']") !== null
}

/** Inputs where Ctrl+Z is the browser's text undo (a checkbox or a button is not one). */
const NOT_TEXT = new Set([
  "checkbox",
  "radio",
  "button",
  "submit",
  "reset",
  "range",
  "color",
  "file",
])

function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.closest) return false
  if (el instanceof HTMLInputElement) return !NOT_TEXT.has(el.type)
  return el.closest("textarea, select, [contenteditable='true']") !== null
}

const MODIFIERS = new Set(["Alt", "AltGraph", "Control", "Meta", "Shift"])

export function installKeyboard(ctx: BoardCtx, actions: KeyboardActions): () => void {
  const onKey = (e: KeyboardEvent): void => {
    // A modifier pressed alone does nothing here (Alt comes before every Alt+arrow move).
    if (MODIFIERS.has(e.key)) return
    if (e.defaultPrevented) return
    // Ctrl/Cmd+Z undoes the person's last change on the board, Ctrl/Cmd+Shift+Z and Ctrl+Y
    // redo it (in a text field the browser's own text undo applies instead).
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !isTextField(e.target)) {
      const k = e.key.toLowerCase()
      if (k === "z" || (k === "y" && !e.shiftKey)) {
        e.preventDefault()
        if (k === "z" && !e.shiftKey) undoLast(ctx)
        else redoLast(ctx)
      }
      return
    }
    if (e.ctrlKey || e.metaKey || isTyping(e.target)) return
    // Looking for [role=dialog] in the document cost ~0.8 ms a key on a big board.
    if (dialogOpen()) return
    const card = focusedCard()
    // The list order, read only by the keys that need it (not by ↑↓ moves, on every press).
    let order: string[] | undefined
    const lists = (): string[] => (order ??= visibleLists(ctx.board).map((l) => l.id))
    /** An editing key this device's role may not use: says so instead (true when refused). */
    const refused = (op: OperationName): boolean => {
      if (ctx.session.may(op)) return false
      e.preventDefault()
      notify(ctx.session.refusal(), { kind: "error" })
      return true
    }

    if (e.altKey && card && e.key.startsWith("Arrow")) {
      if (refused("moveCard")) return
      e.preventDefault()
      const full = ctx.cardIds(card.listId)
      const at = full.indexOf(card.cardId)
      let toList = card.listId
      let toIndex = at
      if (e.key === "ArrowUp") toIndex = at - 1
      else if (e.key === "ArrowDown") toIndex = at + 1
      else {
        const next = lists()[lists().indexOf(card.listId) + (e.key === "ArrowLeft" ? -1 : 1)]
        if (next === undefined) return
        toList = next
        toIndex = Math.min(at, ctx.cardIds(next).length)
      }
      if (toIndex < 0 || (toList === card.listId && toIndex >= full.length)) return
      moveCardWithUndo(ctx, card.cardId, toList, toIndex)
      refocusCard(card.cardId)
      return
    }
    if (e.altKey) return

    if (card && e.key.startsWith("Arrow")) {
      e.preventDefault()
      const shown = ctx.shownCardIds(card.listId)
      const at = shown.indexOf(card.cardId)
      if (e.key === "ArrowUp") focusCardAt(ctx, card.listId, at - 1)
      else if (e.key === "ArrowDown") focusCardAt(ctx, card.listId, at + 1)
      else {
        const step = e.key === "ArrowLeft" ? -1 : 1
        for (
          let li = lists().indexOf(card.listId) + step;
          li >= 0 && li < lists().length;
          li += step
        ) {
          if (focusCardAt(ctx, lists()[li] ?? "", at)) break
        }
      }
      return
    }
    if (
      !card &&
      (e.key === "ArrowDown" || e.key === "ArrowRight") &&
      document.activeElement === document.body
    ) {
      for (const l of lists()) if (focusCardAt(ctx, l, 0)) break
      e.preventDefault()
      return
    }

    switch (e.key) {
      case "?":
        e.preventDefault()
        actions.showShortcuts()
        return
      case "/":
        e.preventDefault()
        actions.focusSearch()
        return
      case "q":
        e.preventDefault()
        actions.toggleMyCards()
        return
      case "n": {
        if (refused("addCard")) return
        const listId = card?.listId ?? lists()[0]
        if (listId !== undefined) {
          e.preventDefault()
          actions.newCard(listId)
        }
        return
      }
    }
    if (!card) return
    switch (e.key) {
      case "m":
        if (refused("moveCard")) return
        e.preventDefault()
        ctx.moveDialog(card.cardId)
        return
      case "d":
        e.preventDefault()
        ctx.openCard(card.cardId, "deadline")
        return
      case "o":
        e.preventDefault()
        ctx.openCard(card.cardId, "owners")
        return
      case "l":
        e.preventDefault()
        ctx.openCard(card.cardId, "labels")
        return
      case "e":
        if (refused("setCardTitle")) return
        e.preventDefault()
        actions.renameCard(card.cardId)
        return
      case "a": {
        if (refused("addOwner")) return
        e.preventDefault()
        const c = getCard(ctx.board, card.cardId)
        if (!c || ctx.me() === undefined) return
        const mine = c.owners[ctx.memberId()] === true
        const ok = ctx.act(mine ? "removeOwner" : "addOwner", card.cardId, ctx.memberId())
        if (ok) announce(mine ? `You no longer own ${c.title}` : `You now own ${c.title}`)
        return
      }
    }
  }
  document.addEventListener("keydown", onKey)
  return () => document.removeEventListener("keydown", onKey)
}
