/**
 * The relay's side of the automerge-repo WebSocket protocol (protocol version "1", CBOR
 * frames, `join` → `peer` handshake), written to distrust every peer:
 *
 * - every frame is validated (see validateFrame.ts) before the repo sees it; a bad frame
 *   closes that connection only, with a close code and a short reason, and one log line;
 * - floods are cut off by a per-connection token bucket;
 * - peer ids are never taken over: when a peer joins with an id that a live connection
 *   already uses, the newcomer gets a private relay-side alias (`<id>~<n>`), so both
 *   connections keep working and neither can receive the other's messages;
 * - outgoing document messages pass through an optional gate (the durability gate) and
 *   keep their order per connection;
 * - sync messages are paced by the peer's replies: the first goes out at once; while the
 *   peer has not answered it, later ones for that document are merged into one
 *   (mergeSync.ts), sent when the peer answers or after `SYNC_HOLD_MS` at most. An idle
 *   peer gets every edit immediately; a busy one gets fewer, larger messages instead of a
 *   queue of small ones, each of which would cost it a receive and a reply.
 */
import * as A from "@automerge/automerge"
import { cbor, NetworkAdapter } from "@automerge/automerge-repo"
import type { Message, PeerId, PeerMetadata } from "@automerge/automerge-repo"
import type { WebSocket } from "ws"
import type { Logger } from "./log"
import type { AccessControl, AccessPeer } from "./auth/AccessControl"
import { AUTH_TYPE } from "./auth/authFrame"
import type { Accepted } from "./validateFrame"
import type { RelayMetrics } from "./metrics"
import { carriesChanges, mergeSyncMessages } from "./mergeSync"
import {
  CLOSE_POLICY_VIOLATION,
  CLOSE_PROTOCOL_ERROR,
  CLOSE_TOO_BIG,
  CLOSE_UNSUPPORTED_DATA,
  decodeFrame,
  validateMessage,
} from "./validateFrame"
import { PROTOCOL_V1 } from "../src/shared/protocol"
import { SNAPSHOT_CAPABILITY, SNAPSHOT_TYPE } from "../src/shared/snapshotProtocol"
/** Longest a sync message waits for the peer's answer to the previous one (stock throttle). */
export const SYNC_HOLD_MS = 100

/** Pacing of one document's sync messages to one peer. */
interface Pace {
  /** A message went out and the peer has not sent anything about the document since. */
  awaiting: boolean
  /** Messages held meanwhile, merged into one. */
  pending: Record<string, unknown> | null
  timer: ReturnType<typeof setTimeout> | null
}

export interface AdapterLimits {
  /** Sustained messages per second per connection. */
  messagesPerSecond: number
  /** Messages a connection may send in a burst above the sustained rate. */
  messageBurst: number
  /** Distinct documents one connection may open. */
  documentsPerConnection: number
  /** Interval of WebSocket pings; a peer that misses one is dropped. */
  keepAliveMs: number
}

interface Connection {
  seq: number
  ws: WebSocket
  remote: string
  /** The id the peer joined with (what it calls itself). */
  claimedId: string | null
  /** The id the repo knows this connection by (claimedId, or an alias on collision). */
  repoId: PeerId | null
  tokens: number
  lastRefill: number
  documents: Set<string>
  alive: boolean
  /** Outgoing frames wait here, in order, for their gate. */
  sendChain: Promise<void>
  closed: boolean
  pace: Map<string, Pace>
  /** While an access check is in flight, later frames wait behind it, in order. */
  inbox: Promise<void> | null
  access: AccessPeer | null
}

export type SendGate = (message: Message) => Promise<void> | null

