/** The board screen: header with title and toolbar, lists side by side, card dialog. */
import { For, Show, createMemo, createSignal } from "solid-js"
import { unwrap } from "solid-js/store"
import type { DocHandle, DocumentId } from "@automerge/automerge-repo"
import { addList, cardsByList, renameBoard, visibleLists } from "../../model"
import type { Board } from "../../model/types"
import { boardHash } from "../../sync/boardLink"
import { SettingsLink } from "../App"
import { InlineEdit } from "../InlineEdit"
import { extensions } from "../extensions"
import { newId } from "../ids"
import { Notices, announce, notify } from "../notices"
import { BoardContext, makeAct } from "./context"
import type { BoardCtx } from "./context"
import { ListColumn } from "./ListColumn"
import { ProfilePicker } from "./ProfilePicker"

const EMPTY: readonly string[] = []

export function BoardView(props: {
  documentId: DocumentId
  handle: DocHandle<Board>
  board: Board
  structure: () => number
  memberId: string
  onChooseMember: (memberId: string) => void
  cardId: string | null
  query: URLSearchParams
}) {
  const board = props.board
  const index = createMemo(() => {
    props.structure()
    const byList = cardsByList(unwrap(board))
    const ids = new Map<string, string[]>()
    for (const [listId, cards] of byList)
      ids.set(
        listId,
        cards.map((c) => c.id),
      )
    return ids
  })
  const memberId = (): string => props.memberId
  const ctx: BoardCtx = {
    board,
    handle: props.handle,
    documentId: props.documentId,
    memberId,
    cardIds: (listId) => index().get(listId) ?? EMPTY,
    act: makeAct(props.handle, memberId),
    openCard: (cardId) => {
      location.hash =
        cardId === null ? boardHash(props.documentId) : boardHash(props.documentId, cardId)
    },
  }
  const lists = createMemo(() => visibleLists(board))
  const needsProfile = createMemo(() => board.members[props.memberId] === undefined)

  return (
    <BoardContext.Provider value={ctx}>
      <div class="board-page">
        <header class="app-header board-header">
          <a class="brand" href="#/" aria-label="Baton home: your boards">
            Baton
          </a>
          <div class="header-main">
            <InlineEdit
              as="h1"
              class="board-title"
              label="Board title"
              value={board.title}
              onSave={(title) => ctx.act("renameBoard", (d) => renameBoard(d, title))}
            />
          </div>
          <div class="board-toolbar" role="toolbar" aria-label="Board tools">
            <For each={extensions.toolbarItems}>
              {(Item) => (
                <Item
                  board={board}
                  handle={props.handle}
                  documentId={props.documentId}
                  memberId={props.memberId}
                />
              )}
            </For>
            <CopyLinkButton />
          </div>
          <SettingsLink />
        </header>
        <main class="lists" aria-label="Lists">
          <For each={lists()}>{(list) => <ListColumn list={list} />}</For>
          <AddList />
        </main>
        <Notices />
        <Show when={needsProfile()}>
          <ProfilePicker board={board} memberId={props.memberId} onChoose={props.onChooseMember} />
        </Show>
      </div>
    </BoardContext.Provider>
  )

  function AddList() {
    const [open, setOpen] = createSignal(false)
    let input: HTMLInputElement | undefined
    const submit = (e: Event): void => {
      e.preventDefault()
      const title = input?.value.trim() ?? ""
      if (title === "") return
      const id = newId()
      if (ctx.act("addList", (d) => addList(d, { id, title, now: new Date().toISOString() }))) {
        announce(`List ${title} added`)
        if (input) input.value = ""
        input?.focus()
      }
    }
    return (
      <section class="list add-list" aria-label="Add a list">
        <Show
          when={open()}
          fallback={
            <button type="button" class="button add-list-button" onClick={() => setOpen(true)}>
              + Add list
            </button>
          }
        >
          <form onSubmit={submit} class="composer">
            <input
              ref={(el) => {
                input = el
                queueMicrotask(() => el.focus())
              }}
              aria-label="New list title"
              placeholder="List title"
              maxLength={500}
              onKeyDown={(e) => {
                if (e.key === "Escape") setOpen(false)
              }}
            />
            <div class="composer-actions">
              <button type="submit" class="button primary">
                Add list
              </button>
              <button type="button" class="button subtle" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Show>
      </section>
    )
  }
}

function CopyLinkButton() {
  const [fallback, setFallback] = createSignal<string | null>(null)
  const copy = async (): Promise<void> => {
    const url = location.href.split("?")[0] ?? location.href
    const link = url.replace(/\/c\/[^/]*$/, "")
    try {
      await navigator.clipboard.writeText(link)
      notify("Link copied. Anyone with the link can open and edit this board.")
    } catch {
      setFallback(link)
    }
  }
  return (
    <>
      <button type="button" class="button" onClick={() => void copy()}>
        Copy link
      </button>
      <Show when={fallback()}>
        {(link) => (
          <span class="copy-fallback">
            <label for="copy-fallback-input">Copy this link</label>
            <input
              id="copy-fallback-input"
              readOnly
              value={link()}
              ref={(el) => queueMicrotask(() => el.select())}
            />
            <button type="button" class="button subtle" onClick={() => setFallback(null)}>
              Done
            </button>
          </span>
        )}
      </Show>
    </>
  )
}
