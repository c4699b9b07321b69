/**
 * The relay's push state in PostgreSQL (migration 2 in migrations.ts), shared by every relay
 * on the database: one VAPID key pair for all of them (so a subscription made through any
 * relay is valid for every relay), the subscriptions, the keys of events each was given, the
 * queue, and the spent nonces of signed requests (a request replayed to another relay is
 * still refused).
 *
 * - An event is queued at most once per subscription however many relays see it: its key is
 *   inserted into `baton_push_seen` and the item queued in the same transaction, only when
 *   the key was new.
 * - One relay sends at a time: the sender holds a PostgreSQL advisory lock for its round;
 *   the others skip theirs. A relay that dies mid-round releases the lock with its session.
 */
import webpush from "web-push"
import type pg from "pg"
import type { QueuedPush, Recipient } from "../push/pushQueue"
import type { FreshEvent, PushStore, SubscriptionRecord } from "../push/PushStore"
import type { VapidKeys } from "../push/vapidKeys"
import { inTransaction } from "./transaction"

/** The advisory lock key of the push sender ("baton-push"). */
export const PUSH_SENDER_LOCK_KEY = 0x62617470757368

export class PostgresPushStore implements PushStore {
  readonly damaged: string[] = []

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async vapidKeys(): Promise<VapidKeys> {
    const fresh = webpush.generateVAPIDKeys()
    // The first relay's pair wins; every later relay reads it.
    await this.pool.query(
      `INSERT INTO baton_push_keys (id, public_key, private_key) VALUES (1, $1, $2)
       ON CONFLICT (id) DO NOTHING`,
      [fresh.publicKey, fresh.privateKey],
    )
    const row = await this.pool.query<{ public_key: string; private_key: string }>(
      "SELECT public_key, private_key FROM baton_push_keys WHERE id = 1",
    )
    return { publicKey: row.rows[0]!.public_key, privateKey: row.rows[0]!.private_key }
  }

  async subscriptions(): Promise<SubscriptionRecord[]> {
    const rows = await this.pool.query<{ record: SubscriptionRecord }>(
      "SELECT record FROM baton_push_subscriptions",
    )
    return rows.rows.map((r) => r.record)
  }

  async subscription(id: string): Promise<SubscriptionRecord | undefined> {
    const rows = await this.pool.query<{ record: SubscriptionRecord }>(
      "SELECT record FROM baton_push_subscriptions WHERE id = $1",
      [id],
    )
    return rows.rows[0]?.record
  }

  async putSubscription(sub: SubscriptionRecord, seen: readonly string[]): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query(
        `INSERT INTO baton_push_subscriptions (id, board_id, record) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET board_id = EXCLUDED.board_id, record = EXCLUDED.record`,
        [sub.id, sub.boardId, JSON.stringify(sub)],
      )
      if (seen.length > 0)
        await c.query(
          `INSERT INTO baton_push_seen (subscription_id, key)
           SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
          [sub.id, [...seen]],
        )
    })
  }

  async updateSubscription(
    id: string,
    patch: { recipient?: Recipient; wakeAt?: number | null },
  ): Promise<void> {
    await this.pool.query(
      "UPDATE baton_push_subscriptions SET record = record || $2::jsonb WHERE id = $1",
      [id, JSON.stringify(patch)],
    )
  }

  async removeSubscription(id: string): Promise<boolean> {
    const r = await this.pool.query("DELETE FROM baton_push_subscriptions WHERE id = $1", [id])
    return (r.rowCount ?? 0) > 0
  }

  async enqueueFresh(subscriptionId: string, events: readonly FreshEvent[]): Promise<number> {
    if (events.length === 0) return 0
    return inTransaction(this.pool, async (c) => {
      const exists = await c.query(
        "SELECT 1 FROM baton_push_subscriptions WHERE id = $1 FOR SHARE",
        [subscriptionId],
      )
      if (exists.rowCount === 0) return 0
      const fresh = await c.query<{ key: string }>(
        `INSERT INTO baton_push_seen (subscription_id, key)
         SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING key`,
        [subscriptionId, events.map((e) => e.key)],
      )
      const keys = new Set(fresh.rows.map((r) => r.key))
      const items = events.filter((e) => keys.has(e.key)).map((e) => e.item)
      if (items.length > 0)
        await c.query(
          `INSERT INTO baton_push_queue (id, subscription_id, item)
           SELECT i->>'id', $1, i FROM jsonb_array_elements($2::jsonb) AS i
           ON CONFLICT (id) DO NOTHING`,
          [subscriptionId, JSON.stringify(items)],
        )
      return items.length
    })
  }

  async queued(): Promise<QueuedPush[]> {
    const rows = await this.pool.query<{ item: QueuedPush }>("SELECT item FROM baton_push_queue")
    return rows.rows.map((r) => r.item)
  }

  async sent(ids: readonly string[]): Promise<void> {
    if (ids.length > 0)
      await this.pool.query("DELETE FROM baton_push_queue WHERE id = ANY($1::text[])", [[...ids]])
  }

  async spendNonce(nonce: string, until: number): Promise<boolean> {
    await this.pool.query("DELETE FROM baton_push_nonces WHERE until < $1", [new Date(this.now())])
    const r = await this.pool.query(
      "INSERT INTO baton_push_nonces (nonce, until) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      [nonce, new Date(until)],
    )
    return r.rowCount === 1
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T | null> {
    const client = await this.pool.connect()
    try {
      const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
        PUSH_SENDER_LOCK_KEY,
      ])
      if (!got.rows[0]?.ok) return null
      try {
        return await fn()
      } finally {
        await client
          .query("SELECT pg_advisory_unlock($1)", [PUSH_SENDER_LOCK_KEY])
          .catch(() => undefined)
      }
    } finally {
      client.release()
    }
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
