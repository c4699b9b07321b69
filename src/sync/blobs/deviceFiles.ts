/**
 * The page's files service: one file store, one signed transport to the page's relay and one
 * uploader, made on first use. The uploader starts at once (files queued before a reload go
 * out as soon as the relay is reachable) and is kicked when the browser comes online and when
 * the relay connection opens.
 */
import { deviceKey, signerOf } from "../device/deviceKey"
import type { DeviceSigner } from "../transport/boardAuth"
import { getRelayConnection } from "../transport/relayConnection"
import { createBlobTransport } from "./blobTransport"
import type { BlobLimits, BlobTransport } from "./blobTransport"
import { downloadFile } from "./download"
import type { Download } from "./download"
import { fileHealth, watchedFileStore } from "./fileHealth"
import { createFileStore } from "./fileStore"
import type { FileStore, FileUsage } from "./fileStore"
import { createUploader } from "./uploader"
import type { UploadState, Uploader } from "./uploader"

export type FileWhere = "device" | "relay" | "missing" | "unknown"

export interface DeviceFiles {
  /**
   * Keeps a file attached on this device and queues its upload. Rejects with the browser's
   * error when it cannot be stored (a `QuotaExceededError` on a full disk): nothing is queued.
   */
  keep(board: string, sha256: string, mime: string, bytes: ArrayBuffer): Promise<void>
  open(board: string, sha256: string, mime: string): Promise<Download>
  /** Whether this device holds the file's bytes (it opens offline). */
  held(board: string, sha256: string): Promise<boolean>
  /**
   * Where the file can be had: on this device, at the relay, `missing` (the relay does not
   * have it yet) or `unknown` (the relay cannot be reached).
   */
  where(board: string, sha256: string): Promise<FileWhere>
  uploadState(board: string, sha256: string): UploadState | undefined
  retryUpload(board: string, sha256: string): Promise<void>
  /** Calls `listener` with `board/sha256` whenever a file's upload state changes. */
  subscribe(listener: (key: string) => void): () => void
  limits(): Promise<BlobLimits>
  usage(): Promise<FileUsage>
  freeCache(): Promise<number>
  /** Resolves once the uploader has nothing it can send now (tests). */
  idle(): Promise<void>
}

export function createDeviceFiles(
  store: FileStore,
  transport: BlobTransport,
  uploader: Uploader,
  now: () => number = Date.now,
): DeviceFiles {
  const held = async (board: string, sha256: string): Promise<boolean> => {
    try {
      return (await store.get(board, sha256)) !== null
    } catch {
      return false
    }
  }
  return {
    async keep(board, sha256, mime, bytes) {
      await store.put({ board, sha256, mime, size: bytes.byteLength, pending: true }, bytes, now())
      uploader.kick()
    },
    open: (board, sha256, mime) => downloadFile(store, transport, { board, sha256, mime }, now()),
    held,
    async where(board, sha256) {
      if (await held(board, sha256)) return "device"
      try {
        const res = await transport.send("HEAD", board, sha256)
        return res.ok ? "relay" : res.status === 404 ? "missing" : "unknown"
      } catch {
        return "unknown"
      }
    },
    uploadState: (board, sha256) => uploader.stateOf(board, sha256),
    retryUpload: (board, sha256) => uploader.retry(board, sha256),
    subscribe: (listener) => uploader.subscribe(listener),
    limits: () => transport.limits(),
    usage: () => store.usage(),
    freeCache: () => store.freeCache(),
    idle: () => uploader.idle(),
  }
}

let page: DeviceFiles | null = null

/** The page's files service (browser only). */
export function deviceFiles(): DeviceFiles {
  if (page !== null) return page
  let signer: Promise<DeviceSigner | null> | null = null
  const transport = createBlobTransport({
    fetch: (input, init) => fetch(input, init),
    signer: () =>
      (signer ??=
        globalThis.crypto?.subtle === undefined
          ? Promise.resolve(null)
          : deviceKey()
              .then(signerOf)
              .catch(() => null)),
    memory: typeof localStorage === "undefined" ? null : localStorage,
  })
  const store = watchedFileStore(createFileStore(), fileHealth)
  const uploader = createUploader({ store, transport })
  page = createDeviceFiles(store, transport, uploader)
  uploader.start()
  if (typeof window !== "undefined") window.addEventListener("online", () => uploader.kick())
  try {
    getRelayConnection().relay?.onStateChange((s) => {
      if (s === "connected") uploader.kick()
    })
  } catch {
    // No relay connection set up (a test page): the online event and retries still run.
  }
  return page
}
