/**
 * The board's Pinned strip, at the top of the board on every screen: each pinned card with its
 * title and the first lines of its description, and each pinned comment with its author and
 * first lines (a decision, a link, a rota), oldest pin first. A click opens the card. It can
 * be folded away; this device remembers that per board.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { isListVisible } from "../../model/queries"
import { plainText } from "../../model/replies/mentions"
import type { Board, Card, Comment } from "../../model/types"
import { firstLines } from "../format"
import { ChevronIcon, PinIcon } from "../icons"
import { useBoard, watchCard } from "./context"
import { hasPins, markedCards } from "./markedCards"

const PIN_FIELDS: ReadonlySet<string> = new Set(["pinnedAt", "comments"])
const COLLAPSED_KEY = "baton.pinnedCollapsed.v1"

type Pin =
  | { kind: "card"; at: string; card: Card }
  | { kind: "comment"; at: string; card: Card; comment: Comment }

function readCollapsed(): Set<string> {
  try {
    const v = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? "[]") as unknown
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [])
  } catch {
    return new Set()
  }
}

function writeCollapsed(boardId: string, collapsed: boolean): void {
  const all = readCollapsed()
  if (collapsed) all.add(boardId)
  else all.delete(boardId)
  try {
    localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...all].slice(-200)))
  } catch {
    // Not remembering a fold is harmless.
  }
}

function shown(board: Board, c: Card): boolean {
  return !c.archived && isListVisible(board.lists[c.listId])
}

export function PinnedStrip() {
  const ctx = useBoard()
  const ids = createMemo(() => {
    const h = ctx.extensionHandle
    return h === null ? null : markedCards(h, PIN_FIELDS, hasPins)
  })
  const pins = createMemo((): Pin[] => {
    const out: Pin[] = []
    for (const id of ids()?.() ?? []) {
      const c = watchCard(ctx.board, id)
      if (c === undefined || !shown(ctx.board, c)) continue
      if (c.pinnedAt) out.push({ kind: "card", at: c.pinnedAt, card: c })
      for (const k of Object.values(c.comments))
        if (k.pinnedAt) out.push({ kind: "comment", at: k.pinnedAt, card: c, comment: k })
    }
    const key = (p: Pin): string => (p.kind === "card" ? p.card.id : `${p.card.id}/${p.comment.id}`)
    return out.sort((a, b) => a.at.localeCompare(b.at) || key(a).localeCompare(key(b)))
  })
  const [collapsed, setCollapsed] = createSignal(readCollapsed().has(ctx.documentId))
  const toggle = (): void => {
    const next = !collapsed()
    setCollapsed(next)
    writeCollapsed(ctx.documentId, next)
  }
  const listId = `pinned-${ctx.documentId}`
  return (
    <Show when={pins().length > 0}>
      <section class="pinned-strip" aria-label="Pinned" classList={{ collapsed: collapsed() }}>
        <button
          type="button"
          class="button subtle pinned-toggle"
          aria-expanded={!collapsed()}
          aria-controls={listId}
          onClick={toggle}
        >
          <ChevronIcon open={!collapsed()} />
          <PinIcon />
          <span>Pinned</span>
          <span class="muted pinned-count">{pins().length}</span>
        </button>
        <Show when={!collapsed()}>
          <ul class="pinned-items" id={listId}>
            <For each={pins()}>
              {(p) => (
                <li class="pinned-item" classList={{ "pinned-comment": p.kind === "comment" }}>
                  <button
                    type="button"
                    class="pinned-open"
                    onClick={() =>
                      ctx.openCard(p.card.id, p.kind === "comment" ? "comments" : undefined)
                    }
                  >
                    <Show
                      when={p.kind === "comment" ? p : null}
                      fallback={
                        <>
                          <strong class="pinned-title">{p.card.title}</strong>
                          <Show when={firstLines(p.card.description)}>
                            {(lines) => <span class="pinned-lines muted">{lines()}</span>}
                          </Show>
                        </>
                      }
                    >
                      {(c) => (
                        <>
                          <strong class="pinned-title">
                            {ctx.board.members[c().comment.authorId]?.name ?? "Former member"}
                            <span class="muted"> on {c().card.title}</span>
                          </strong>
                          <span class="pinned-lines">
                            {firstLines(plainText(c().comment.text, ctx.board.members))}
                          </span>
                        </>
                      )}
                    </Show>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </Show>
  )
}
