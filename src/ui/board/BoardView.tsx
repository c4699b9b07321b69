/** The board screen: header with title and toolbar, lists side by side, card dialog. */
import { For, Show, createEffect, createMemo, createSignal, onCleanup, onMount } from "solid-js"
import { unwrap } from "solid-js/store"
import { getCard, visibleLists } from "../../model"
import { byCreation } from "../../model/copy"
import type { Board, Card } from "../../model/types"
import type { BoardSession, DocHandle, DocumentId, Repo } from "../../session"
import { boardHash, goToHash } from "../boardLink"
import { SettingsLink } from "../chrome"
import { InlineEdit } from "../InlineEdit"
import { newId } from "../ids"
import { Notices, announce, notify } from "../notices"
import { bindMember, bindingMessage } from "../../session"
import { BoardContext, watchCard } from "./context"
import type { BoardCtx } from "./context"
import { CardIndex } from "./cardIndex"
import { ListColumn } from "./ListColumn"
import { TitleConflictNote } from "./TitleConflictNote"
import { ProfileForm, ProfilePicker, browserTimeZone } from "./ProfilePicker"
import { Dialog } from "../Dialog"
import { rememberProfile } from "../device"
import { ArchivePanel } from "./ArchivePanel"
import { BoardSettingsDialog } from "./BoardSettingsDialog"
import { BoardDeletedNotice, DeleteBoardDialog } from "./DeleteBoard"
import { ShareDialog } from "./ShareDialog"
import { CardDialog } from "./card/CardDialog"
import { FilterBar } from "./FilterBar"
import { MoveDialog } from "./MoveDialog"
import { CopyCardDialog } from "./CopyCardDialog"
import type { CopyMode } from "./CopyCardDialog"
import { markedCards } from "./markedCards"
import { PinnedStrip } from "./PinnedStrip"
import { ShortcutsDialog } from "./ShortcutsDialog"
import { installDragAndDrop } from "./dnd"
import { NO_FILTERS, cardMatches, filtersFromQuery, filtersToQuery, isFiltering } from "./filters"
import type { Filters } from "./filters"
import { installKeyboard } from "./keyboard"
import { now } from "../clock"
import { whenIdle } from "../../shared/idle"
import { BoardToolbar } from "./BoardToolbar"
import { ListSwitcher } from "./ListSwitcher"
import { isPhone } from "./phone"

const EMPTY: readonly string[] = []
const TEMPLATE_FIELDS: ReadonlySet<string> = new Set(["template", "archived"])

