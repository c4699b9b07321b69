/**
 * What every PushStore must do, as a suite each implementation runs (PushStore.test.ts for
 * files, postgres/sharedState.test.ts for PostgreSQL). `open` gives two stores on the same
 * state (two relays on one database; the same directory for files).
 */
import { expect, it } from "vitest"
import type { QueuedPush } from "./pushQueue"
import type { PushStore, SubscriptionRecord } from "./PushStore"

const sub = (id: string, boardId = "b1"): SubscriptionRecord => ({
  id,
  boardId,
  memberId: "kath",
  deviceId: "d1",
  topic: "mentions",
  endpoint: `https://push.example.org/${id}`,
  keys: { p256dh: "p", auth: "a" },
  createdAt: 1,
  wakeAt: null,
})

const item = (subscriptionId: string, key: string): QueuedPush => ({
  id: `${subscriptionId}:${key}`,
  subscriptionId,
  boardId: "b1",
  cardId: "c1",
  topic: "mentions",
  body: key,
  at: 1,
})

export function runPushStoreContract(open: () => Promise<[PushStore, PushStore]>): void {
  it("keeps one VAPID key pair and the subscriptions, seen by both stores", async () => {
    const [a, b] = await open()
    const keys = await a.vapidKeys()
    expect(await b.vapidKeys()).toEqual(keys)
    await a.putSubscription(sub("s1"), ["old"])
    expect(await b.subscription("s1")).toMatchObject({ boardId: "b1", memberId: "kath" })
    await b.updateSubscription("s1", { wakeAt: 42 })
    expect((await a.subscriptions()).map((s) => [s.id, s.wakeAt])).toEqual([["s1", 42]])
    // What was on the board when subscribing is never queued.
    expect(await a.enqueueFresh("s1", [{ key: "old", item: item("s1", "old") }])).toBe(0)
  })

  it("queues an event once however many stores see it, and drops the queue with its subscription", async () => {
    const [a, b] = await open()
    await a.putSubscription(sub("s2"), [])
    const events = [
      { key: "k1", item: item("s2", "k1") },
      { key: "k2", item: item("s2", "k2") },
    ]
    const counts = await Promise.all([a.enqueueFresh("s2", events), b.enqueueFresh("s2", events)])
    expect(counts.reduce((x, y) => x + y, 0)).toBe(2)
    expect((await b.queued()).map((q) => q.id).sort()).toEqual(["s2:k1", "s2:k2"])
    await a.sent(["s2:k1"])
    expect((await b.queued()).map((q) => q.id)).toEqual(["s2:k2"])
    // A changed topic keeps what was given: nothing is queued twice.
    await b.putSubscription({ ...sub("s2"), topic: "everything" }, [])
    expect(await a.enqueueFresh("s2", events)).toBe(0)
    expect(await b.removeSubscription("s2")).toBe(true)
    expect(await a.removeSubscription("s2")).toBe(false)
    expect(await a.queued()).toEqual([])
    expect(await a.enqueueFresh("s2", [{ key: "k3", item: item("s2", "k3") }])).toBe(0)
  })

  it("spends a nonce once, for both stores", async () => {
    const [a, b] = await open()
    const until = Date.now() + 60_000
    expect(await a.spendNonce("n1", until)).toBe(true)
    expect(await b.spendNonce("n1", until)).toBe(false)
    expect(await a.spendNonce("n1", until)).toBe(false)
    expect(await b.spendNonce("n2", until)).toBe(true)
  })

  it("lets one store send at a time", async () => {
    const [a, b] = await open()
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const first = a.exclusive(async () => {
      await held
      return "a"
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(await b.exclusive(() => Promise.resolve("b"))).toBeNull()
    release()
    expect(await first).toBe("a")
    expect(await b.exclusive(() => Promise.resolve("b"))).toBe("b")
  })
}
