/**
 * The client's side of Baton's snapshot first load (docs/protocol.md): requests for a board
 * as one saved snapshot, and their answers. Only a relay whose `peer` frame offers snapshots
 * is asked; a stock automerge-repo relay never sees the message.
 */
import { SNAPSHOT_REQUEST_TYPE, SNAPSHOT_TYPE } from "../../shared/snapshotProtocol"

type Send = (frame: { type: string; documentId: string }) => void

/** How long a request waits for its answer before the normal protocol takes over. */
export const SNAPSHOT_TIMEOUT_MS = 20_000

export class SnapshotRequests {
  constructor(private readonly timeoutMs = SNAPSHOT_TIMEOUT_MS) {}

  #offered = false
  #connected = false
  readonly #waiting = new Map<string, ((bytes: Uint8Array | null) => void)[]>()

  /** The relay answered `join`; `offered` says whether it serves snapshots. */
  connected(offered: boolean): void {
    this.#connected = true
    this.#offered = offered
  }

  /** The connection dropped: every open request ends without a snapshot. */
  disconnected(): void {
    this.#connected = false
    const waiting = [...this.#waiting.values()].flat()
    this.#waiting.clear()
    for (const resolve of waiting) resolve(null)
  }

  request(documentId: string, send: Send): Promise<Uint8Array | null> {
    if (!this.#connected || !this.#offered) return Promise.resolve(null)
    return new Promise((done) => {
      // A request held back (e.g. a board this device may not read) ends after a while.
      const timer = setTimeout(() => this.#end(documentId, resolve), this.timeoutMs)
      const resolve = (bytes: Uint8Array | null): void => {
        clearTimeout(timer)
        done(bytes)
      }
      const list = this.#waiting.get(documentId)
      if (list) {
        list.push(resolve)
        return
      }
      this.#waiting.set(documentId, [resolve])
      send({ type: SNAPSHOT_REQUEST_TYPE, documentId })
    })
  }

  #end(documentId: string, resolve: (bytes: Uint8Array | null) => void): void {
    const list = this.#waiting.get(documentId)
    if (list === undefined) return
    const rest = list.filter((r) => r !== resolve)
    if (rest.length === 0) this.#waiting.delete(documentId)
    else this.#waiting.set(documentId, rest)
    resolve(null)
  }

  /** Takes a `baton-snapshot` frame; false for any other message. */
  receive(message: Record<string, unknown>): boolean {
    if (message.type !== SNAPSHOT_TYPE) return false
    const documentId = message.documentId
    if (typeof documentId !== "string") return true
    const waiting = this.#waiting.get(documentId) ?? []
    this.#waiting.delete(documentId)
    const data =
      message.data instanceof Uint8Array && message.data.byteLength > 0 ? message.data : null
    for (const resolve of waiting) resolve(data)
    return true
  }
}
