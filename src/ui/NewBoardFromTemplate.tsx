/**
 * Home's "From a template": a new board made from a board of this device, template boards
 * first (any board will do): its lists, labels and template cards, no ordinary card. The
 * person says who they are on it at once, as they would on joining it.
 */
import { For, Show, createMemo, createSignal } from "solid-js"
import { defaultWorkingHours } from "../model"
import type { Member } from "../model/types"
import { createBoardFromTemplate } from "../session"
import type { DocumentId, Repo } from "../session"
import { boardHash } from "./boardLink"
import { MEMBER_COLORS, ProfileForm, browserTimeZone } from "./board/ProfilePicker"
import { Dialog } from "./Dialog"
import { deviceBoards, lastProfile, rememberBoard, rememberProfile } from "./device"
import { newId } from "./ids"

export function NewBoardFromTemplate(props: { repo: Repo; onClose: () => void }) {
  const sources = createMemo(() =>
    [...deviceBoards()].sort((a, b) => Number(b.template === true) - Number(a.template === true)),
  )
  // eslint-disable-next-line solid/reactivity -- the initial choice; the select changes it
  const [sourceId, setSourceId] = createSignal(sources()[0]?.documentId ?? "")
  const sourceTitle = (): string =>
    sources().find((b) => b.documentId === sourceId())?.title || "Untitled board"
  const [title, setTitle] = createSignal("")
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const last = lastProfile()
  const initial = {
    name: last?.name ?? "",
    color: last?.color ?? MEMBER_COLORS[0] ?? "#1f6feb",
    timeZone: last?.timeZone ?? browserTimeZone(),
  }
  const create = async (p: { name: string; color: string; timeZone: string }): Promise<void> => {
    if (sourceId() === "" || busy()) return
    const now = new Date().toISOString()
    const member: Member = {
      id: newId(),
      name: p.name,
      color: p.color,
      timeZone: p.timeZone,
      workingHours: defaultWorkingHours(),
      status: { kind: "available" },
      joinedAt: now,
    }
    const boardTitle = title().trim() || `${sourceTitle()} (new)`.slice(0, 200)
    setBusy(true)
    setError(null)
    try {
      const id = await createBoardFromTemplate(props.repo, sourceId() as DocumentId, {
        title: boardTitle,
        member,
        now,
      })
      rememberProfile(p)
      rememberBoard(id, { title: boardTitle, lastOpened: now, memberId: member.id })
      props.onClose()
      location.hash = boardHash(id)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog title="New board from a template" onClose={props.onClose}>
      <Show
        when={sources().length > 0}
        fallback={<p>No board on this device yet to make one from.</p>}
      >
        <div class="move-form">
          <label for="template-source">From board</label>
          <select
            id="template-source"
            value={sourceId()}
            onChange={(e) => setSourceId(e.currentTarget.value)}
          >
            <For each={sources()}>
              {(b) => (
                <option value={b.documentId}>
                  {b.title || "Untitled board"}
                  {b.template === true ? " (template)" : ""}
                </option>
              )}
            </For>
          </select>
          <label for="template-title">New board's title</label>
          <input
            id="template-title"
            maxLength={200}
            placeholder={`${sourceTitle()} (new)`}
            value={title()}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          <p class="muted">
            It gets the board's lists, labels and template cards; no other card, member or comment.
          </p>
        </div>
        <Show when={error()}>
          {(msg) => (
            <p class="error" role="alert">
              {msg()}
            </p>
          )}
        </Show>
        <ProfileForm
          initial={initial}
          submitLabel="Create board"
          onSubmit={(p) => void create(p)}
        />
      </Show>
    </Dialog>
  )
}
