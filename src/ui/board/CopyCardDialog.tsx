/**
 * "Copy…" and "Move to another board…" of a card. A copy goes to any list of this board or of
 * another board on this device, at a chosen position, with or without its checklists, labels,
 * owners and comments. A move to another board copies the whole card there and leaves the card
 * on this board archived, with a comment "Moved to ‹board›" linking to the new card: nothing is
 * lost if the other board's copy never reaches the relay, and the Archive still finds it.
 *
 * The other board is opened through its own session (`openBoard`), so the copy is checked
 * against this device's role there and written like any edit of that board.
 */
import { For, Show, createEffect, createMemo, createSignal, onCleanup } from "solid-js"
import {
  COPY_ALL,
  cardForBoard,
  cardsInList,
  getCard,
  placementAt,
  visibleLists,
} from "../../model"
import type { CopyOptions } from "../../model"
import type { Board } from "../../model/types"
import { openBoard } from "../../session"
import type { BoardSession, DocumentId } from "../../session"
import { boardHash } from "../boardLink"
import { Dialog } from "../Dialog"
import { deviceBoards } from "../device"
import { newId } from "../ids"
import { announce, notify } from "../notices"
import { useBoard } from "./context"

export type CopyMode = "copy" | "move"

const PARTS: { key: keyof CopyOptions; label: string }[] = [
  { key: "checklists", label: "Checklists" },
  { key: "labels", label: "Labels" },
  { key: "owners", label: "Owners" },
  { key: "comments", label: "Comments" },
]