export function BoardView(props: {
  repo: Repo
  /** The board's session, shown (its phase is ready). */
  session: BoardSession
  memberId: string
  onChooseMember: (memberId: string) => void
  cardId: string | null
  query: URLSearchParams
}) {
  // eslint-disable-next-line solid/reactivity -- one session for the view's lifetime
  const session = props.session
  const board = session.state
  // Two people renamed the board at once: one title is kept everywhere, the other is offered.
  const boardConflict = createMemo(() => {
    void board.title
    void session.live()
    return session.boardTitleConflict()
  })
  const store = session.store
  const documentId = session.documentId as DocumentId
  // Cards by list, re-placing only the cards a change moved: lists it did not touch keep
  // their arrays, so their columns are left alone.
  const cardIndex = new CardIndex()
  let indexedAt: number | null = null
  const index = createMemo(() => {
    const at = store.structure()
    const changed = indexedAt === null ? "all" : store.structureChangedSince(indexedAt)
    indexedAt = at
    return changed === "all"
      ? cardIndex.rebuild(unwrap(board))
      : cardIndex.update(unwrap(board), changed)
  })
  const memberId = (): string => props.memberId
  const filters = createMemo(() => filtersFromQuery(props.query), NO_FILTERS, {
    equals: (a, b) =>
      a.q === b.q &&
      a.owner === b.owner &&
      a.label === b.label &&
      a.due === b.due &&
      a.urgent === b.urgent &&
      a.important === b.important,
  })
  const filtering = createMemo(() => isFiltering(filters()))
  const shownIndex = createMemo(() => {
    if (!filtering()) return null
    const f = filters()
    const me = memberId()
    const t = now()
    const out = new Map<string, string[]>()
    for (const [listId, ids] of index()) {
      out.set(
        listId,
        ids.filter((id) => {
          const c = getCard(board, id)
          return c !== undefined && cardMatches(c, f, board, me, t)
        }),
      )
    }
    return out
  })
  const [section, setSection] = createSignal<string | null>(null)
  const [moving, setMoving] = createSignal<string | null>(null)
  const [copying, setCopying] = createSignal<{ cardId: string; mode: CopyMode } | null>(null)
  const [showShortcuts, setShowShortcuts] = createSignal(false)
  const [showArchive, setShowArchive] = createSignal(false)
  const [showBoardSettings, setShowBoardSettings] = createSignal(false)
  const [showDeleteBoard, setShowDeleteBoard] = createSignal(false)
  const [showShare, setShowShare] = createSignal(false)
  const [showProfile, setShowProfile] = createSignal(false)
  const me = createMemo(() => board.members[props.memberId])
  const [extensionHandle, setExtensionHandle] = createSignal<DocHandle<Board> | null>(null)
  createEffect(() => {
    const h = session.handle()
    if (h === null) return setExtensionHandle(null)
    onCleanup(whenIdle(() => setExtensionHandle(h)))
  })
  const templateIds = createMemo(() => {
    const h = extensionHandle()
    return h === null ? null : markedCards(h, TEMPLATE_FIELDS, (c) => c.template === true)
  })
  const templates = createMemo((): Card[] => {
    const out: Card[] = []
    for (const id of templateIds()?.() ?? []) {
      const c = watchCard(board, id)
      if (c !== undefined && c.template === true && !c.archived) out.push(c)
    }
    return out.sort(byCreation)
  })
  const ctx: BoardCtx = {
    session,
    board,
    get handle() {
      return session.handle()
    },
    get extensionHandle() {
      return extensionHandle()
    },
    documentId,
    memberId,
    me,
    viewerZone: () => me()?.timeZone ?? browserTimeZone(),
    cardIds: (listId) => index().get(listId) ?? EMPTY,
    cardsIn: (listId) => {
      index() // brings the index up to date with the board first
      return cardIndex.cardsIn(listId)
    },
    shownCardIds: (listId) => {
      const shown = shownIndex()
      return shown === null ? (index().get(listId) ?? EMPTY) : (shown.get(listId) ?? EMPTY)
    },
    act: session.act,
    openCard: (cardId, sec) => {
      setSection(sec ?? null)
      const q = filtersToQuery(filters())
      goToHash((cardId === null ? boardHash(documentId) : boardHash(documentId, cardId)) + q)
    },
    moveDialog: (cardId) => setMoving(cardId),
    copyDialog: (cardId, mode) => setCopying({ cardId, mode }),
    // eslint-disable-next-line solid/reactivity -- one repo for the view's lifetime
    repo: props.repo,
    templates,
    filtering,
  }
  const lists = createMemo(() => visibleLists(board))
  const needsProfile = createMemo(() => board.members[props.memberId] === undefined)
  // This device acts as its member: tell the relay once it is granted (the board's creator,
  // and devices that chose their member before members were bound to devices). The relay
  // keeps the first binding; it refuses a member that other devices already have.
  let bound = false
  createEffect(() => {
    const access = session.access()
    if (bound || needsProfile() || !access.claimed || access.refused !== null) return
    const me = props.memberId
    void bindMember(documentId, me).then((r) => {
      if (r === true) bound = true
      else if (r !== "offline") {
        bound = true
        notify(bindingMessage(r), { kind: "error" })
      }
    })
  })
  const shownCount = createMemo(() => {
    let n = 0
    for (const l of lists()) n += ctx.shownCardIds(l.id).length
    return n
  })
  const setFilters = (f: Filters): void => {
    const base = props.cardId === null ? boardHash(documentId) : boardHash(documentId, props.cardId)
    history.replaceState(
      history.state,
      "",
      `${location.pathname}${location.search}${base}${filtersToQuery(f)}`,
    )
    window.dispatchEvent(new HashChangeEvent("hashchange"))
  }
  let search: HTMLInputElement | undefined
  let listsEl: HTMLElement | undefined

  onMount(() => {
    const offKeys = installKeyboard(ctx, {
      showShortcuts: () => setShowShortcuts(true),
      focusSearch: () => search?.focus(),
      toggleMyCards: () => {
        const f = filters()
        setFilters({ ...f, owner: f.owner === "me" ? "" : "me" })
        announce(f.owner === "me" ? "Showing all cards" : "Showing only my cards")
      },
      newCard: (listId) => {
        const composer = document.querySelector<HTMLElement>(
          `.list[data-list-id="${CSS.escape(listId)}"] .composer textarea`,
        )
        if (composer) composer.focus()
        else document.querySelector<HTMLElement>(`[data-add-card="${CSS.escape(listId)}"]`)?.click()
      },
      renameCard: (cardId) =>
        document
          .querySelector<HTMLElement>(`li.card[data-card-id="${CSS.escape(cardId)}"] .card-rename`)
          ?.click(),
    })
    const offDnd = listsEl ? installDragAndDrop(ctx, listsEl) : () => {}
    onCleanup(() => {
      offKeys()
      offDnd()
    })
  })

  return (
    <BoardContext.Provider value={ctx}>
      <div
        class="board-page"
        // It takes edits from its first paint on (before the document has loaded: `early`).
        data-board-state="editable"
        data-document={session.live() === null ? "loading" : "loaded"}
      >
        <header class="app-header board-header">
          <a class="brand" href="#/" aria-label="Baton home: your boards">
            Baton
          </a>
          <div class="header-main">
            <InlineEdit
              as="h1"
              class="board-title"
              label="Board title"
              readOnly={!session.may("renameBoard")}
              value={board.title}
              onSave={(title) => ctx.act("renameBoard", title)}
            />
            <TitleConflictNote
              conflict={boardConflict()}
              what="the board"
              onUse={(title) => ctx.act("renameBoard", title)}
            />
          </div>
          <BoardToolbar
            handle={extensionHandle()}
            memberId={props.memberId}
            earlyCount={session.earlyCount()}
            actions={{
              archive: () => setShowArchive(true),
              settings: () => setShowBoardSettings(true),
              deleteBoard: () => setShowDeleteBoard(true),
              shortcuts: () => setShowShortcuts(true),
              profile: () => setShowProfile(true),
              share: () => setShowShare(true),
            }}
          />
          <SettingsLink />
        </header>
        <BoardDeletedNotice />
        <FilterBar
          filters={filters()}
          onChange={setFilters}
          searchRef={(el) => (search = el)}
          shownCount={shownCount()}
        />
        <PinnedStrip />
        <Show when={isPhone()}>
          <ListSwitcher lists={lists()} container={() => listsEl} />
        </Show>
        <main class="lists" aria-label="Lists" ref={listsEl}>
          <For each={lists()}>
            {(list, i) => <ListColumn list={list} index={i()} count={lists().length} />}
          </For>
          <AddList />
        </main>
        <Notices />
        <Show when={props.cardId} keyed>
          {(cardId) => (
            <CardDialog cardId={cardId} section={section()} onClose={() => ctx.openCard(null)} />
          )}
        </Show>
        <Show when={moving()} keyed>
          {(cardId) => <MoveDialog cardId={cardId} onClose={() => setMoving(null)} />}
        </Show>
        <Show when={copying()} keyed>
          {(c) => (
            <CopyCardDialog
              cardId={c.cardId}
              mode={c.mode}
              onClose={() => setCopying(null)}
              onMoved={() => ctx.openCard(null)}
            />
          )}
        </Show>
        <Show when={showShortcuts()}>
          <ShortcutsDialog onClose={() => setShowShortcuts(false)} />
        </Show>
        <Show when={showArchive()}>
          <ArchivePanel onClose={() => setShowArchive(false)} />
        </Show>
        <Show when={showShare()}>
          <ShareDialog onClose={() => setShowShare(false)} />
        </Show>
        <Show when={showBoardSettings()}>
          <BoardSettingsDialog onClose={() => setShowBoardSettings(false)} />
        </Show>
        <Show when={showDeleteBoard() && session.may("deleteBoard")}>
          <DeleteBoardDialog onClose={() => setShowDeleteBoard(false)} />
        </Show>
        <Show when={showProfile() && me()} keyed>
          {(m) => (
            <Dialog title="My profile on this board" onClose={() => setShowProfile(false)}>
              <ProfileForm
                initial={{ name: m.name, color: m.color, timeZone: m.timeZone }}
                submitLabel="Save"
                onSubmit={(p) => {
                  if (ctx.act("updateMember", m.id, p)) {
                    rememberProfile(p)
                    setShowProfile(false)
                  }
                }}
              />
            </Dialog>
          )}
        </Show>
        {/* A viewer does not join: joining writes the board, which a viewer may not. Asked
            from the first frame, loaded or not (joining then waits as an early edit): a dialog
            that opened once the document loaded took the keys being typed elsewhere. */}
        <Show when={needsProfile() && session.may("joinBoard")}>
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
      if (ctx.act("addList", { id, title, now: new Date().toISOString() })) {
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
            <button
              type="button"
              class="button add-list-button"
              disabled={!session.may("addList")}
              onClick={() => setOpen(true)}
            >
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
