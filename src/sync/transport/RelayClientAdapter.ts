/**
 * The client's connection to a relay: the automerge-repo WebSocket protocol (join → peer,
 * then repo messages as CBOR frames), compatible with any stock automerge-repo sync server.
 *
 * Unlike the stock client adapter it reconnects with exponential backoff and jitter, retries
 * at once when the browser comes online or the tab becomes visible, never throws when asked
 * to send while disconnected (the sync protocol catches up after reconnecting), and reports
 * its connection state so the UI can tell the person the truth.
 */
import { NetworkAdapter, cbor } from "@automerge/automerge-repo/slim"
import type { Message, PeerId, PeerMetadata } from "@automerge/automerge-repo/slim"
import { createAckHold } from "./ackHold"
import type { BoardAuth } from "./boardAuth"
import type { AckHold } from "./ackHold"
import { PROTOCOL_V1 } from "../../shared/protocol"
import { SNAPSHOT_CAPABILITY } from "../../shared/snapshotProtocol"
import { SnapshotRequests } from "./snapshotRequests"

export type ConnectionState = "offline" | "connecting" | "connected"

/** The minimal WebSocket surface used here (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number
  binaryType: string
  send(data: ArrayBufferLike | Uint8Array): void
  close(code?: number, reason?: string): void
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
}
export type WebSocketFactory = (url: string) => WebSocketLike

export interface Backoff {
  /** First retry delay in ms. */
  initialMs: number
  /** Upper bound of a retry delay in ms. */
  maxMs: number
}

export interface RelayClientOptions {
  url: string
  /** Defaults to the global `WebSocket`. */
  createSocket?: WebSocketFactory
  backoff?: Backoff
  /**
   * How long to wait for the relay's `peer` answer after the socket opens before trying a new
   * connection (a relay that accepted the socket before it was ready never answers).
   */
  joinTimeoutMs?: number
  /** Random source in [0, 1) for jitter; injectable for tests. */
  random?: () => number
  /**
   * Where to listen for `online` and `visibilitychange` (the browser's `window`/`document`).
   * Omit in Node.
   */
  wakeUps?: { window?: EventTarget; document?: EventTarget & { visibilityState?: string } }
  /**
   * Whether the person is interacting with the page now; while so, the relay's
   * acknowledgements are held back (see ackHold.ts). Omit to hand every message on at once.
   */
  busy?: () => boolean
  /** Authenticates each board with the relay before its messages go out (boardAuth.ts). */
  auth?: BoardAuth
}

const OPEN = 1

