/**
 * The card dialog's Attachments: the card's files, oldest first; **Attach** (several files at
 * once), a drop zone, and an image pasted anywhere in the dialog; the cover (the first image
 * attached, unless turned off). Viewers and commenters open and download; editors also
 * attach, rename, remove and choose the cover.
 */
import { For, Show, createEffect, createMemo, createSignal, onCleanup, onMount } from "solid-js"
import { attachmentsOf, conflictingAttachments, coverImageOf } from "../../../../model/attachments"
import { getCard } from "../../../../model/queries"
import type { Card } from "../../../../model/types"
import { announce } from "../../../notices"
import { useBoard } from "../../context"
import { AttachmentItem } from "./AttachmentItem"
import { attachFiles } from "./attach"

export function AttachmentsSection(props: { card: Card }) {
  const ctx = useBoard()
  const id = props.card.id
  const files = createMemo(() => attachmentsOf(props.card))
  const cover = createMemo(() => coverImageOf(props.card)?.id ?? null)
  const mayEdit = (): boolean => ctx.session.may("addAttachments")
  const [busy, setBusy] = createSignal(false)
  const [problem, setProblem] = createSignal<string | null>(null)
  const [dragging, setDragging] = createSignal(false)
  let input: HTMLInputElement | undefined
  let root: HTMLDivElement | undefined

  const attach = async (list: readonly File[]): Promise<void> => {
    if (list.length === 0) return
    setBusy(true)
    setProblem(null)
    try {
      const r = await attachFiles(ctx.session, id, list)
      if (r.ok) announce(`Attached ${r.attachments.map((a) => a.name).join(", ")}`)
      else setProblem(r.message)
    } finally {
      setBusy(false)
    }
  }

  // Files a merge hid (two devices attaching a card's first files at once) are put back.
  createEffect(() => {
    void props.card.attachments
    const live = ctx.session.live()
    if (live === null || !mayEdit()) return
    const card = getCard(live.doc(), id)
    if (card !== undefined && conflictingAttachments(card).length > 0)
      ctx.act("repairAttachments", id)
  })

  // An image pasted anywhere in the card dialog is attached (editors). Listened for on the
  // document: with nothing focused, a paste goes to the body, outside the dialog.
  onMount(() => {
    const dialog = root?.closest<HTMLElement>("[role=dialog]")
    if (!dialog) return
    const onPaste = (e: ClipboardEvent): void => {
      const target = e.target instanceof Node ? e.target : null
      if (!mayEdit() || !dialog.isConnected) return
      if (target !== null && target !== document.body && !dialog.contains(target)) return
      // Text copied from an office app often comes with a picture of itself: pasted into a
      // field, it is the text that was meant.
      const intoField =
        target instanceof HTMLElement &&
        (target.isContentEditable ||
          target instanceof HTMLInputElement ||
          target instanceof HTMLTextAreaElement)
      if (intoField && e.clipboardData?.types.includes("text/plain") === true) return
      const pasted = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith("image/"))
      if (pasted.length === 0) return
      e.preventDefault()
      const stamp = new Date().toISOString().slice(0, 19).replace("T", " ")
      void attach(
        pasted.map((f, i) =>
          f.name === "" || f.name === "image.png"
            ? new File(
                [f],
                `Pasted image ${stamp}${i > 0 ? ` (${i + 1})` : ""}.${f.type.split("/")[1] ?? "png"}`,
                {
                  type: f.type,
                },
              )
            : f,
        ),
      )
    }
    document.addEventListener("paste", onPaste)
    onCleanup(() => document.removeEventListener("paste", onPaste))
  })

  return (
    <div ref={root}>
      <h3 id={`attachments-${id}`}>Attachments</h3>
      <Show when={files().length > 0}>
        <ul class="attachments">
          <For each={files()}>
            {(a) => (
              <AttachmentItem
                attachment={a}
                mayEdit={mayEdit()}
                mayRemove={ctx.session.may("removeAttachment")}
                onRename={(name) => ctx.act("renameAttachment", id, a.id, name)}
                onRemove={() => {
                  if (ctx.act("removeAttachment", id, a.id)) announce(`Removed ${a.name}`)
                }}
                cover={
                  <Show when={a.kind === "image" && mayEdit()}>
                    <Show
                      when={cover() === a.id}
                      fallback={
                        <button
                          type="button"
                          class="button subtle small"
                          aria-label={`Make cover: ${a.name}`}
                          onClick={() => ctx.act("setCoverImage", id, a.id)}
                        >
                          Make cover
                        </button>
                      }
                    >
                      <button
                        type="button"
                        class="button subtle small"
                        aria-label={`Remove cover: ${a.name}`}
                        onClick={() => ctx.act("setCoverImage", id, null)}
                      >
                        Remove cover
                      </button>
                    </Show>
                  </Show>
                }
              />
            )}
          </For>
        </ul>
      </Show>
      <Show when={mayEdit()}>
        <div
          class="attach-drop"
          classList={{ dragging: dragging() }}
          onDragOver={(e) => {
            if (!e.dataTransfer?.types.includes("Files")) return
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            const dropped = [...(e.dataTransfer?.files ?? [])]
            if (dropped.length === 0) return
            e.preventDefault()
            setDragging(false)
            void attach(dropped)
          }}
        >
          <button type="button" class="button" disabled={busy()} onClick={() => input?.click()}>
            {busy() ? "Attaching…" : "Attach"}
          </button>
          <span class="muted">or drop files here, or paste an image</span>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            aria-label="Files to attach"
            onChange={(e) => {
              const list = [...(e.currentTarget.files ?? [])]
              e.currentTarget.value = ""
              void attach(list)
            }}
          />
        </div>
        <label class="attach-auto-cover">
          <input
            type="checkbox"
            checked={props.card.autoCoverOff !== true}
            onChange={(e) => ctx.act("setAutoCover", id, e.currentTarget.checked)}
          />{" "}
          The first image attached becomes the cover
        </label>
      </Show>
      <Show when={files().length === 0 && !mayEdit()}>
        <p class="muted">No files.</p>
      </Show>
      <div role="alert">
        <Show when={problem()}>{(p) => <p class="attachment-problem">{p()}</p>}</Show>
      </div>
    </div>
  )
}