export class RelayNetworkAdapter extends NetworkAdapter {
  #ready = false
  #readyResolve: (() => void) | null = null
  #readyPromise = new Promise<void>((r) => (this.#readyResolve = r))
  #seq = 0
  #byRepoId = new Map<string, Connection>()
  #connections = new Set<Connection>()
  #keepAlive: ReturnType<typeof setInterval> | null = null
  gate: SendGate | null = null
  /** Called for every message in or out that concerns a document. */
  onDocumentActivity: ((documentId: string) => void) | null = null
  /**
   * Called before each incoming frame is handled: the relay lets its storage settle finished
   * writes here, so what waited for the disk goes out without waiting for the event loop.
   */
  onFrame: (() => void) | null = null
  /**
   * A document's snapshot for `baton-snapshot-request` (SnapshotCache.ts), or null when the
   * relay does not have it; unset, every request is answered without a snapshot.
   */
  snapshots: ((documentId: string) => Promise<Uint8Array | null>) | null = null
  /** Access checks of claimed boards (sync-server/auth/); null lets every peer sync every board. */
  #access: AccessControl | null = null

  constructor(
    private readonly limits: AdapterLimits,
    private readonly log: Logger,
    private readonly metrics: RelayMetrics,
  ) {
    super()
  }

  isReady(): boolean {
    return this.#ready
  }

