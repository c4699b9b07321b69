/**
 * Opening a file: from this device when it holds the bytes (attached or opened here before,
 * so it opens offline), else a signed GET from the relay, checked against its SHA-256 and
 * kept on the device. A full disk only means the file is not kept; it still opens.
 */
import type { BlobTransport } from "./blobTransport"
import type { FileStore } from "./fileStore"

export type Download =
  | { kind: "ok"; bytes: ArrayBuffer; cached: boolean }
  /** The relay does not have it (yet): its uploader has not sent it. */
  | { kind: "missing" }
  /** Neither this device nor the relay can give it now. */
  | { kind: "offline" }
  | { kind: "refused"; message: string }

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)
  let out = ""
  for (const b of new Uint8Array(digest)) out += b.toString(16).padStart(2, "0")
  return out
}

export async function downloadFile(
  store: FileStore,
  transport: BlobTransport,
  file: { board: string; sha256: string; mime: string },
  now: number,
): Promise<Download> {
  try {
    const held = await store.bytes(file.board, file.sha256)
    if (held !== null) return { kind: "ok", bytes: held, cached: true }
  } catch {
    // The device's storage cannot be read now: ask the relay.
  }
  let res: Response
  try {
    res = await transport.send("GET", file.board, file.sha256)
  } catch {
    return { kind: "offline" }
  }
  if (res.status === 404) return { kind: "missing" }
  if (!res.ok) {
    let message = `The relay answered ${res.status}.`
    try {
      const body = (await res.json()) as { error?: unknown }
      if (typeof body.error === "string") message = body.error
    } catch {
      // Not JSON.
    }
    return res.status >= 500 ? { kind: "offline" } : { kind: "refused", message }
  }
  let bytes: ArrayBuffer
  try {
    bytes = await res.arrayBuffer()
  } catch {
    return { kind: "offline" } // the connection dropped mid-file
  }
  // A relay (or a proxy) that sends other bytes than those attached is not believed.
  if ((await sha256Hex(bytes)) !== file.sha256)
    return { kind: "refused", message: "The relay sent a different file than the one attached." }
  try {
    await store.put(
      {
        board: file.board,
        sha256: file.sha256,
        mime: file.mime,
        size: bytes.byteLength,
        pending: false,
      },
      bytes,
      now,
    )
  } catch {
    // A full disk: the file opens, it is just not kept for next time.
  }
  return { kind: "ok", bytes, cached: false }
}
