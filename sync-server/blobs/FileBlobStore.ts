/**
 * Attachment bytes on disk: `<dir>/<documentId>/<sha256>` with a small `<sha256>.meta` (its
 * media type), written through `<dir>/.tmp/` and renamed into place only once the bytes are
 * on disk (fsync of the file, then of the directory). A relay killed mid-upload leaves only a
 * temporary file, which is removed at the next start and never served.
 *
 * The file's modification time is when it was last uploaded or last seen referenced by its
 * board: the garbage collector deletes a file not referenced for the grace period.
 */
import { createHash, randomBytes } from "node:crypto"
import { createReadStream } from "node:fs"
import * as fs from "node:fs/promises"
import { join } from "node:path"
import type { Readable } from "node:stream"

export type BlobWriteError =
  | { kind: "mismatch" }
  | { kind: "too-large" }
  | { kind: "short" }
  | { kind: "disk-full" }
  /** Where the bytes live cannot be reached now (the database went away); try again later. */
  | { kind: "unavailable" }

export class BlobError extends Error {
  constructor(readonly reason: BlobWriteError) {
    super(reason.kind)
  }
}

export interface BlobInfo {
  size: number
  mime: string
  /** When it was uploaded or last seen referenced (ms since the epoch). */
  touchedAt: number
}

/** Where attachment bytes are kept (files here, PostgreSQL in `PostgresBlobStore`). */
export interface BlobStore {
  start(): Promise<void>
  stat(documentId: string, sha256: string): Promise<BlobInfo | null>
  /**
   * Streams `body` in, checking its SHA-256 and its length (`size`) as it comes; resolves once
   * the bytes are durable. `created` is false when the file was already there.
   */
  write(
    documentId: string,
    sha256: string,
    mime: string,
    size: number,
    body: AsyncIterable<Buffer>,
  ): Promise<{ created: boolean }>
  /** The bytes `start..end` (inclusive), or all of them. */
  read(documentId: string, sha256: string, range?: { start: number; end: number }): Readable
  /** Bytes kept for the board. */
  boardBytes(documentId: string): Promise<number>
  boards(): Promise<string[]>
  list(documentId: string): Promise<{ sha256: string; size: number; touchedAt: number }[]>
  touch(documentId: string, sha256: string, at: number): Promise<void>
  remove(documentId: string, sha256: string): Promise<void>
}

const SHA = /^[0-9a-f]{64}$/

/**
 * `body` passed through while its length and SHA-256 are checked: too long throws as soon as it
 * is; too short or another hash throws once it ends, so a store keeps the bytes only when the
 * loop over this ends normally.
 */
export async function* checkedBody(
  body: AsyncIterable<Buffer>,
  size: number,
  sha256: string,
): AsyncGenerator<Buffer> {
  const hash = createHash("sha256")
  let n = 0
  for await (const chunk of body) {
    n += chunk.byteLength
    if (n > size) throw new BlobError({ kind: "too-large" })
    hash.update(chunk)
    yield chunk
  }
  if (n < size) throw new BlobError({ kind: "short" })
  if (hash.digest("hex") !== sha256) throw new BlobError({ kind: "mismatch" })
}

export class FileBlobStore implements BlobStore {
  private readonly tmp: string
  constructor(private readonly dir: string) {
    this.tmp = join(dir, ".tmp")
  }

  async start(): Promise<void> {
    // What a killed upload left: never renamed into place, so nothing refers to it. The
    // folders themselves are made by the first upload.
    await fs.rm(this.tmp, { recursive: true, force: true })
  }

  private path(documentId: string, sha256: string): string {
    return join(this.dir, documentId, sha256)
  }

  async stat(documentId: string, sha256: string): Promise<BlobInfo | null> {
    try {
      const s = await fs.stat(this.path(documentId, sha256))
      let mime = "application/octet-stream"
      try {
        const meta = JSON.parse(
          await fs.readFile(this.path(documentId, sha256) + ".meta", "utf8"),
        ) as { mime?: unknown }
        if (typeof meta.mime === "string") mime = meta.mime
      } catch {
        // No or unreadable metadata: served as plain bytes.
      }
      return { size: s.size, mime, touchedAt: s.mtimeMs }
    } catch {
      return null
    }
  }

  async write(
    documentId: string,
    sha256: string,
    mime: string,
    size: number,
    body: AsyncIterable<Buffer>,
  ): Promise<{ created: boolean }> {
    const name = `${documentId}-${sha256}-${randomBytes(6).toString("hex")}`
    const tmpData = join(this.tmp, name)
    const tmpMeta = tmpData + ".meta"
    await fs.mkdir(this.tmp, { recursive: true }).catch(rethrowFull)
    const fh = await fs.open(tmpData, "wx").catch(rethrowFull)
    try {
      try {
        for await (const chunk of checkedBody(body, size, sha256)) await fh.write(chunk)
        await fh.sync()
      } finally {
        await fh.close()
      }
      await fs.writeFile(tmpMeta, JSON.stringify({ mime }), { flag: "wx" })
      const final = this.path(documentId, sha256)
      const boardDir = join(this.dir, documentId)
      await fs.mkdir(boardDir, { recursive: true })
      const existed = (await this.stat(documentId, sha256)) !== null
      await fs.rename(tmpMeta, final + ".meta")
      await fs.rename(tmpData, final)
      const d = await fs.open(boardDir, "r")
      try {
        await d.sync()
      } finally {
        await d.close()
      }
      return { created: !existed }
    } catch (e) {
      await fs.rm(tmpData, { force: true })
      await fs.rm(tmpMeta, { force: true })
      rethrowFull(e)
    }
  }

  read(documentId: string, sha256: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(documentId, sha256), range)
  }

  async boards(): Promise<string[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[])
    return names.filter((n) => n !== ".tmp")
  }

  async list(documentId: string): Promise<{ sha256: string; size: number; touchedAt: number }[]> {
    const dir = join(this.dir, documentId)
    const names = await fs.readdir(dir).catch(() => [] as string[])
    const out: { sha256: string; size: number; touchedAt: number }[] = []
    for (const n of names) {
      if (!SHA.test(n)) continue
      const s = await fs.stat(join(dir, n)).catch(() => null)
      if (s) out.push({ sha256: n, size: s.size, touchedAt: s.mtimeMs })
    }
    return out
  }

  async boardBytes(documentId: string): Promise<number> {
    return (await this.list(documentId)).reduce((total, f) => total + f.size, 0)
  }

  async touch(documentId: string, sha256: string, at: number): Promise<void> {
    const t = new Date(at)
    await fs.utimes(this.path(documentId, sha256), t, t).catch(() => undefined)
  }

  async remove(documentId: string, sha256: string): Promise<void> {
    await fs.rm(this.path(documentId, sha256), { force: true })
    await fs.rm(this.path(documentId, sha256) + ".meta", { force: true })
  }
}

function rethrowFull(e: unknown): never {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === "ENOSPC" || code === "EDQUOT") throw new BlobError({ kind: "disk-full" })
  throw e
}
