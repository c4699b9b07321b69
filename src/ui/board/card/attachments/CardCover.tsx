/**
 * A card tile's image cover at the card's width: the preview of the cover image (the image
 * itself when it has none), loaded only once the tile comes near the screen.
 */
import { Show, createMemo } from "solid-js"
import { coverImageOf } from "../../../../model/attachments"
import type { Card } from "../../../../model/types"
import { useBoard } from "../../context"
import { THUMB_MIME } from "./AttachmentItem"
import { FileImage } from "./FileImage"

export function CardCover(props: { card: Card; onClick?: () => void }) {
  const ctx = useBoard()
  const cover = createMemo(() => coverImageOf(props.card))
  return (
    <Show when={cover()} keyed>
      {(a) => (
        <FileImage
          board={ctx.documentId}
          sha256={a.thumbSha256 ?? a.sha256}
          mime={a.thumbSha256 !== undefined ? THUMB_MIME : a.mime}
          alt=""
          class="card-cover"
          width={a.width}
          height={a.height}
          {...(props.onClick !== undefined ? { onClick: props.onClick } : {})}
        />
      )}
    </Show>
  )
}