  whenReady(): Promise<void> {
    return this.#readyPromise
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId
    this.peerMetadata = peerMetadata
    this.#ready = true
    this.#readyResolve?.()
    this.#keepAlive ??= setInterval(() => {
      for (const c of this.#connections) {
        if (!c.alive) {
          this.log.info("peer timed out", { peer: c.claimedId, remote: c.remote })
          c.ws.terminate()
          continue
        }
        c.alive = false
        c.ws.ping()
      }
    }, this.limits.keepAliveMs)
    this.#keepAlive.unref()
  }

  disconnect(): void {
    if (this.#keepAlive) clearInterval(this.#keepAlive)
    this.#keepAlive = null
    for (const c of this.#connections) c.ws.terminate()
  }

  set access(access: AccessControl) {
    this.#access = access
    access.listPeers = () => [...this.#connections].map((c) => this.#accessPeer(c))
  }

  #accessPeer(c: Connection): AccessPeer {
    c.access ??= {
      seq: c.seq,
      remote: c.remote,
      sendAuth: (documentId, body) => {
        if (c.closed || this.peerId === undefined) return
        this.#sendRaw(c, {
          type: AUTH_TYPE,
          senderId: this.peerId,
          targetId: c.claimedId,
          documentId,
          ...body,
        })
      },
      sendUnavailable: (documentId, request) => {
        if (c.closed || this.peerId === undefined) return
        // Exactly what the repo sends for a board it does not have: its answer from an empty
        // document to the peer's message, then doc-unavailable (same fields, same order).
        const [, state] = A.receiveSyncMessage(A.init(), A.initSyncState(), new Uint8Array(request))
        const reply = A.generateSyncMessage(A.init(), state)[1]
        if (reply)
          this.#sendRaw(c, {
            type: "sync",
            targetId: c.claimedId,
            data: reply,
            documentId,
            senderId: this.peerId,
          })
        this.#sendRaw(c, {
          type: "doc-unavailable",
          documentId,
          targetId: c.claimedId,
          senderId: this.peerId,
        })
      },
      close: (code, reason) => this.#close(c, code, reason, "access-revoked"),
      hasDocument: (documentId) => c.documents.has(documentId),
    }
    return c.access
  }

  /** Number of open WebSocket connections. */
  get connectionCount(): number {
    return this.#connections.size
  }

  /** An evicted document no longer counts against any connection's document limit. */
  forgetDocument(documentId: string): void {
    for (const c of this.#connections) c.documents.delete(documentId)
  }

  /** Takes over a freshly upgraded WebSocket. */
  accept(ws: WebSocket, remote: string): void {
    const c: Connection = {
      seq: ++this.#seq,
      ws,
      remote,
      claimedId: null,
      repoId: null,
      tokens: this.limits.messageBurst,
      lastRefill: Date.now(),
      documents: new Set(),
      alive: true,
      sendChain: Promise.resolve(),
      closed: false,
      pace: new Map(),
      inbox: null,
      access: null,
    }
    this.#connections.add(c)
    this.metrics.connectionsOpen++
    this.metrics.connectionsTotal++
    ws.on("pong", () => (c.alive = true))
    ws.on("message", (data, isBinary) =>
      this.#receive(c, data as Buffer | ArrayBuffer | Buffer[], isBinary),
    )
    ws.on("error", (err: Error & { code?: string }) => {
      // ws reports protocol violations (oversize frames, bad opcodes) here, then closes.
      const tooBig = err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"
      const label = tooBig ? "too-big" : "ws-protocol"
      this.metrics.reject(label)
      this.log.warn("connection closed", {
        reason: tooBig ? "frame too large" : err.message,
        code: tooBig ? CLOSE_TOO_BIG : CLOSE_PROTOCOL_ERROR,
        peer: c.claimedId,
        remote: c.remote,
      })
    })
    ws.on("close", () => this.#forget(c))
  }

  #forget(c: Connection): void {
    if (c.closed) return
    c.closed = true
    this.#connections.delete(c)
    this.metrics.connectionsOpen--
    if (c.repoId !== null && this.#byRepoId.get(c.repoId) === c) {
      this.#byRepoId.delete(c.repoId)
      this.emit("peer-disconnected", { peerId: c.repoId })
    }
    this.#access?.forget(c.seq)
    c.documents.clear()
    for (const p of c.pace.values()) if (p.timer) clearTimeout(p.timer)
    c.pace.clear()
  }

  #close(c: Connection, code: number, reason: string, label: string): void {
    this.metrics.reject(label)
    this.log.warn("connection closed", { reason, code, peer: c.claimedId, remote: c.remote })
    // Stop listening first: nothing else this peer sent reaches the repo.
    c.ws.removeAllListeners("message")
    c.ws.close(code, reason)
    this.#forget(c)
    const ws = c.ws
    setTimeout(() => ws.terminate(), 2000).unref()
  }

  #takeToken(c: Connection): boolean {
    const now = Date.now()
    const elapsed = (now - c.lastRefill) / 1000
    c.lastRefill = now
    c.tokens = Math.min(
      this.limits.messageBurst,
      c.tokens + elapsed * this.limits.messagesPerSecond,
    )
    if (c.tokens < 1) return false
    c.tokens -= 1
    return true
  }

  #receive(c: Connection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    this.onFrame?.()
    if (c.closed) return
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    this.metrics.bytesIn += bytes.byteLength
    this.metrics.messagesIn++
    if (!isBinary)
      return this.#close(c, CLOSE_UNSUPPORTED_DATA, "text frames are not accepted", "text-frame")
    if (!this.#takeToken(c))
      return this.#close(c, CLOSE_POLICY_VIOLATION, "message rate limit exceeded", "flood")
    const decoded = decodeFrame(bytes)
    if (!decoded.ok) return this.#close(c, decoded.code, decoded.reason, decoded.label)
    const relayId = this.peerId
    if (relayId === undefined) return this.#close(c, 1013, "relay not ready", "not-ready")
    const checked = validateMessage(decoded.value, c.claimedId, relayId)
    if (!checked.ok) return this.#close(c, checked.code, checked.reason, checked.label)
    if (checked.kind === "join") {
      const message = checked.message
      const versions = message.supportedProtocolVersions
      if (versions !== undefined && !versions.includes(PROTOCOL_V1)) {
        this.#sendRaw(c, {
          type: "error",
          senderId: relayId,
          message: "unsupported protocol version",
          targetId: message.senderId,
        })
        return this.#close(
          c,
          CLOSE_PROTOCOL_ERROR,
          "unsupported protocol version",
          "protocol-version",
        )
      }
      c.claimedId = message.senderId
      // Never hand a live peer's id to someone else: a newcomer claiming it gets an alias.
      let repoId = message.senderId
      if (this.#byRepoId.has(repoId)) repoId = `${message.senderId}~${c.seq}`
      c.repoId = repoId as PeerId
      this.#byRepoId.set(repoId, c)
      this.log.debug("peer joined", {
        peer: c.claimedId,
        alias: repoId === c.claimedId ? undefined : repoId,
        remote: c.remote,
      })
      this.emit("peer-candidate", {
        peerId: c.repoId,
        peerMetadata: message.peerMetadata as PeerMetadata,
      })
      this.#sendRaw(c, {
        type: "peer",
        senderId: relayId,
        peerMetadata: this.peerMetadata ?? {},
        selectedProtocolVersion: PROTOCOL_V1,
        targetId: message.senderId,
        [SNAPSHOT_CAPABILITY]: true,
      })
      return
    }
    if (c.inbox) {
      const next: Promise<void> = c.inbox.then(() => this.#dispatch(c, checked))
      c.inbox = next
      void next.then(() => {
        if (c.inbox === next) c.inbox = null
      })
      return
    }
    this.#dispatch(c, checked)
  }

  #dispatch(
    c: Connection,
    checked: Exclude<Accepted, { kind: "join" }>,
    loaded = false,
  ): Promise<void> | void {
    if (c.closed) return
    if (checked.kind === "auth") {
      if (!this.#access) return
      const done = this.#access
        .handle(this.#accessPeer(c), checked.documentId, checked.frame)
        .catch((err: unknown) => {
          this.log.error("access check failed", { error: String(err), peer: c.claimedId })
          this.#close(c, 1011, "relay access failure", "access-failure")
        })
      // Hold this connection's later frames until the check is answered.
      c.inbox = (c.inbox ?? Promise.resolve()).then(() => done)
      const held = c.inbox
      void held.then(() => {
        if (c.inbox === held) c.inbox = null
      })
      return done
    }
    if (checked.kind === "snapshot") return this.#snapshot(c, checked.documentId)
    const { message, documentId } = checked
    if (documentId !== undefined && this.#access) {
      const access = this.#access
      const verdict = access.inbound(this.#accessPeer(c), documentId, message, loaded)
      if (verdict === "later") {
        // The check needs the board in memory (it was evicted while idle): load it, then decide,
        // holding this connection's later frames so they stay in order.
        const done = access.whenLoaded(documentId).then(() => this.#dispatch(c, checked, true))
        c.inbox = (c.inbox ?? Promise.resolve()).then(() => done)
        const held = c.inbox
        void held.then(() => {
          if (c.inbox === held) c.inbox = null
        })
        return done
      }
      if (verdict === "unavailable")
        return this.#accessPeer(c).sendUnavailable(documentId, message.data as Uint8Array)
      if (verdict !== "pass") return
    }
    if (documentId !== undefined && !c.documents.has(documentId)) {
      if (c.documents.size >= this.limits.documentsPerConnection)
        return this.#close(
          c,
          CLOSE_POLICY_VIOLATION,
          "too many documents on one connection",
          "too-many-documents",
        )
      c.documents.add(documentId)
    }
    if (documentId !== undefined) {
      this.onDocumentActivity?.(documentId)
      this.#answered(c, documentId)
    }
    this.emit("message", { ...message, senderId: c.repoId } as unknown as Message)
  }

  /**
   * Answers a snapshot request. A peer that may not read the board (the same check as for its
   * sync messages) gets exactly the answer for a board the relay does not have. The snapshot
   * goes out in order with the connection's other outgoing frames.
   */
  async #snapshot(c: Connection, documentId: string): Promise<void> {
    if (!c.documents.has(documentId)) {
      if (c.documents.size >= this.limits.documentsPerConnection)
        return this.#close(
          c,
          CLOSE_POLICY_VIOLATION,
          "too many documents on one connection",
          "too-many-documents",
        )
      c.documents.add(documentId)
    }
    this.onDocumentActivity?.(documentId)
    const allowed = !this.#access || this.#access.outbound(c.seq, documentId)
    const data = allowed && this.snapshots ? await this.snapshots(documentId) : null
    // Checked again: the grant may have been withdrawn while the snapshot was read.
    const stillAllowed = !this.#access || this.#access.outbound(c.seq, documentId)
    if (c.closed || this.peerId === undefined) return
    const wire: Record<string, unknown> = {
      type: SNAPSHOT_TYPE,
      senderId: this.peerId,
      targetId: c.claimedId,
      documentId,
    }
    if (data !== null && stillAllowed) {
      wire.data = data
      this.metrics.snapshotsSent++
    }
    c.sendChain = c.sendChain.then(() => {
      if (!c.closed) this.#sendRaw(c, wire)
    })
  }

  #sendRaw(c: Connection, message: Record<string, unknown>): void {
    const bytes = cbor.encode(message)
    this.metrics.messagesOut++
    this.metrics.bytesOut += bytes.byteLength
    c.ws.send(bytes)
  }

  /** Sends a message to the peer, pacing sync messages (see the top of this file). */
  #deliver(c: Connection, wire: Record<string, unknown>): void {
    const documentId = wire.documentId
    if (typeof documentId !== "string") return this.#sendRaw(c, wire)
    let p = c.pace.get(documentId)
    if (wire.type !== "sync" || !(wire.data instanceof Uint8Array)) {
      // Anything else about the document keeps its place after the held sync message.
      if (p?.pending) this.#sendPaced(c, documentId, p, p.pending)
      return this.#sendRaw(c, wire)
    }
    if (!p) {
      p = { awaiting: false, pending: null, timer: null }
      c.pace.set(documentId, p)
    }
    if (!p.awaiting) return this.#sendPaced(c, documentId, p, wire)
    if (p.pending === null) {
      p.pending = wire
      return
    }
    const merged = mergeSyncMessages(p.pending.data as Uint8Array, wire.data)
    if (merged === null) {
      this.#sendPaced(c, documentId, p, p.pending)
      p.pending = wire
      return
    }
    this.metrics.syncMessagesMerged++
    p.pending = { ...wire, data: merged }
  }

  #sendPaced(c: Connection, documentId: string, p: Pace, wire: Record<string, unknown>): void {
    if (p.pending === wire) p.pending = null
    this.#sendRaw(c, wire)
    // Only a message with changes is sure to be answered (the peer's heads move); waiting on
    // an acknowledgement the peer has no reason to answer would delay the next edit.
    if (!carriesChanges(wire.data as Uint8Array)) {
      if (!p.awaiting && !p.pending) c.pace.delete(documentId)
      return
    }
    p.awaiting = true
    if (p.timer) clearTimeout(p.timer)
    p.timer = setTimeout(() => {
      p.timer = null
      p.awaiting = false
      if (p.pending && !c.closed) this.#sendPaced(c, documentId, p, p.pending)
      else if (!p.pending) c.pace.delete(documentId)
    }, SYNC_HOLD_MS)
    p.timer.unref()
  }

  /** The peer sent something about the document: it is ready for what was held. */
  #answered(c: Connection, documentId: string): void {
    const p = c.pace.get(documentId)
    if (!p) return
    p.awaiting = false
    if (p.timer) clearTimeout(p.timer)
    p.timer = null
    if (p.pending) this.#sendPaced(c, documentId, p, p.pending)
    else c.pace.delete(documentId)
  }

  send(message: Message): void {
    const c = this.#byRepoId.get(message.targetId)
    if (!c || c.closed) return
    if ("data" in message && message.data instanceof Uint8Array && message.data.byteLength === 0)
      return
    if (
      message.documentId !== undefined &&
      this.#access &&
      !this.#access.outbound(c.seq, message.documentId)
    )
      return
    if (message.documentId !== undefined) {
      c.documents.add(message.documentId)
      this.onDocumentActivity?.(message.documentId)
    }
    // The peer knows itself by the id it claimed, not by its relay-side alias.
    const wire: Record<string, unknown> = { ...message, targetId: c.claimedId }
    if (typeof wire.senderId === "string") {
      const sender = this.#byRepoId.get(wire.senderId)
      if (sender) wire.senderId = sender.claimedId
    }
    const gated = this.gate?.(message) ?? null
    if (gated === null) {
      c.sendChain = c.sendChain.then(() => {
        if (!c.closed) this.#deliver(c, wire)
      })
      return
    }
    c.sendChain = c.sendChain
      .then(() => gated)
      .then(
        () => {
          if (!c.closed) this.#deliver(c, wire)
        },
        (err: unknown) => {
          // Never forward what is not on disk: drop the connection, the peer resyncs.
          this.log.error("storage write failed; dropping connection", {
            error: String(err),
            peer: c.claimedId,
          })
          this.#close(c, 1011, "relay storage failure", "storage-failure")
        },
      )
  }
}