export function CopyCardDialog(props: {
  cardId: string
  mode: CopyMode
  onClose: () => void
  /** Closes the card dialog too (after a move, the card is archived here). */
  onMoved: () => void
}) {
  const ctx = useBoard()
  const card = getCard(ctx.board, props.cardId) // eslint-disable-line solid/reactivity -- keyed by card
  const here = ctx.documentId
  const others = createMemo(() =>
    deviceBoards().filter((b) => b.documentId !== here && b.memberId !== null),
  )
  const [boardId, setBoardId] = createSignal<string>(
    // eslint-disable-next-line solid/reactivity -- the initial choice; the select changes it
    props.mode === "copy" ? here : (others()[0]?.documentId ?? ""),
  )
  const [other, setOther] = createSignal<BoardSession | null>(null)
  createEffect(() => {
    const id = boardId()
    setOther(null)
    if (id === here || id === "") return
    const memberId = others().find((b) => b.documentId === id)?.memberId ?? ""
    const s = openBoard(ctx.repo, id, {
      memberId: () => memberId,
      notify: (message) => notify(message, { kind: "error" }),
    })
    setOther(s)
    onCleanup(() => s.close())
  })
  /** The target board's state once it can be written (the live document, not a snapshot). */
  const target = createMemo((): Board | null => {
    if (boardId() === here) return ctx.board
    const s = other()
    return s !== null && s.live() !== null ? s.state : null
  })
  const targetMember = (): string =>
    boardId() === here
      ? ctx.memberId()
      : (others().find((b) => b.documentId === boardId())?.memberId ?? "")
  const joined = (): boolean => {
    const t = target()
    return t !== null && t.members[targetMember()] !== undefined
  }
  const lists = createMemo(() => {
    const t = target()
    return t === null ? [] : visibleLists(t)
  })
  const [listId, setListId] = createSignal(card?.listId ?? "")
  createEffect(() => {
    const ls = lists()
    if (!ls.some((l) => l.id === listId())) setListId(ls[0]?.id ?? "")
  })
  const ids = createMemo((): readonly string[] => {
    const t = target()
    if (t === null) return []
    if (boardId() === here) return ctx.cardIds(listId())
    return cardsInList(t, listId()).map((c) => c.id)
  })
  const [position, setPosition] = createSignal<number>(-1)
  createEffect(() => {
    // A new list: the copy goes right after the card in its own list, else at the bottom.
    const own = ids().indexOf(props.cardId)
    setPosition(own >= 0 ? own + 1 : ids().length)
  })
  const [parts, setParts] = createSignal<CopyOptions>({ ...COPY_ALL })
  const otherTitle = (): string =>
    others().find((b) => b.documentId === boardId())?.title || "Untitled board"

  const submit = (e: Event): void => {
    e.preventDefault()
    if (card === undefined || !joined() || listId() === "") return
    // A move leaves a note and archives the card here: both must be allowed before the copy.
    if (props.mode === "move" && !ctx.session.may("archiveCard")) {
      notify("You cannot move cards off this board with your role", { kind: "error" })
      return
    }
    const now = new Date().toISOString()
    const id = newId()
    const at = placementAt(ids(), position())
    const options = props.mode === "move" ? COPY_ALL : parts()
    if (boardId() === here) {
      if (
        ctx.act("copyCard", props.cardId, {
          id,
          listId: listId(),
          memberId: ctx.memberId(),
          now,
          options,
          at,
        })
      ) {
        announce(`Copied card ${card.title}`)
        props.onClose()
      }
      return
    }
    const s = other()
    const t = target()
    const current = getCard(ctx.board, props.cardId) ?? card
    if (s === null || t === null) return
    // Labels and people are matched by name on the other board (boards do not share ids).
    const source = cardForBoard(current, ctx.board, t)
    const made = s.act("copyCardFrom", source, {
      id,
      listId: listId(),
      memberId: targetMember(),
      now,
      options,
      at,
    })
    if (!made) return
    s.flush()
    if (props.mode === "copy") {
      announce(`Copied card ${card.title} to ${otherTitle()}`)
      props.onClose()
      return
    }
    const link = `${location.origin}${location.pathname}${boardHash(boardId() as DocumentId, id)}`
    const name = otherTitle().replace(/[[\]]/g, "")
    // eslint-disable-next-line solid/reactivity -- runs now, inside the submit handler
    ctx.session.together(() => {
      ctx.act("addComment", props.cardId, {
        id: newId(),
        authorId: ctx.memberId(),
        text: `Moved to [${name}](${link})`,
        now,
      })
      ctx.act("archiveCard", props.cardId, now)
    })
    announce(`Moved card ${card.title} to ${otherTitle()}`)
    props.onClose()
    props.onMoved()
  }

  const title = (): string =>
    `${props.mode === "move" ? "Move" : "Copy"} “${card?.title ?? "card"}”${props.mode === "move" ? " to another board" : ""}`
  return (
    <Dialog title={title()} onClose={props.onClose}>
      <form class="move-form copy-form" onSubmit={submit}>
        <label for="copy-board">Board</label>
        <select
          id="copy-board"
          value={boardId()}
          onChange={(e) => setBoardId(e.currentTarget.value)}
        >
          <Show when={props.mode === "copy"}>
            <option value={here}>This board ({ctx.board.title})</option>
          </Show>
          <For each={others()}>
            {(b) => <option value={b.documentId}>{b.title || "Untitled board"}</option>}
          </For>
        </select>
        <Show when={props.mode === "move" && others().length === 0}>
          <p class="muted" role="status">
            No other board on this device that you have joined. Open or create the board to move it
            to, and join it, first.
          </p>
        </Show>
        <Show when={boardId() !== "" && target() === null}>
          <p class="muted" role="status">
            Opening {otherTitle()}…
          </p>
        </Show>
        <Show when={target() !== null && !joined()}>
          <p class="error" role="alert">
            You have not joined {otherTitle()} yet: open it once and join it, then copy cards to it.
          </p>
        </Show>
        <label for="copy-list">List</label>
        <select id="copy-list" value={listId()} onChange={(e) => setListId(e.currentTarget.value)}>
          <For each={lists()}>{(l) => <option value={l.id}>{l.title}</option>}</For>
        </select>
        <label for="copy-position">Position</label>
        <select
          id="copy-position"
          value={String(position())}
          onChange={(e) => setPosition(Number(e.currentTarget.value))}
        >
          <For each={Array.from({ length: ids().length + 1 }, (_, i) => i)}>
            {(i) => (
              <option value={String(i)}>
                {i + 1}
                {i === 0 ? " (top)" : i === ids().length ? " (bottom)" : ""}
              </option>
            )}
          </For>
        </select>
        <Show when={props.mode === "copy"}>
          <fieldset class="copy-parts">
            <legend>Keep</legend>
            <For each={PARTS}>
              {(p) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={parts()[p.key]}
                    onChange={(e) => setParts({ ...parts(), [p.key]: e.currentTarget.checked })}
                  />
                  {p.label}
                </label>
              )}
            </For>
          </fieldset>
        </Show>
        <Show when={props.mode === "move"}>
          <p class="muted">
            The card is archived here, with a comment linking to it on the other board.
          </p>
        </Show>
        <div class="dialog-actions">
          <button type="button" class="button subtle" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button type="submit" class="button primary" disabled={!joined() || listId() === ""}>
            {props.mode === "move" ? "Move card" : "Copy card"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
