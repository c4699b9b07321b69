/**
 * One attached file in the card dialog (or in a comment): its preview for an image or a PDF,
 * name, size, who added it and when (in the viewer's time), where its bytes are ("waiting to
 * upload" on the device that attached it, "not uploaded yet" for the others), Open and Download
 * for everyone, and, for those who may change it, Rename, Remove and the cover buttons.
 */
import { DateTime } from "luxon"
import { Show, createSignal } from "solid-js"
import type { JSX } from "solid-js"
import type { Attachment } from "../../../../model/types"
import { formatBytes } from "../../../../pwa/persistence"
import { deviceFiles } from "../../../../session"
import { InlineEdit } from "../../../InlineEdit"
import { useBoard } from "../../context"
import { FileImage } from "./FileImage"
import { NoteFile } from "./NoteFile"
import { fileWhere, openFile, uploadState } from "./fileState"

export const THUMB_MIME = "image/webp"

export function AttachmentItem(props: {
  attachment: Attachment
  /** May rename it and make it the cover (editors, on the card's own files). */
  mayEdit: boolean
  mayRemove: boolean
  onRename?: (name: string) => void
  onRemove: () => void
  /** The cover buttons, for the card's own images. */
  cover?: JSX.Element
}) {
  const ctx = useBoard()
  const a = (): Attachment => props.attachment
  const board = ctx.documentId
  const upload = uploadState(board, a().sha256)
  const where = fileWhere(board, a().sha256)
  const [renaming, setRenaming] = createSignal(false)
  const [problem, setProblem] = createSignal<string | null>(null)
  const who = (): string => ctx.board.members[a().addedBy]?.name ?? "a former member"
  const when = (): string =>
    DateTime.fromISO(a().addedAt).setZone(ctx.viewerZone()).toLocaleString(DateTime.DATETIME_MED)
  const status = (): { text: string; kind: "waiting" | "refused" | "missing" } | null => {
    const u = upload()
    if (u?.state === "waiting" || u?.state === "uploading")
      return { text: u.state === "uploading" ? "uploading…" : "waiting to upload", kind: "waiting" }
    if (u?.state === "refused") return { text: `not uploaded: ${u.reason}`, kind: "refused" }
    if (u === undefined && where() === "missing")
      return { text: "not uploaded yet", kind: "missing" }
    return null
  }
  const open = async (mode: "open" | "download"): Promise<void> => {
    setProblem(await openFile(board, a(), mode))
  }
  return (
    <li class="attachment" data-attachment-id={a().id}>
      <Show
        when={a().kind === "image" || a().thumbSha256 !== undefined}
        fallback={
          <Show
            when={a().kind === "voice" || a().kind === "video"}
            fallback={
              <span class="attachment-icon" aria-hidden="true">
                {a().mime === "application/pdf" ? "PDF" : "FILE"}
              </span>
            }
          >
            <NoteFile board={board} attachment={a()} />
          </Show>
        }
      >
        <FileImage
          board={board}
          sha256={a().thumbSha256 ?? a().sha256}
          mime={a().thumbSha256 !== undefined ? THUMB_MIME : a().mime}
          alt={`Preview of ${a().name}`}
          class="attachment-thumb"
          width={a().width}
          height={a().height}
        />
      </Show>
      <div class="attachment-body">
        <Show when={renaming()} fallback={<span class="attachment-name">{a().name}</span>}>
          <InlineEdit
            label={`New name for ${a().name}`}
            value={a().name}
            editing
            onEditingChange={(v) => setRenaming(v)}
            onSave={(name) => props.onRename?.(name)}
          />
        </Show>
        <span class="muted attachment-meta">
          {formatBytes(a().size)} · added by {who()} · <time dateTime={a().addedAt}>{when()}</time>
        </span>
        <Show when={status()}>
          {(s) => (
            <span class={`attachment-status ${s().kind}`}>
              {s().text}
              <Show when={s().kind === "refused"}>
                {" "}
                <button
                  type="button"
                  class="button subtle small"
                  onClick={() => void deviceFiles().retryUpload(board, a().sha256)}
                >
                  Try again
                </button>
              </Show>
            </span>
          )}
        </Show>
        <div class="attachment-actions">
          <button
            type="button"
            class="button small"
            aria-label={`Open ${a().name}`}
            onClick={() => void open("open")}
          >
            Open
          </button>
          <button
            type="button"
            class="button small"
            aria-label={`Download ${a().name}`}
            onClick={() => void open("download")}
          >
            Download
          </button>
          <Show when={props.mayEdit && props.onRename !== undefined}>
            <button
              type="button"
              class="button subtle small"
              aria-label={`Rename ${a().name}`}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
          </Show>
          <Show when={props.mayRemove}>
            <button
              type="button"
              class="button subtle small"
              aria-label={`Remove ${a().name}`}
              onClick={() => props.onRemove()}
            >
              Remove
            </button>
          </Show>
          {props.cover}
        </div>
        <Show when={problem()}>
          {(p) => (
            <p class="attachment-problem" role="alert">
              {p()}
            </p>
          )}
        </Show>
      </div>
    </li>
  )
}
