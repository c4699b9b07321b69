/**
 * Where the relay keeps its push state: the VAPID key pair, the members' subscriptions, the
 * events each subscription was already given, the queue of held notifications and the
 * one-time nonces of signed subscribe requests. A small interface, so a relay on PostgreSQL
 * keeps it in the database (postgres/PostgresPushStore.ts) and several relays share it; the
 * default keeps it in files under `<dataDir>/push/` (FilePushStore, below).
 *
 * Every method reads or writes the store itself (no copy kept between calls), so relays that
 * share a store see each other's subscriptions at once.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { QueuedPush, Recipient } from "./pushQueue"
import { PushQueue } from "./pushQueue"
import type { BoardSubscription } from "./subscriptions"
import { SubscriptionStore } from "./subscriptions"
import { loadOrCreateVapidKeys } from "./vapidKeys"
import type { VapidKeys } from "./vapidKeys"

/** A subscription without the keys of what it was given (kept by the store). */
export type SubscriptionRecord = Omit<BoardSubscription, "seen">

/** An event worth a push, for `enqueueFresh`: queued only if its key was never seen. */
export interface FreshEvent {
  key: string
  item: QueuedPush
}

export interface PushStore {
  /** The relay's VAPID key pair, made and kept the first time. */
  vapidKeys(): Promise<VapidKeys>
  subscriptions(): Promise<SubscriptionRecord[]>
  subscription(id: string): Promise<SubscriptionRecord | undefined>
  /**
   * Adds or replaces a subscription; `seen` (what is on the board already) is added to what
   * it was given, so a new choice of topic never repeats a notification.
   */
  putSubscription(sub: SubscriptionRecord, seen: readonly string[]): Promise<void>
  /** Changes a subscription's recipient or wake time. */
  updateSubscription(
    id: string,
    patch: { recipient?: Recipient; wakeAt?: number | null },
  ): Promise<void>
  /** Removes a subscription with everything queued for it; false when it did not exist. */
  removeSubscription(id: string): Promise<boolean>
  /** Queues the events whose keys the subscription was never given, and remembers their keys. */
  enqueueFresh(subscriptionId: string, events: readonly FreshEvent[]): Promise<number>
  /** Everything queued. */
  queued(): Promise<QueuedPush[]>
  /** Removes delivered notifications. */
  sent(ids: readonly string[]): Promise<void>
  /** Spends a request nonce (kept until `until`); false when it was spent already. */
  spendNonce(nonce: string, until: number): Promise<boolean>
  /**
   * Runs `fn` as the only sender among the relays sharing this store, or does not run it
   * (resolves null) while another relay is sending.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T | null>
  /** Problems found when opening (a damaged file moved aside), for the log. */
  readonly damaged: string[]
  close(): Promise<void>
}

const strip = ({ seen: _seen, ...rest }: BoardSubscription): SubscriptionRecord => rest

/** Files under `dir`: `vapid.json`, `subscriptions.json`, `queue.json` (each fsync'd, replaced atomically). */
export class FilePushStore implements PushStore {
  readonly #keys: VapidKeys
  readonly #subs: SubscriptionStore
  readonly #queue: PushQueue
  /** Spent nonces, in memory: one relay process uses a file store. */
  readonly #nonces = new Map<string, number>()
  #sending = false
  readonly damaged: string[] = []

  constructor(
    dir: string,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true })
    this.#keys = loadOrCreateVapidKeys(join(dir, "vapid.json"))
    this.#queue = new PushQueue(join(dir, "queue.json"))
    this.#subs = new SubscriptionStore(join(dir, "subscriptions.json"))
    if (this.#queue.damagedFile) this.damaged.push(this.#queue.damagedFile)
    if (this.#subs.damagedFile) this.damaged.push(this.#subs.damagedFile)
  }

  vapidKeys(): Promise<VapidKeys> {
    return Promise.resolve(this.#keys)
  }
  subscriptions(): Promise<SubscriptionRecord[]> {
    return Promise.resolve(this.#subs.all().map(strip))
  }
  subscription(id: string): Promise<SubscriptionRecord | undefined> {
    const s = this.#subs.get(id)
    return Promise.resolve(s ? strip(s) : undefined)
  }
  putSubscription(sub: SubscriptionRecord, seen: readonly string[]): Promise<void> {
    this.#subs.put({ ...sub, seen: [...seen] })
    return Promise.resolve()
  }
  updateSubscription(
    id: string,
    patch: { recipient?: Recipient; wakeAt?: number | null },
  ): Promise<void> {
    this.#subs.update(id, patch)
    return Promise.resolve()
  }
  removeSubscription(id: string): Promise<boolean> {
    this.#queue.dropSubscription(id)
    return Promise.resolve(this.#subs.remove(id))
  }
  enqueueFresh(subscriptionId: string, events: readonly FreshEvent[]): Promise<number> {
    const s = this.#subs.get(subscriptionId)
    if (!s) return Promise.resolve(0)
    const seen = new Set(s.seen)
    const fresh = events.filter((e) => !seen.has(e.key))
    for (const e of fresh) this.#queue.add(e.item)
    this.#subs.markSeen(
      subscriptionId,
      fresh.map((e) => e.key),
    )
    return Promise.resolve(fresh.length)
  }
  queued(): Promise<QueuedPush[]> {
    return Promise.resolve(this.#queue.all())
  }
  sent(ids: readonly string[]): Promise<void> {
    this.#queue.sent(ids)
    return Promise.resolve()
  }
  spendNonce(nonce: string, until: number): Promise<boolean> {
    const now = this.now()
    for (const [n, t] of this.#nonces) if (t < now) this.#nonces.delete(n)
    if (this.#nonces.has(nonce)) return Promise.resolve(false)
    this.#nonces.set(nonce, until)
    return Promise.resolve(true)
  }
  async exclusive<T>(fn: () => Promise<T>): Promise<T | null> {
    if (this.#sending) return null
    this.#sending = true
    try {
      return await fn()
    } finally {
      this.#sending = false
    }
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}
