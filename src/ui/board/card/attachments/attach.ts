/**
 * Attaching files: each file (and the preview made for an image or a PDF) is hashed, kept on this
 * device and queued for upload, then recorded on the card (or on a new comment) in one edit.
 * The bytes are stored before the edit: a full disk refuses the attach whole, and nothing is
 * recorded that this device could not upload. Files over the relay's limit are refused before
 * anything is stored, with the limit in the message.
 */
import { INLINE_IMAGE_TYPES, kindOfMime } from "../../../../model/attachments"
import type { Attachment, AttachmentKind } from "../../../../model/types"
import { deviceFiles, problemOf, sha256Hex } from "../../../../session"
import type { BoardSession } from "../../../../session"
import { formatBytes } from "../../../../pwa/persistence"
import { newId } from "../../../ids"
import { makePdfThumbnail } from "./pdfThumbnail"
import { makeThumbnail } from "./thumbnail"

const PDF_MIME = "application/pdf"

export type AttachResult = { ok: true; attachments: Attachment[] } | { ok: false; message: string }

/** "25 MiB" for the relay's limit as it is configured (in binary units). */
export function limitText(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : formatBytes(bytes)
}

function mimeOf(file: File): string {
  const t = file.type.toLowerCase().split(";")[0]!.trim()
  return t === "" ? "application/octet-stream" : t
}

function storageMessage(names: string, error: unknown): string {
  return problemOf(error) === "full"
    ? `${names} could not be stored on this device: its storage is full. Nothing was attached. Free up some space on this device (Settings → Free the file cache), then attach again.`
    : `${names} could not be stored on this device: the browser refused to store it. Nothing was attached.`
}

interface Prepared {
  attachment: Attachment
  blobs: { sha256: string; mime: string; bytes: ArrayBuffer }[]
}

async function prepare(
  file: File,
  memberId: string,
  now: string,
  kind?: AttachmentKind,
  durationMs?: number,
): Promise<Prepared> {
  const bytes = await file.arrayBuffer()
  const mime = mimeOf(file)
  const sha256 = await sha256Hex(bytes)
  const attachment: Attachment = {
    id: newId(),
    sha256,
    name: file.name.trim() === "" ? "file" : file.name,
    mime,
    size: bytes.byteLength,
    addedBy: memberId,
    addedAt: now,
    kind: kind ?? kindOfMime(mime),
  }
  if (durationMs !== undefined) attachment.durationMs = Math.max(0, Math.round(durationMs))
  const blobs = [{ sha256, mime, bytes }]
  const preview = INLINE_IMAGE_TYPES.has(mime)
    ? makeThumbnail(file)
    : mime === PDF_MIME
      ? makePdfThumbnail(file)
      : null
  if (preview !== null) {
    const thumb = await preview
    if (thumb !== null) {
      attachment.width = thumb.width
      attachment.height = thumb.height
      const thumbSha = await sha256Hex(thumb.bytes)
      if (thumbSha !== sha256) {
        attachment.thumbSha256 = thumbSha
        blobs.push({ sha256: thumbSha, mime: thumb.mime, bytes: thumb.bytes })
      }
    }
  }
  return { attachment, blobs }
}

const quoted = (files: readonly File[]): string =>
  files.length === 1 ? `“${files[0]!.name}”` : `${files.length} files`

/** Prepares and stores the files; the attachments to record, or why there are none. */
async function keepAll(
  session: BoardSession,
  files: readonly File[],
  extra: { kind?: AttachmentKind; durationMs?: number } = {},
): Promise<AttachResult> {
  if (files.length === 0) return { ok: false, message: "No file to attach." }
  const service = deviceFiles()
  const { maxAttachmentBytes } = await service.limits()
  const big = files.filter((f) => f.size > maxAttachmentBytes)
  if (big.length > 0)
    return {
      ok: false,
      message: `${big.map((f) => `“${f.name}” (${formatBytes(f.size)})`).join(", ")} ${
        big.length === 1 ? "is" : "are"
      } over this relay's limit of ${limitText(maxAttachmentBytes)} per file. Nothing was attached.`,
    }
  // A millisecond apart: files attached together stay in the order they were given.
  const start = Date.now()
  const board = session.documentId
  const prepared: Prepared[] = []
  try {
    for (const [i, f] of files.entries()) {
      const at = new Date(start + i).toISOString()
      prepared.push(await prepare(f, session.memberId(), at, extra.kind, extra.durationMs))
    }
  } catch {
    return { ok: false, message: `${quoted(files)} could not be read. Nothing was attached.` }
  }
  try {
    for (const p of prepared)
      for (const b of p.blobs) await service.keep(board, b.sha256, b.mime, b.bytes)
  } catch (e) {
    return { ok: false, message: storageMessage(quoted(files), e) }
  }
  return { ok: true, attachments: prepared.map((p) => p.attachment) }
}

/** Attaches files to a card (editors). */
export async function attachFiles(
  session: BoardSession,
  cardId: string,
  files: readonly File[],
): Promise<AttachResult> {
  if (!session.may("addAttachments"))
    return { ok: false, message: "Only editors can attach files to a card." }
  const kept = await keepAll(session, files)
  if (!kept.ok) return kept
  return session.act("addAttachments", cardId, kept.attachments)
    ? kept
    : { ok: false, message: "The files were not attached." }
}

/**
 * Stores `file` on this device, queues its upload and adds one comment by this person that
 * carries it, with `text` (may be empty). For a recorded note pass `extra.durationMs`; its
 * kind is `voice` for audio and `video` for video. Commenters may call it.
 */
export async function attachToNewComment(
  session: BoardSession,
  cardId: string,
  file: File,
  text: string,
  extra: { durationMs?: number } = {},
): Promise<AttachResult> {
  if (!session.may("addComment"))
    return { ok: false, message: "You can view this board; you cannot comment on it." }
  const mime = mimeOf(file)
  const kind: AttachmentKind | undefined =
    extra.durationMs === undefined
      ? undefined
      : mime.startsWith("video/")
        ? "video"
        : mime.startsWith("audio/")
          ? "voice"
          : undefined
  const kept = await keepAll(session, [file], {
    ...(kind !== undefined ? { kind } : {}),
    ...(extra.durationMs !== undefined ? { durationMs: extra.durationMs } : {}),
  })
  if (!kept.ok) return kept
  const made = session.act("addComment", cardId, {
    id: newId(),
    authorId: session.memberId(),
    text,
    now: new Date().toISOString(),
    attachments: kept.attachments,
  })
  return made ? kept : { ok: false, message: "The comment was not added." }
}
