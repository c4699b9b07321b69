/**
 * A peer for the access tests, written from the outside: a raw WebSocket speaking the relay's
 * protocol, a device key made with WebCrypto, and Automerge's sync protocol driven by hand, so
 * a test can send exactly what a modified client would.
 */
import * as A from "@automerge/automerge"
import { cbor } from "@automerge/automerge-repo"
import { webcrypto, randomBytes, createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { WebSocket } from "ws"
import { syncUrl, waitFor } from "../testHelpers"
import type { BoardAccess, Role } from "./types"

export interface Device {
  keys: webcrypto.CryptoKeyPair
  publicKey: Uint8Array
  deviceId: string
}

export async function newDevice(): Promise<Device> {
  const keys = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ])
  const publicKey = new Uint8Array(await webcrypto.subtle.exportKey("raw", keys.publicKey))
  const deviceId = createHash("sha256").update(publicKey).digest("base64url")
  return { keys, publicKey, deviceId }
}

export const newSecret = (): Uint8Array => new Uint8Array(randomBytes(32))
export const hashOf = (secret: Uint8Array): Uint8Array =>
  new Uint8Array(createHash("sha256").update(secret).digest())

/** Three fresh link secrets, and the claim that registers their hashes. */
export function newLinks(): { links: Record<Role, Uint8Array>; claim: Record<Role, Uint8Array> } {
  const links = { edit: newSecret(), comment: newSecret(), view: newSecret() }
  return {
    links,
    claim: { edit: hashOf(links.edit), comment: hashOf(links.comment), view: hashOf(links.view) },
  }
}

/** A board's access record as a file relay saved it under `dataDir`. */
export async function savedAccess(dataDir: string, documentId: string): Promise<BoardAccess> {
  return JSON.parse(
    await readFile(join(dataDir, "access", `${documentId}.json`), "utf8"),
  ) as BoardAccess
}

export async function sign(
  device: Device,
  documentId: string,
  nonce: Uint8Array,
): Promise<Uint8Array> {
  const payload = new TextEncoder().encode(
    `baton-auth-v1\n${documentId}\n${Buffer.from(nonce).toString("base64url")}`,
  )
  return new Uint8Array(
    await webcrypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      device.keys.privateKey,
      payload,
    ),
  )
}

export type Frame = Record<string, unknown>

export interface ProofOptions {
  link?: Uint8Array
  claim?: Record<Role, Uint8Array>
  member?: string
  memberCode?: string
}

export class TestPeer {
  readonly ws: WebSocket
  readonly received: Frame[] = []
  readonly opened: Promise<void>
  readonly closed: Promise<{ code: number; reason: string }>
  relayId = ""
  readonly peerId = `test-${Math.random().toString(36).slice(2)}`
  /** Per document: the local Automerge document and the sync state with the relay. */
  readonly docs = new Map<string, { doc: A.Doc<Record<string, unknown>>; state: A.SyncState }>()
  /** Answer the relay's sync messages (as a client does). */
  autoReply = true
  /** Called after a sync message from the relay was applied to the document. */
  onSynced: ((documentId: string) => void) | null = null

