/**
 * The files a comment carries (a screenshot, a recorded note), listed under its text. Its
 * author and editors may remove one; everyone opens them.
 */
import { For, Show, createMemo } from "solid-js"
import { attachmentsOf } from "../../../../model/attachments"
import type { Comment } from "../../../../model/types"
import { announce } from "../../../notices"
import { useBoard } from "../../context"
import { AttachmentItem } from "./AttachmentItem"

export function CommentFiles(props: { cardId: string; comment: Comment }) {
  const ctx = useBoard()
  const files = createMemo(() => attachmentsOf(props.comment))
  const mayRemove = (): boolean =>
    ctx.session.access().role === "edit" ||
    (props.comment.authorId === ctx.memberId() && ctx.session.may("removeCommentAttachment"))
  return (
    <Show when={files().length > 0}>
      <ul class="attachments comment-files" aria-label="Files of this comment">
        <For each={files()}>
          {(a) => (
            <AttachmentItem
              attachment={a}
              mayEdit={false}
              mayRemove={mayRemove()}
              onRemove={() => {
                if (ctx.act("removeCommentAttachment", props.cardId, props.comment.id, a.id))
                  announce(`Removed ${a.name}`)
              }}
            />
          )}
        </For>
      </ul>
    </Show>
  )
}
