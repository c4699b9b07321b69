/**
 * Drag and drop of cards and lists with pointer events (mouse, pen and touch): a floating
 * copy follows the pointer, a placeholder shows where it will land, and the board scrolls
 * when the pointer nears an edge. Touch drags start after a short press-and-hold so that a
 * swipe still scrolls. Escape cancels. The drop is one `moveCard`/`moveList` change with Undo.
 */
import { visibleLists } from "../../model"
import type { BoardCtx } from "./context"
import { moveCardWithUndo, moveListWithUndo } from "./undo"

const MOUSE_THRESHOLD = 5
const TOUCH_HOLD_MS = 300
const TOUCH_SLOP = 8
const EDGE = 56
const MAX_SPEED = 18

type Kind = "card" | "list"

interface CardTarget {
  listId: string
  /** Index among the list's cards without the dragged one. */
  index: number
}

interface Drag {
  kind: Kind
  id: string
  source: HTMLElement
  ghost: HTMLElement
  placeholder: HTMLElement
  offsetX: number
  offsetY: number
  x: number
  y: number
  target: CardTarget | number | null
  raf: number
}

export function installDragAndDrop(ctx: BoardCtx, container: HTMLElement): () => void {
  let pending: {
    kind: Kind
    id: string
    el: HTMLElement
    x: number
    y: number
    pointerId: number
    touch: boolean
    timer: number
  } | null = null
  let drag: Drag | null = null
  let suppressClick = false

  const onPointerDown = (e: PointerEvent): void => {
    if (drag !== null || (e.pointerType === "mouse" && e.button !== 0)) return
    // A role that may not move cards does not drag them.
    if (!ctx.session.may("moveCard")) return
    const t = e.target as HTMLElement
    const handle = t.closest<HTMLElement>("[data-list-handle]")
    let kind: Kind
    let id: string
    let el: HTMLElement | null
    if (handle) {
      kind = "list"
      id = handle.dataset.listHandle ?? ""
      el = handle.closest<HTMLElement>(".list[data-list-id]")
    } else {
      // A card's own open button is where a card is grabbed; other controls are not.
      const control = t.closest("button, input, textarea, select, .inline-edit-input")
      if (control !== null && !control.classList.contains("card-open")) return
      el = t.closest<HTMLElement>("li.card[data-card-id]")
      kind = "card"
      id = el?.dataset.cardId ?? ""
    }
    if (!el || id === "") return
    const touch = e.pointerType !== "mouse"
    pending = { kind, id, el, x: e.clientX, y: e.clientY, pointerId: e.pointerId, touch, timer: 0 }
    if (touch) {
      const p = pending
      p.timer = window.setTimeout(() => {
        if (pending === p) start(p.kind, p.id, p.el, p.x, p.y)
      }, TOUCH_HOLD_MS)
    }
    document.addEventListener("pointermove", onPointerMove)
    document.addEventListener("pointerup", onPointerUp)
    document.addEventListener("pointercancel", onPointerCancel)
  }

  const onPointerMove = (e: PointerEvent): void => {
    if (drag !== null) {
      drag.x = e.clientX
      drag.y = e.clientY
      e.preventDefault()
      update()
      return
    }
    if (pending === null || e.pointerId !== pending.pointerId) return
    const dist = Math.hypot(e.clientX - pending.x, e.clientY - pending.y)
    if (pending.touch) {
      if (dist > TOUCH_SLOP)
        cancelPending() // a swipe: let the page scroll
      else {
        pending.x = e.clientX
        pending.y = e.clientY
      }
    } else if (dist > MOUSE_THRESHOLD) {
      const p = pending
      start(p.kind, p.id, p.el, e.clientX, e.clientY, p.x, p.y)
    }
  }

  const onPointerUp = (): void => {
    if (drag !== null) finish(true)
    else cancelPending()
  }
  const onPointerCancel = (): void => {
    if (drag !== null) finish(false)
    else cancelPending()
  }
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === "Escape" && drag !== null) {
      e.preventDefault()
      e.stopPropagation()
      finish(false)
    }
  }
  /** While dragging by touch, the page must not scroll under the finger. */
  const onTouchMove = (e: TouchEvent): void => {
    if (drag !== null) e.preventDefault()
  }
  const onClickCapture = (e: MouseEvent): void => {
    if (suppressClick) {
      e.preventDefault()
      e.stopPropagation()
      suppressClick = false
    }
  }
  const onContextMenu = (e: Event): void => {
    if (drag !== null || pending?.touch === true) e.preventDefault()
  }

  function cancelPending(): void {
    if (pending?.timer) clearTimeout(pending.timer)
    pending = null
    if (drag === null) removeDocListeners()
  }

  function removeDocListeners(): void {
    document.removeEventListener("pointermove", onPointerMove)
    document.removeEventListener("pointerup", onPointerUp)
    document.removeEventListener("pointercancel", onPointerCancel)
  }

  function start(
    kind: Kind,
    id: string,
    el: HTMLElement,
    x: number,
    y: number,
    ox = x,
    oy = y,
  ): void {
    if (pending?.timer) clearTimeout(pending.timer)
    pending = null
    const rect = el.getBoundingClientRect()
    const ghost = el.cloneNode(true) as HTMLElement
    ghost.classList.add("drag-ghost")
    ghost.removeAttribute("data-card-id")
    ghost.removeAttribute("data-list-id")
    ghost.setAttribute("aria-hidden", "true")
    ghost.style.width = `${rect.width}px`
    ghost.style.height = kind === "list" ? `${Math.min(rect.height, 400)}px` : `${rect.height}px`
    document.body.append(ghost)
    const placeholder = document.createElement("div")
    placeholder.className = `drop-placeholder drop-${kind}`
    placeholder.setAttribute("aria-hidden", "true")
    document.body.append(placeholder)
    el.classList.add("dragging")
    drag = {
      kind,
      id,
      source: el,
      ghost,
      placeholder,
      offsetX: ox - rect.left,
      offsetY: oy - rect.top,
      x,
      y,
      target: null,
      raf: 0,
    }
    document.body.classList.add("is-dragging")
    const step = (): void => {
      if (drag === null) return
      autoScroll(drag)
      update()
      drag.raf = requestAnimationFrame(step)
    }
    drag.raf = requestAnimationFrame(step)
    update()
  }

  function update(): void {
    if (drag === null) return
    const d = drag
    d.ghost.style.transform = `translate(${d.x - d.offsetX}px, ${d.y - d.offsetY}px) rotate(2deg)`
    if (d.kind === "card") updateCardTarget(d)
    else updateListTarget(d)
  }

  function listUnder(x: number): HTMLElement | null {
    let best: HTMLElement | null = null
    let bestDist = Infinity
    for (const l of container.querySelectorAll<HTMLElement>(".list[data-list-id]")) {
      const r = l.getBoundingClientRect()
      const dist = x < r.left ? r.left - x : x > r.right ? x - r.right : 0
      if (dist < bestDist) {
        best = l
        bestDist = dist
      }
    }
    return best
  }

  function updateCardTarget(d: Drag): void {
    const listEl = listUnder(d.x)
    const listId = listEl?.dataset.listId
    const ul = listEl?.querySelector<HTMLElement>("ul.cards")
    if (!listEl || !listId || !ul) return
    const cards = [...ul.querySelectorAll<HTMLElement>("li.card[data-card-id]")].filter(
      (c) => c.dataset.cardId !== d.id,
    )
    const full = ctx.cardIds(listId).filter((id) => id !== d.id)
    let before: HTMLElement | null = null
    for (const c of cards) {
      const r = c.getBoundingClientRect()
      if (d.y < r.top + r.height / 2) {
        before = c
        break
      }
    }
    let index: number
    const ulRect = ul.getBoundingClientRect()
    let lineY: number
    if (before !== null) {
      index = Math.max(0, full.indexOf(before.dataset.cardId ?? ""))
      lineY = before.getBoundingClientRect().top - 4
    } else {
      const last = cards[cards.length - 1]
      index = last ? full.indexOf(last.dataset.cardId ?? "") + 1 : full.length
      if (index <= 0 && last === undefined) index = full.length
      lineY = last ? last.getBoundingClientRect().bottom + 2 : ulRect.top + 2
    }
    d.target = { listId, index }
    const h = Math.min(d.source.getBoundingClientRect().height || 40, 80)
    Object.assign(d.placeholder.style, {
      left: `${ulRect.left + 4}px`,
      top: `${Math.max(ulRect.top, Math.min(lineY, ulRect.bottom - 4))}px`,
      width: `${ulRect.width - 8}px`,
      height: `${Math.max(6, Math.min(h, 12))}px`,
    })
  }

  function updateListTarget(d: Drag): void {
    const lists = [...container.querySelectorAll<HTMLElement>(".list[data-list-id]")].filter(
      (l) => l.dataset.listId !== d.id,
    )
    let index = lists.length
    for (let i = 0; i < lists.length; i++) {
      const r = (lists[i] as HTMLElement).getBoundingClientRect()
      if (d.x < r.left + r.width / 2) {
        index = i
        break
      }
    }
    d.target = index
    const ref = lists[index] ?? lists[lists.length - 1]
    const cr = container.getBoundingClientRect()
    if (!ref) return
    const r = ref.getBoundingClientRect()
    const x = index < lists.length ? r.left - 8 : r.right + 4
    Object.assign(d.placeholder.style, {
      left: `${x}px`,
      top: `${cr.top + 8}px`,
      width: "6px",
      height: `${Math.max(40, cr.height - 16)}px`,
    })
  }

  function autoScroll(d: Drag): void {
    const speed = (dist: number): number => Math.ceil(((EDGE - dist) / EDGE) * MAX_SPEED)
    const r = container.getBoundingClientRect()
    if (d.x < r.left + EDGE) container.scrollLeft -= speed(Math.max(0, d.x - r.left))
    else if (d.x > r.right - EDGE) container.scrollLeft += speed(Math.max(0, r.right - d.x))
    if (d.kind !== "card") return
    const ul = listUnder(d.x)?.querySelector<HTMLElement>("ul.cards")
    if (!ul) return
    const u = ul.getBoundingClientRect()
    if (d.y < u.top + EDGE && d.y > u.top - EDGE) {
      ul.scrollTop -= speed(Math.max(0, d.y - u.top))
      ul.dispatchEvent(new Event("scroll"))
    } else if (d.y > u.bottom - EDGE && d.y < u.bottom + EDGE) {
      ul.scrollTop += speed(Math.max(0, u.bottom - d.y))
      ul.dispatchEvent(new Event("scroll"))
    }
  }

  function finish(drop: boolean): void {
    if (drag === null) return
    const d = drag
    drag = null
    cancelAnimationFrame(d.raf)
    d.ghost.remove()
    d.placeholder.remove()
    d.source.classList.remove("dragging")
    document.body.classList.remove("is-dragging")
    removeDocListeners()
    suppressClick = true
    setTimeout(() => (suppressClick = false), 0)
    if (!drop || d.target === null) return
    if (d.kind === "card" && typeof d.target === "object") {
      moveCardWithUndo(ctx, d.id, d.target.listId, d.target.index)
      refocusCard(d.id)
    } else if (d.kind === "list" && typeof d.target === "number") {
      const order = visibleLists(ctx.board).map((l) => l.id)
      if (order.includes(d.id)) moveListWithUndo(ctx, d.id, d.target)
    }
  }

  container.addEventListener("pointerdown", onPointerDown)
  container.addEventListener("click", onClickCapture, true)
  container.addEventListener("contextmenu", onContextMenu)
  document.addEventListener("keydown", onKey, true)
  document.addEventListener("touchmove", onTouchMove, { passive: false })
  return () => {
    if (drag !== null) finish(false)
    cancelPending()
    container.removeEventListener("pointerdown", onPointerDown)
    container.removeEventListener("click", onClickCapture, true)
    container.removeEventListener("contextmenu", onContextMenu)
    document.removeEventListener("keydown", onKey, true)
    document.removeEventListener("touchmove", onTouchMove)
  }
}

/**
 * Puts keyboard focus back on a card after it moved: its element is new when it changed lists
 * (within a list it is moved with focus kept, see reorder.ts).
 */
export function refocusCard(cardId: string): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(
      `li.card[data-card-id="${CSS.escape(cardId)}"] .card-open`,
    )
    if (el !== null && document.activeElement !== el) el.focus()
  })
}