  constructor(httpUrl: string) {
    this.ws = new WebSocket(syncUrl(httpUrl))
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve())
      this.ws.once("error", reject)
    })
    this.closed = new Promise((resolve) =>
      this.ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    this.ws.on("message", (data: Buffer) => {
      const m = cbor.decode(new Uint8Array(data)) as Frame
      this.received.push(m)
      if (m.type === "sync" && this.autoReply) this.#onSync(m)
    })
  }

  send(frame: Frame): void {
    this.ws.send(cbor.encode(frame))
  }

  async join(): Promise<this> {
    await this.opened
    this.send({
      type: "join",
      senderId: this.peerId,
      peerMetadata: {},
      supportedProtocolVersions: ["1"],
    })
    await waitFor(() => this.received.some((m) => m.type === "peer"), "the relay's peer message")
    this.relayId = this.received.find((m) => m.type === "peer")!.senderId as string
    return this
  }

  frame(documentId: string, body: Frame): Frame {
    return { senderId: this.peerId, targetId: this.relayId, documentId, ...body }
  }

  /** Sends `hello` and resolves with the relay's nonce. */
  async challenge(documentId: string): Promise<Uint8Array> {
    const before = this.received.length
    this.send(this.frame(documentId, { type: "baton-auth", step: "hello" }))
    const reply = await this.next(
      before,
      (m) => m.type === "baton-auth" && m.documentId === documentId,
    )
    if (reply.step !== "challenge")
      throw new Error(`expected a challenge, got ${String(reply.step)}`)
    return reply.nonce as Uint8Array
  }

  /** The whole handshake; resolves with the relay's answer (`granted` or `denied`). */
  async authenticate(
    documentId: string,
    device: Device,
    options: ProofOptions = {},
  ): Promise<Frame> {
    const nonce = await this.challenge(documentId)
    return this.prove(documentId, device, nonce, options)
  }

  async prove(
    documentId: string,
    device: Device,
    nonce: Uint8Array,
    options: ProofOptions & { signature?: Uint8Array } = {},
  ): Promise<Frame> {
    const signature = options.signature ?? (await sign(device, documentId, nonce))
    const before = this.received.length
    this.send(
      this.frame(documentId, {
        type: "baton-auth",
        step: "proof",
        nonce,
        publicKey: device.publicKey,
        signature,
        ...(options.link ? { link: options.link } : {}),
        ...(options.claim ? { claim: options.claim } : {}),
        ...(options.member ? { member: options.member } : {}),
        ...(options.memberCode !== undefined ? { memberCode: options.memberCode } : {}),
      }),
    )
    return this.next(before, (m) => m.type === "baton-auth" && m.documentId === documentId)
  }

  /** Asks for an "Add a device" code; resolves with the relay's answer. */
  async addDevice(documentId: string): Promise<Frame> {
    const before = this.received.length
    this.send(this.frame(documentId, { type: "baton-auth", step: "add-device" }))
    return this.next(before, (m) => m.type === "baton-auth" && m.documentId === documentId)
  }

  /** Binds this connection's device to `member` (with a code for an existing member). */
  async bindMember(documentId: string, member: string, memberCode?: string): Promise<Frame> {
    const before = this.received.length
    this.send(
      this.frame(documentId, {
        type: "baton-auth",
        step: "bind-member",
        member,
        ...(memberCode !== undefined ? { memberCode } : {}),
      }),
    )
    return this.next(before, (m) => m.type === "baton-auth" && m.documentId === documentId)
  }

  /** Sends a `baton-auth` request about `documentId`; resolves with the relay's answer. */
  async request(documentId: string, body: Frame): Promise<Frame> {
    const before = this.received.length
    this.send(this.frame(documentId, { type: "baton-auth", ...body }))
    return this.next(before, (m) => m.type === "baton-auth" && m.documentId === documentId)
  }

  /** Resolves with the first frame after index `from` that `match` accepts. */
  async next(from: number, match: (m: Frame) => boolean, what = "a reply"): Promise<Frame> {
    let found: Frame | undefined
    await waitFor(() => (found = this.received.slice(from).find(match)) !== undefined, what)
    return found!
  }

  /** Starts syncing `documentId` from `doc` (an empty document to fetch it). */
  open(documentId: string, doc: A.Doc<Record<string, unknown>> = A.init()): void {
    this.docs.set(documentId, { doc, state: A.initSyncState() })
    this.flush(documentId, A.getHeads(doc).length === 0 ? "request" : "sync")
  }

  /** Sends the next sync message for the document, if Automerge has one. */
  flush(documentId: string, type: "sync" | "request" = "sync"): boolean {
    const entry = this.docs.get(documentId)!
    const [state, message] = A.generateSyncMessage(entry.doc, entry.state)
    entry.state = state
    if (!message) return false
    this.send(this.frame(documentId, { type, data: message }))
    return true
  }

  change(documentId: string, fn: (d: Record<string, unknown>) => void, message?: string): void {
    const entry = this.docs.get(documentId)!
    entry.doc =
      message === undefined ? A.change(entry.doc, fn) : A.change(entry.doc, { message }, fn)
    this.flush(documentId)
  }

  doc(documentId: string): Record<string, unknown> {
    return this.docs.get(documentId)!.doc
  }

  #onSync(m: Frame): void {
    const entry = this.docs.get(m.documentId as string)
    if (!entry) return
    // A copy: Automerge misreads a view into a larger buffer, which is what CBOR decoding gives.
    const data = new Uint8Array(m.data as Uint8Array)
    const [doc, state] = A.receiveSyncMessage(entry.doc, entry.state, data)
    entry.doc = doc
    entry.state = state
    this.flush(m.documentId as string)
    this.onSynced?.(m.documentId as string)
  }

  close(): void {
    this.ws.close()
  }
}