/**
 * The delay before retry number `attempt` (0-based): exponential from `initialMs`, capped at
 * `maxMs`, with "full jitter" in the upper half so a crowd of clients does not reconnect in
 * lockstep after a relay restart.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export class RelayClientAdapter extends NetworkAdapter {
  readonly url: string
  #createSocket: WebSocketFactory
  #backoff: Backoff
  #random: () => number
  #socket: WebSocketLike | undefined
  #remotePeerId: PeerId | undefined
  #state: ConnectionState = "connecting"
  #downSince: number | null = Date.now()
  #attempt = 0
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #joinTimer: ReturnType<typeof setTimeout> | undefined
  #joinTimeoutMs: number
  #stopped = false
  #ready = false
  #readyResolve: (() => void) | undefined
  #readyPromise = new Promise<void>((resolve) => (this.#readyResolve = resolve))
  #stateListeners = new Set<(s: ConnectionState) => void>()
  #detachWakeUps: (() => void) | undefined
  #acks: AckHold | undefined
  #auth: BoardAuth | undefined
  #snapshots = new SnapshotRequests()

  constructor(options: RelayClientOptions) {
    super()
    this.#auth = options.auth
    if (options.busy !== undefined)
      this.#acks = createAckHold({
        busy: options.busy,
        deliver: (message) => this.emit("message", message),
      })
    this.url = options.url
    this.#createSocket =
      options.createSocket ??
      ((url) =>
        new (globalThis as unknown as { WebSocket: new (u: string) => WebSocketLike }).WebSocket(
          url,
        ))
    this.#backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 }
    this.#random = options.random ?? Math.random
    this.#joinTimeoutMs = options.joinTimeoutMs ?? 5000
    if (options.wakeUps !== undefined) this.#attachWakeUps(options.wakeUps)
  }

  /** The relay's peer id while connected. */
  get remotePeerId(): PeerId | undefined {
    return this.#remotePeerId
  }

  get state(): ConnectionState {
    return this.#state
  }

  /** Since when (epoch ms) it has not been connected: its start, or when it lost the relay. */
  get downSince(): number | null {
    return this.#downSince
  }

  /** Calls `listener` on every state change; returns an unsubscribe function. */
  onStateChange(listener: (s: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener)
    return () => this.#stateListeners.delete(listener)
  }

  isReady(): boolean {
    return this.#ready
  }

  whenReady(): Promise<void> {
    return this.#readyPromise
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId
    this.peerMetadata = peerMetadata ?? {}
    this.#stopped = false
    // Do not hold up the repo: after a second, documents not found locally may be reported
    // unavailable and found later when the relay answers.
    setTimeout(() => this.#markReady(), 1000)
    this.#open()
  }

  /** Reconnects now if not connected (called on `online` and when the tab becomes visible). */
  reconnectNow(): void {
    if (this.#stopped || this.#state === "connected") return
    if (this.#socket !== undefined && this.#socket.readyState === 0) return // already dialing
    this.#attempt = 0
    this.#open()
  }

  /**
   * Asks the relay for `documentId` as one saved snapshot (snapshotRequests.ts). Resolves with
   * the bytes, or null when the relay has none for this device, does not offer snapshots, or
   * the connection drops first.
   */
  requestSnapshot(documentId: string): Promise<Uint8Array | null> {
    return this.#snapshots.request(documentId, (frame) => {
      this.send({ ...frame, senderId: this.peerId, targetId: this.#remotePeerId } as Message)
    })
  }

  send(message: Message): void {
    const socket = this.#socket
    if (socket === undefined || socket.readyState !== OPEN || this.#state !== "connected") return
    if ("data" in message && message.data?.byteLength === 0) return
    if (this.#auth && !this.#auth.admit(message)) return
    socket.send(cbor.encode(message))
  }

  disconnect(): void {
    this.#stopped = true
    clearTimeout(this.#retryTimer)
    clearTimeout(this.#joinTimer)
    this.#detachWakeUps?.()
    this.#closeSocket()
    this.#lostPeer()
    this.#setState("offline")
  }

  #open(): void {
    clearTimeout(this.#retryTimer)
    this.#closeSocket()
    // A retry while the browser is offline stays "offline": no flicker through "connecting".
    this.#setState(this.#isBrowserOffline() ? "offline" : "connecting")
    let socket: WebSocketLike
    try {
      socket = this.#createSocket(this.url)
    } catch {
      this.#scheduleRetry()
      return
    }
    socket.binaryType = "arraybuffer"
    this.#socket = socket
    socket.onopen = () => {
      if (this.#socket !== socket || this.peerId === undefined) return
      clearTimeout(this.#joinTimer)
      this.#joinTimer = setTimeout(() => {
        if (this.#socket === socket && this.#state !== "connected") {
          this.#closeSocket()
          this.#scheduleRetry()
        }
      }, this.#joinTimeoutMs)
      socket.send(
        cbor.encode({
          type: "join",
          senderId: this.peerId,
          peerMetadata: this.peerMetadata ?? {},
          supportedProtocolVersions: [PROTOCOL_V1],
        }),
      )
    }
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return
      try {
        this.#receive(event.data)
      } catch (error) {
        // A failure inside the repo must not tear down the connection.
        console.error("Baton: error handling a message from the relay", error)
      }
    }
    socket.onerror = () => {
      // The close event follows; nothing to do here (browsers give no detail anyway).
    }
    socket.onclose = () => {
      if (this.#socket !== socket) return
      this.#socket = undefined
      this.#lostPeer()
      if (!this.#stopped) this.#scheduleRetry()
    }
  }

  #receive(data: unknown): void {
    let bytes: Uint8Array
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data)
    else if (data instanceof Uint8Array) bytes = data
    else return // text frames are not part of the protocol
    let message: unknown
    try {
      message = cbor.decode(bytes)
    } catch {
      return
    }
    if (typeof message !== "object" || message === null) return
    const m = message as { type?: unknown; senderId?: unknown; peerMetadata?: unknown }
    if (m.type === "peer" && typeof m.senderId === "string") {
      clearTimeout(this.#joinTimer)
      this.#remotePeerId = m.senderId as PeerId
      const relayId = this.#remotePeerId
      this.#auth?.connected(
        (frame) =>
          this.#socket?.send(cbor.encode({ ...frame, senderId: this.peerId, targetId: relayId })),
        (held) => this.#socket?.send(cbor.encode(held)),
      )
      this.#attempt = 0
      this.#snapshots.connected((m as Record<string, unknown>)[SNAPSHOT_CAPABILITY] === true)
      this.#setState("connected")
      this.#markReady()
      this.emit("peer-candidate", {
        peerId: this.#remotePeerId,
        peerMetadata: (m.peerMetadata ?? {}) as PeerMetadata,
      })
      return
    }
    if (m.type === "error") return
    if (this.#remotePeerId === undefined) return
    if (this.#snapshots.receive(message as Record<string, unknown>)) return
    if (m.type === "baton-auth") {
      void this.#auth?.receive(message as Record<string, unknown>)
      return
    }
    if (this.#acks !== undefined) this.#acks.receive(message as Message)
    else this.emit("message", message as Message)
  }

  #scheduleRetry(): void {
    this.#setState(this.#isBrowserOffline() ? "offline" : "connecting")
    const delay = backoffDelay(this.#attempt, this.#backoff, this.#random)
    this.#attempt += 1
    clearTimeout(this.#retryTimer)
    this.#retryTimer = setTimeout(() => this.#open(), delay)
  }

  #lostPeer(): void {
    this.#snapshots.disconnected()
    this.#auth?.disconnected()
    this.#acks?.drop()
    if (this.#remotePeerId !== undefined) {
      const peerId = this.#remotePeerId
      this.#remotePeerId = undefined
      this.emit("peer-disconnected", { peerId })
    }
  }

  #closeSocket(): void {
    const socket = this.#socket
    this.#socket = undefined
    if (socket === undefined) return
    socket.onopen = socket.onclose = null
    socket.onmessage = null
    // Closing a socket that is still dialing reports an error event; keep a listener so
    // Node's `ws` does not treat it as unhandled.
    socket.onerror = () => {}
    try {
      socket.close()
    } catch {
      // already closed
    }
  }

  #markReady(): void {
    if (this.#ready) return
    this.#ready = true
    this.#readyResolve?.()
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return
    if (state === "connected") this.#downSince = null
    else if (this.#state === "connected") this.#downSince = Date.now()
    this.#state = state
    for (const listener of this.#stateListeners) listener(state)
  }

  #isBrowserOffline(): boolean {
    const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator
    return nav?.onLine === false
  }

  #attachWakeUps(targets: NonNullable<RelayClientOptions["wakeUps"]>): void {
    const onOnline = (): void => this.reconnectNow()
    const onOffline = (): void => {
      // The socket cannot carry anything now, even if the browser has not closed it yet:
      // drop it, say so, and dial again when the browser is back online.
      if (this.#stopped) return
      this.#closeSocket()
      this.#lostPeer()
      clearTimeout(this.#joinTimer)
      this.#attempt = 0
      this.#scheduleRetry()
      this.#setState("offline")
    }
    const onVisible = (): void => {
      if (targets.document?.visibilityState === "visible") this.reconnectNow()
    }
    targets.window?.addEventListener("online", onOnline)
    targets.window?.addEventListener("offline", onOffline)
    targets.document?.addEventListener("visibilitychange", onVisible)
    this.#detachWakeUps = () => {
      targets.window?.removeEventListener("online", onOnline)
      targets.window?.removeEventListener("offline", onOffline)
      targets.document?.removeEventListener("visibilitychange", onVisible)
    }
  }
}
