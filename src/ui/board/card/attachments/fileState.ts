/**
 * What a screen shows of one attached file: its upload from this device, whether anyone can
 * have its bytes yet, and opening or downloading it. A file's bytes are never shown as
 * something the page would run: only plain images, audio, video and PDF are given their own
 * type; anything else (HTML, SVG…) is a download of `application/octet-stream`.
 */
import { createSignal, onCleanup } from "solid-js"
import type { Accessor } from "solid-js"
import { INLINE_IMAGE_TYPES } from "../../../../model/attachments"
import type { Attachment } from "../../../../model/types"
import { deviceFiles } from "../../../../session"
import type { FileWhere, UploadState } from "../../../../session"

/** The type a file's bytes are given in the page. */
export function safeType(mime: string): string {
  if (INLINE_IMAGE_TYPES.has(mime) || /^(audio|video)\//.test(mime) || mime === "application/pdf")
    return mime
  return "application/octet-stream"
}

/** Whether Open shows the file in a tab (else it is downloaded). */
export function opensInTab(mime: string): boolean {
  return INLINE_IMAGE_TYPES.has(mime) || mime === "application/pdf"
}

/** This device's upload of the file, kept current. */
export function uploadState(board: string, sha256: string): Accessor<UploadState | undefined> {
  const files = deviceFiles()
  const [state, setState] = createSignal(files.uploadState(board, sha256))
  const key = `${board}/${sha256}`
  onCleanup(
    files.subscribe((k) => {
      if (k === key) setState(files.uploadState(board, sha256))
    }),
  )
  return state
}

const RECHECK_MS = 10_000

/**
 * Where the file's bytes are: checked now, and again every few seconds while the relay does
 * not have them yet (another device has not uploaded them) or cannot be reached.
 */
export function fileWhere(board: string, sha256: string): Accessor<FileWhere | null> {
  const [where, setWhere] = createSignal<FileWhere | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const check = async (): Promise<void> => {
    const w = await deviceFiles().where(board, sha256)
    if (stopped) return
    setWhere(w)
    if (w === "missing" || w === "unknown") timer = setTimeout(() => void check(), RECHECK_MS)
  }
  void check()
  onCleanup(() => {
    stopped = true
    clearTimeout(timer)
  })
  return where
}

/** A page-local address of a file's bytes (revoke it when done). */
export async function fileUrl(
  board: string,
  sha256: string,
  mime: string,
): Promise<{ url: string } | { problem: string }> {
  const got = await deviceFiles().open(board, sha256, mime)
  if (got.kind === "ok")
    return { url: URL.createObjectURL(new Blob([got.bytes], { type: safeType(mime) })) }
  return {
    problem:
      got.kind === "missing"
        ? "This file is not uploaded yet: the device that attached it has not sent it to the relay."
        : got.kind === "offline"
          ? "This file is not on this device and the relay cannot be reached. Try again when you are online."
          : got.message,
  }
}

/** Opens the file in a new tab (images, PDF) or downloads it; the problem, if any. */
export async function openFile(
  board: string,
  a: Attachment,
  mode: "open" | "download",
): Promise<string | null> {
  const got = await fileUrl(board, a.sha256, a.mime)
  if ("problem" in got) return got.problem
  const link = document.createElement("a")
  link.href = got.url
  if (mode === "open" && opensInTab(a.mime)) {
    link.target = "_blank"
    link.rel = "noopener"
  } else link.download = a.name
  document.body.append(link)
  link.click()
  link.remove()
  // The new tab or the download has read it by then.
  setTimeout(() => URL.revokeObjectURL(got.url), 60_000)
  return null
}
