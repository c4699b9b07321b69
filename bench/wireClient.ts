/**
 * A benchmark client that speaks automerge-repo's WebSocket protocol directly (CBOR frames:
 * `join`, then `request`/`sync` messages carrying Automerge sync messages) on one document,
 * with no Repo around it: no handle state machine, no 100 ms sync throttle, no base58 heads
 * bookkeeping. 50 full Repo clients at 20 edits/s use both cores of a small machine on their
 * own, which hides what the relay does; these clients cost a fraction of that, the same for
 * every relay they are pointed at.
 */
import * as A from "@automerge/automerge"
import { decode, encode } from "cbor-x"
import WebSocket from "ws"

export interface WireClientOptions<T> {
  /** The relay's WebSocket address (`ws://…/sync` or `ws://…/`). */
  url: string
  peerId: string
  documentId: string
  /** Called with the patches of every change that arrives from the relay. */
  onPatches?: (patches: A.Patch[], doc: A.Doc<T>) => void
  /** Called for every `sync` message that arrives. */
  onSyncMessage?: () => void
}

export class WireClient<T> {
  doc: A.Doc<T> = A.init<T>()
  private syncState = A.initSyncState()
  private socket: WebSocket
  private relayPeerId: string | null = null
  private readonly opened: Promise<void>

  constructor(private readonly options: WireClientOptions<T>) {
    this.socket = new WebSocket(options.url)
    this.socket.binaryType = "nodebuffer"
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => {
        this.frame({
          type: "join",
          senderId: options.peerId,
          peerMetadata: { isEphemeral: false },
          supportedProtocolVersions: ["1"],
        })
      })
      this.socket.once("error", reject)
      this.socket.on("message", (data: Buffer) => {
        const message = decode(data) as Record<string, unknown>
        if (message.type === "peer") {
          this.relayPeerId = String(message.senderId)
          resolve()
          this.sendSync()
        } else if (message.type === "sync" && message.documentId === options.documentId) {
          options.onSyncMessage?.()
          const [doc, state] = A.receiveSyncMessage(
            this.doc,
            this.syncState,
            message.data as Uint8Array,
            {
              patchCallback: (patches, info) => options.onPatches?.(patches, info.after),
            },
          )
          this.doc = doc
          this.syncState = state
          this.sendSync()
        }
      })
    })
  }

  /** Resolves once the relay has answered `join`. */
  ready(): Promise<void> {
    return this.opened
  }

  /** Makes a local change and offers it to the relay (if the relay has answered the last). */
  change(fn: A.ChangeFn<T>): void {
    this.doc = A.change(this.doc, fn)
    this.sendSync()
  }

  close(): void {
    this.socket.close()
  }

  private sendSync(): void {
    if (this.relayPeerId === null) return
    const [state, data] = A.generateSyncMessage(this.doc, this.syncState)
    this.syncState = state
    if (data === null) return
    this.frame({
      // An empty document asks for it; afterwards the two sides sync.
      type: A.getHeads(this.doc).length === 0 ? "request" : "sync",
      senderId: this.options.peerId,
      targetId: this.relayPeerId,
      documentId: this.options.documentId,
      data,
    })
  }

  private frame(message: object): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(encode(message))
  }
}
