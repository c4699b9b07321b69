/** The card dialog's comments: read, write, edit and delete one's own, pin any to the board. */
import { For, Show, createMemo, createSignal } from "solid-js"
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

export function CommentsSection(props: { card: Card }) {
  const ctx = useBoard()
  const comments = createMemo(() => commentsOf(props.card))
  const id = props.card.id
  let input: HTMLTextAreaElement | undefined
  const [editingId, setEditingId] = createSignal<string | null>(null)
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
                      <Show when={own()}>
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
        <div class="composer-actions">
          <button type="submit" class="button primary">
            Comment
          </button>
        </div>
      </form>
    </>
  )
}
