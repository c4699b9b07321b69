import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import { carriesChanges, changeCount, mergeSyncMessages } from "./mergeSync"
import { rng } from "../src/model/random"

type Doc = { items: Record<string, number>; log: string[] }

/**
 * A sender that keeps editing while its messages to the receiver pile up (no reply in
 * between), as a relay's messages to a busy peer do; the receiver gets them merged into one.
 */
function run(seed: number): { sender: A.Doc<Doc>; receiver: A.Doc<Doc>; merged: number } {
  const random = rng(seed)
  let sender = A.from<Doc>({ items: {}, log: [] })
  // The receiver may start with part of the history, or with nothing.
  let receiver = random() < 0.5 ? A.init<Doc>() : A.clone(sender)
  let ss = A.initSyncState()
  let rs = A.initSyncState()
  let merged = 0
  for (let round = 0; round < 20; round++) {
    let pending: Uint8Array | null = null
    const burst = 1 + Math.floor(random() * 5)
    for (let k = 0; k < burst; k++) {
      sender = A.change(sender, (d) => {
        d.items[`r${round}k${k}`] = k
        d.log.push(`${round}.${k}`)
      })
      let m: Uint8Array | null
      ;[ss, m] = A.generateSyncMessage(sender, ss)
      if (m === null) continue
      if (pending === null) pending = m
      else {
        const both = mergeSyncMessages(pending, m)
        if (both === null) {
          ;[receiver, rs] = A.receiveSyncMessage(receiver, rs, pending)
          pending = m
        } else {
          pending = both
          merged++
        }
      }
    }
    if (pending !== null) [receiver, rs] = A.receiveSyncMessage(receiver, rs, pending)
    // In step since the last round, the receiver has the whole burst from that one message.
    if (round > 0)
      for (let k = 0; k < burst; k++)
        expect(receiver.items[`r${round}k${k}`], `seed ${seed} round ${round}`).toBe(k)
    // The receiver replies; the two then finish the exchange as usual.
    for (let i = 0; i < 10; i++) {
      let r: Uint8Array | null
      ;[rs, r] = A.generateSyncMessage(receiver, rs)
      if (r !== null) [sender, ss] = A.receiveSyncMessage(sender, ss, r)
      let s: Uint8Array | null
      ;[ss, s] = A.generateSyncMessage(sender, ss)
      if (s !== null) [receiver, rs] = A.receiveSyncMessage(receiver, rs, s)
      if (r === null && s === null) break
    }
  }
  return { sender, receiver, merged }
}

describe("mergeSyncMessages", () => {
  it("delivers every change of a burst in one message, for 50 seeded histories", () => {
    let merged = 0
    for (let seed = 1; seed <= 50; seed++) {
      const { sender, receiver, merged: m } = run(seed)
      merged += m
      expect(A.getHeads(receiver).sort(), `seed ${seed}`).toEqual(A.getHeads(sender).sort())
      expect(A.toJS(receiver), `seed ${seed}`).toEqual(A.toJS(sender))
    }
    // The bursts really were merged (not all sent one by one).
    expect(merged).toBeGreaterThan(50)
  })

  it("a merged message carries the changes of both", () => {
    let sender = A.from<Doc>({ items: {}, log: [] })
    const [ss, m1] = A.generateSyncMessage(sender, A.initSyncState())
    sender = A.change(sender, (d) => {
      d.items.a = 1
    })
    const [, m2] = A.generateSyncMessage(sender, ss)
    expect(m1).not.toBeNull()
    expect(m2).not.toBeNull()
    const both = mergeSyncMessages(m1!, m2!)
    expect(both).not.toBeNull()
    const d1 = A.decodeSyncMessage(m1!)
    const d2 = A.decodeSyncMessage(m2!)
    const d = A.decodeSyncMessage(both!)
    expect(d.changes.length).toBe(d1.changes.length + d2.changes.length)
    expect(d.heads).toEqual(d2.heads)
  })
})

describe("changeCount", () => {
  it("reads the number of changes from the header as Automerge decodes it, for every message of real exchanges", () => {
    const random = rng(11)
    let checked = 0
    let withChanges = 0
    for (let peers = 0; peers < 8; peers++) {
      let a = A.from<Doc>({ items: {}, log: [] })
      let b = random() < 0.5 ? A.init<Doc>() : A.clone(a)
      let sa = A.initSyncState()
      let sb = A.initSyncState()
      for (let round = 0; round < 30; round++) {
        if (random() < 0.6) a = A.change(a, (d) => void (d.items[`a${round}`] = round))
        if (random() < 0.4) b = A.change(b, (d) => void d.log?.push(`b${round}`))
        for (let i = 0; i < 6; i++) {
          let m: Uint8Array | null
          ;[sa, m] = A.generateSyncMessage(a, sa)
          if (m !== null) {
            const n = A.decodeSyncMessage(m).changes.length
            expect(changeCount(m)).toBe(n)
            expect(carriesChanges(m)).toBe(n > 0)
            checked++
            if (n > 0) withChanges++
            if (random() < 0.9) [b, sb] = A.receiveSyncMessage(b, sb, m)
          }
          let r: Uint8Array | null
          ;[sb, r] = A.generateSyncMessage(b, sb)
          if (r !== null) {
            expect(changeCount(r)).toBe(A.decodeSyncMessage(r).changes.length)
            checked++
            ;[a, sa] = A.receiveSyncMessage(a, sa, r)
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200)
    expect(withChanges).toBeGreaterThan(20)
  })

  it("gives up (null) on bytes that are not a sync message or are cut short", () => {
    expect(changeCount(new Uint8Array([0x01, 0, 0, 0, 0]))).toBeNull()
    expect(changeCount(new Uint8Array([0x42, 5]))).toBeNull()
    expect(changeCount(new Uint8Array([0x42, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBeNull()
    const a = A.change(A.from<Doc>({ items: {}, log: [] }), (d) => void (d.items.x = 1))
    const [, m] = A.generateSyncMessage(a, A.initSyncState())
    if (m === null) throw new Error("no message")
    for (let cut = 1; cut < Math.min(m.length, 40); cut++) {
      const n = changeCount(m.subarray(0, cut))
      expect(n === null || n === A.decodeSyncMessage(m).changes.length).toBe(true)
    }
  })
})
