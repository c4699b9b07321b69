/**
 * The board's tools. On a wide screen: the sync status, the tools in a row, and a board menu
 * for the rest. On a phone: a compact bar (the sync status and a Menu button) and every other
 * tool, registered ones included, in a full-screen menu. Each tool is drawn once and only
 * moved by the layout, so a tool that keeps state (an open panel) keeps it when the menu closes.
 */
import { For, Show, createSignal, onCleanup } from "solid-js"
import type { Component } from "solid-js"
import type { Board } from "../../model/types"
import type { DocHandle } from "../../session"
import { Avatar } from "../Avatar"
import { SettingsLink } from "../chrome"
import { extensions } from "../extensions"
import type { BoardContextProps, ToolbarPlacement } from "../extensions"
import { notify } from "../notices"
import { boardHash, shareLink } from "../boardLink"
import { useBoard } from "./context"
import { isPhone } from "./phone"

export interface BoardToolbarActions {
  archive: () => void
  settings: () => void
  deleteBoard: () => void
  shortcuts: () => void
  profile: () => void
  share: () => void
}

export function BoardToolbar(props: {
  /** The live document for the tools (null until the page has been idle once). */
  handle: DocHandle<Board> | null
  memberId: string
  earlyCount: number
  actions: BoardToolbarActions
}) {
  const ctx = useBoard()
  const [menuOpen, setMenuOpen] = createSignal(false)
  const [moreOpen, setMoreOpen] = createSignal(false)
  let menuButton: HTMLButtonElement | undefined
  let moreButton: HTMLButtonElement | undefined
  let sheet: HTMLDivElement | undefined

  const closeMenu = (refocus: boolean): void => {
    setMenuOpen(false)
    setMoreOpen(false)
    if (refocus) (isPhone() ? menuButton : moreButton)?.focus()
  }
  const openMenu = (): void => {
    setMenuOpen(true)
    queueMicrotask(() =>
      sheet?.querySelector<HTMLElement>(".board-tools-list button, .board-tools-list a")?.focus(),
    )
  }
  // A tap outside the board menu (wide screens) closes it.
  const onDocPointer = (e: PointerEvent): void => {
    if (!moreOpen()) return
    const t = e.target as Element | null
    if (t?.closest(".board-more-wrap") === null) setMoreOpen(false)
  }
  document.addEventListener("pointerdown", onDocPointer)
  onCleanup(() => document.removeEventListener("pointerdown", onDocPointer))

  const items = (placement: ToolbarPlacement, handle: DocHandle<Board>) => (
    <For each={extensions.toolbarItemsAt(placement)}>
      {(Item: Component<BoardContextProps>) => (
        <Item
          board={ctx.board}
          handle={handle}
          session={ctx.session}
          documentId={ctx.documentId}
          memberId={props.memberId}
        />
      )}
    </For>
  )
  /** After an action in the menu, the menu gets out of the way (the action's panel shows). */
  const closeAfterAction = (e: MouseEvent): void => {
    const t = e.target as Element | null
    if (t?.closest("button, a[href]") === null) return
    if (t?.closest(".board-tools-head, .board-more") !== null) return
    if (menuOpen() || moreOpen()) closeMenu(false)
  }

  return (
    <>
      <div class="board-status">
        <Show when={props.handle}>{(handle) => items("status", handle())}</Show>
        <Show when={ctx.session.access().role !== "edit"}>
          <span
            class="role-badge"
            title={
              ctx.session.access().role === "view"
                ? "You can view this board; nothing on it can be changed from this device"
                : "You can read this board and comment on it"
            }
          >
            {ctx.session.access().role === "view" ? "View only" : "Can comment"}
          </span>
        </Show>
      </div>
      <button
        ref={menuButton}
        type="button"
        class="button board-menu-button"
        aria-haspopup="true"
        aria-expanded={menuOpen()}
        aria-controls="board-tools"
        onClick={() => (menuOpen() ? closeMenu(false) : openMenu())}
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <div
        ref={sheet}
        id="board-tools"
        class="board-tools"
        classList={{ open: menuOpen() }}
        aria-label="Board menu"
        role={isPhone() ? "region" : undefined}
        onKeyDown={(e) => {
          if (e.key === "Escape" && (menuOpen() || moreOpen())) {
            e.stopPropagation()
            closeMenu(true)
          }
        }}
        onClick={closeAfterAction}
      >
        <div class="board-tools-head">
          <span class="board-tools-title">Board menu</span>
        </div>
        <div class="board-toolbar board-tools-list" role="toolbar" aria-label="Board tools">
          <Show
            when={props.handle}
            keyed
            fallback={
              <span class="muted loading-note">
                Loading…
                <Show when={props.earlyCount > 0}>
                  {" "}
                  {props.earlyCount === 1
                    ? "1 edit is kept on this device until then"
                    : `${props.earlyCount} edits are kept on this device until then`}
                </Show>
              </span>
            }
          >
            {(handle) => items("bar", handle)}
          </Show>
          <button type="button" class="button share-button" onClick={() => props.actions.share()}>
            Share
          </button>
          <Show when={ctx.me()} keyed>
            {(m) => (
              <button
                type="button"
                class="button subtle me-button"
                title="My profile"
                onClick={() => props.actions.profile()}
              >
                <Avatar name={m.name} color={m.color} />
                <span class="sr-only">My profile: {m.name}</span>
                <span class="phone-label" aria-hidden="true">
                  My profile
                </span>
              </button>
            )}
          </Show>
          <div class="board-more-wrap">
            <button
              ref={moreButton}
              type="button"
              class="button board-more"
              aria-haspopup="true"
              aria-expanded={moreOpen()}
              aria-controls="board-more-menu"
              onClick={() => {
                setMoreOpen(!moreOpen())
                if (moreOpen())
                  queueMicrotask(() =>
                    document.querySelector<HTMLElement>("#board-more-menu button")?.focus(),
                  )
              }}
            >
              Board menu <span aria-hidden="true">▾</span>
            </button>
            <div
              id="board-more-menu"
              class="board-more-menu"
              classList={{ open: moreOpen() }}
              role="group"
              aria-label="More board tools"
            >
              <button type="button" class="button" onClick={() => props.actions.archive()}>
                Archive
              </button>
              <button type="button" class="button" onClick={() => props.actions.settings()}>
                Board settings
              </button>
              <button
                type="button"
                class="button"
                aria-label="Keyboard shortcuts"
                title="Keyboard shortcuts (?)"
                onClick={() => props.actions.shortcuts()}
              >
                <span class="desktop-label" aria-hidden="true">
                  ?
                </span>
                <span class="phone-label" aria-hidden="true">
                  Keyboard shortcuts
                </span>
              </button>
              <CopyLinkButton />
              <Show when={props.handle} keyed>
                {(handle) => items("menu", handle)}
              </Show>
              <Show when={ctx.session.may("deleteBoard")}>
                <button
                  type="button"
                  class="button danger-text"
                  onClick={() => props.actions.deleteBoard()}
                >
                  Delete board…
                </button>
              </Show>
              <span class="phone-only-link">
                <SettingsLink />
              </span>
            </div>
          </div>
        </div>
        <button
          type="button"
          class="button board-tools-close"
          aria-label="Close the board menu"
          onClick={() => closeMenu(true)}
        >
          Close
        </button>
      </div>
    </>
  )
}

/** Copies the link of this device's own role (the Share dialog has the others). */
function CopyLinkButton() {
  const ctx = useBoard()
  const [fallback, setFallback] = createSignal<string | null>(null)
  const copy = async (): Promise<void> => {
    const base = `${location.origin}${location.pathname}`
    const { role, secrets } = ctx.session.access()
    let link = `${base}${boardHash(ctx.documentId)}`
    try {
      link = shareLink(base, ctx.documentId, role, secrets)
    } catch {
      // A board this device holds no link for yet (not claimed): its plain address.
    }
    const what = { edit: "open and edit", comment: "open and comment on", view: "open and view" }
    try {
      await navigator.clipboard.writeText(link)
      notify(`Link copied. Anyone with the link can ${what[role]} this board.`)
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
