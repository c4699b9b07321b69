/** The card dialog's comments: read, write, edit and delete one's own, pin any to the board. */
import { For, Show, createMemo, createSignal, onCleanup } from "solid-js"
import { commentsOf } from "../../../model"
import { linkMentions, plainText } from "../../../model/replies/mentions"
import { Avatar } from "../../Avatar"
import { PinIcon } from "../../icons"
import { Markdown } from "../../Markdown"
import { now } from "../../clock"
import { relativeTime } from "../../format"
import { newId } from "../../ids"
import { announce } from "../../notices"
import type { Card } from "../../../model/types"
import { useBoard } from "../context"
import { CommentFiles } from "./attachments/CommentFiles"
import { NotePlayer } from "../../attachments/NotePlayer"
import { RecordNote } from "../../attachments/RecordNote"
import { attachToNewComment } from "./attachments/attach"

/** A recorded note the comment box holds because it could not be attached. */
interface PendingNote {
  id: string
  file: File
  url: string
  durationMs: number
  reason: string
}

function sizeText(bytes: number): string {
  return bytes < 1_000_000
    ? `${Math.max(1, Math.round(bytes / 1000))} kB`
    : `${(bytes / 1_000_000).toFixed(1)} MB`
}

export function CommentsSection(props: { card: Card }) {
  const ctx = useBoard()
  const comments = createMemo(() => commentsOf(props.card))
  const id = props.card.id
  let input: HTMLTextAreaElement | undefined
  const [editingId, setEditingId] = createSignal<string | null>(null)
  const [pending, setPending] = createSignal<PendingNote[]>([])
  onCleanup(() => pending().forEach((n) => URL.revokeObjectURL(n.url)))
  const removePending = (noteId: string): void => {
    const note = pending().find((n) => n.id === noteId)
    if (note !== undefined) URL.revokeObjectURL(note.url)
    setPending((list) => list.filter((n) => n.id !== noteId))
  }
  // The comment box owns what happens to a recorded note; the typed text goes with it and is
  // cleared only once the note is really attached.
  const onRecorded = async (file: File, durationMs: number): Promise<void> => {
    const text = linkMentions(input?.value.trim() ?? "", ctx.board.members)
    const outcome = await attachToNewComment(ctx.session, id, file, text, { durationMs })
    if (outcome.ok) {
      if (input) input.value = ""
      announce("Note attached")
      return
    }
    const note = {
      id: newId(),
      file,
      url: URL.createObjectURL(file),
      durationMs,
      reason: outcome.message,
    }
    setPending((list) => [...list, note])
  }
  return (
    <>
      <h3 id={`comments-${id}`}>Comments</h3>
      <ul class="comments">
        <For each={comments()}>
          {(c) => {
            const author = (): { name: string; color: string } =>
              ctx.board.members[c.authorId] ?? { name: "Former member", color: "#57606a" }
            const own = (): boolean => c.authorId === ctx.memberId()
            return (
              <li class="comment">
                <Avatar name={author().name} color={author().color} />
                <div class="comment-body">
                  <div class="comment-meta">
                    <strong>{author().name}</strong>{" "}
                    <time class="muted" dateTime={c.createdAt}>
                      {relativeTime(c.createdAt, new Date(now()))}
                    </time>
                    <Show when={c.editedAt !== null}>
                      <span class="muted"> (edited)</span>
                    </Show>
                    <Show when={c.pinnedAt}>
                      <span class="comment-pinned">
                        {" "}
                        <PinIcon /> Pinned
                      </span>
                    </Show>
                  </div>
                  <Show
                    when={editingId() === c.id}
                    fallback={<Markdown text={plainText(c.text, ctx.board.members)} />}
                  >
                    <form
                      class="composer"
                      onSubmit={(e) => {
                        e.preventDefault()
                        const text = linkMentions(
                          (
                            e.currentTarget.elements.namedItem("text") as HTMLTextAreaElement
                          ).value.trim(),
                          ctx.board.members,
                        )
                        if (text === "") return
                        if (ctx.act("editComment", id, c.id, text, new Date().toISOString()))
                          setEditingId(null)
                      }}
                    >
                      <textarea name="text" aria-label="Edit comment" rows={3} value={c.text} />
                      <div class="composer-actions">
                        <button type="submit" class="button primary">
                          Save
                        </button>
                        <button
                          type="button"
                          class="button subtle"
                          onClick={() => setEditingId(null)}
                        >
                          Cancel
                        </button>
                      </div>
                    </form>
                  </Show>
                  <CommentFiles cardId={id} comment={c} />
                  <Show when={editingId() !== c.id}>
                    <div class="comment-actions">
                      <Show when={ctx.session.may("pinComment")}>
                        <button
                          type="button"
                          class="button subtle small"
                          onClick={() => {
                            if (c.pinnedAt) {
                              if (ctx.act("unpinComment", id, c.id)) announce("Comment unpinned")
                            } else if (ctx.act("pinComment", id, c.id, new Date().toISOString()))
                              announce("Comment pinned to the board")
                          }}
                        >
                          {c.pinnedAt ? "Unpin" : "Pin to board"}
                        </button>
                      </Show>
                      <Show when={own() && ctx.session.may("editComment")}>
                        <button
                          type="button"
                          class="button subtle small"
                          onClick={() => setEditingId(c.id)}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          class="button subtle small"
                          onClick={() => {
                            if (ctx.act("deleteComment", id, c.id)) announce("Comment deleted")
                          }}
                        >
                          Delete
                        </button>
                      </Show>
                    </div>
                  </Show>
                </div>
              </li>
            )
          }}
        </For>
      </ul>
      {/* Viewers read and open files; the composer is theirs only with a comment link. */}
      <fieldset class="readonly-fieldset" disabled={!ctx.session.may("addComment")}>
        <form
          class="composer"
          onSubmit={(e) => {
            e.preventDefault()
            const text = linkMentions(input?.value.trim() ?? "", ctx.board.members)
            if (text === "") return
            const ok = ctx.act("addComment", id, {
              id: newId(),
              authorId: ctx.memberId(),
              text,
              now: new Date().toISOString(),
            })
            if (ok && input) input.value = ""
          }}
        >
          <textarea
            ref={input}
            rows={2}
            aria-label="Write a comment"
            placeholder="Write a comment…"
            maxLength={10_000}
          />
          <Show when={pending().length > 0}>
            <ul class="pending-notes" aria-label="Notes not attached">
              <For each={pending()}>
                {(n) => (
                  <li class="pending-note">
                    <NotePlayer
                      url={n.url}
                      kind={n.file.type.startsWith("video/") ? "video" : "voice"}
                      durationMs={n.durationMs}
                      name={n.file.name}
                    />
                    <div class="pending-note-text">
                      <span>
                        {n.file.name} · {sizeText(n.file.size)}
                      </span>
                      <strong class="pending-note-status">{n.reason}</strong>
                    </div>
                    <button
                      type="button"
                      class="button subtle small"
                      aria-label={`Remove ${n.file.name}`}
                      onClick={() => removePending(n.id)}
                    >
                      Remove
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <div class="composer-actions">
            <button type="submit" class="button primary">
              Comment
            </button>
            <RecordNote onRecorded={onRecorded} />
          </div>
        </form>
      </fieldset>
    </>
  )
}
