/**
 * Holds the relay's acknowledgements while the person is typing or moving cards.
 *
 * Each edit sent to the relay comes back as a sync message without changes: "I now have up to
 * these heads". Receiving one walks the document's whole change graph inside Automerge (about
 * 5-8 ms on a board with 50,000 changes), and one arrives about every 100 ms of typing, so they
 * land between keystrokes and delay the next one. Nothing the person sees depends on them at
 * once: the sync protocol sends each new edit whether or not the last one was acknowledged.
 *
 * So while `busy()` says the person is interacting, acknowledgements are held, and a newer one
 * from the same peer for the same document replaces the one held (its heads include the older
 * heads: a peer's document only grows). They are handed on once the person has paused for
 * `quietMs`, or after `maxHoldMs` at the latest. Any other message for that document first
 * releases the held one, so the order the repo sees is the order they were sent in, minus
 * the replaced acknowledgements. The first message from a peer for a document is never held:
 * in the opening exchange each side learns what the other has, and until then neither sends
 * its changes.
 */
import * as A from "@automerge/automerge"
import type { Message } from "@automerge/automerge-repo/slim"

export interface AckHoldOptions {
  /** Whether the person is interacting now (e.g. a key or pointer press within a second). */
  busy: () => boolean
  /** Hands a message on to the repo. */
  deliver: (message: Message) => void
  /** How often to check whether the person has paused. */
  quietMs?: number
  /** The longest an acknowledgement is held. */
  maxHoldMs?: number
  now?: () => number
}

export interface AckHold {
  /** Takes a message from the relay: delivered now, or held. */
  receive(message: Message): void
  /** Delivers everything held, in order. */
  flush(): void
  /**
   * Forgets everything held (the peer is gone: its messages no longer apply); the next
   * messages start new opening exchanges.
   */
  drop(): void
}

/** Whether `message` is a sync message carrying no changes (an acknowledgement). */
export function isAcknowledgement(message: Message): boolean {
  if (message.type !== "sync") return false
  const data = (message as { data?: unknown }).data
  if (!(data instanceof Uint8Array)) return false
  try {
    return A.decodeSyncMessage(data).changes.length === 0
  } catch {
    return false // not ours to judge: the repo reports it
  }
}

export function createAckHold(options: AckHoldOptions): AckHold {
  const quietMs = options.quietMs ?? 250
  const maxHoldMs = options.maxHoldMs ?? 5_000
  const now = options.now ?? Date.now
  /** Held acknowledgements by sender and document, oldest first. */
  const held = new Map<string, { message: Message; since: number }>()
  /** Sender and document pairs whose first message has been handed on. */
  const opened = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const keyOf = (m: Message): string | null => {
    const documentId = (m as { documentId?: unknown }).documentId
    return typeof documentId === "string" ? `${m.senderId}\u0000${documentId}` : null
  }
  const release = (key: string): void => {
    const entry = held.get(key)
    if (entry === undefined) return
    held.delete(key)
    options.deliver(entry.message)
  }
  const flush = (): void => {
    clearTimeout(timer)
    timer = undefined
    for (const key of [...held.keys()]) release(key)
  }
  const check = (): void => {
    timer = undefined
    if (held.size === 0) return
    if (!options.busy()) {
      flush()
      return
    }
    const t = now()
    for (const [key, entry] of [...held]) if (t - entry.since >= maxHoldMs) release(key)
    if (held.size > 0) timer = setTimeout(check, quietMs)
  }

  return {
    receive(message) {
      const key = keyOf(message)
      if (key === null) {
        options.deliver(message)
        return
      }
      if (!opened.has(key)) {
        opened.add(key)
      } else if (options.busy() && isAcknowledgement(message)) {
        const since = held.get(key)?.since ?? now()
        held.delete(key) // re-inserted last: the newest acknowledgement keeps the order
        held.set(key, { message, since })
        timer ??= setTimeout(check, quietMs)
        return
      }
      release(key)
      options.deliver(message)
    },
    flush,
    drop() {
      clearTimeout(timer)
      timer = undefined
      held.clear()
      opened.clear()
    },
  }
}
