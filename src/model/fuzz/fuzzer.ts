/**
 * Seeded multi-peer fuzzing of the board model. Peers apply random operations of every kind,
 * sync pairwise with Automerge sync messages in random, sometimes interrupted, orders, and go
 * offline and online at random. After every completed sync the two peers must be identical,
 * and no peer may ever violate a board invariant; at the end every peer converges.
 */
import * as A from "@automerge/automerge"
import { checkBoard } from "../check"
import { ModelError } from "../errors"
import * as M from "../index"
import { canonicalJson } from "../testkit"
import type { Board } from "../types"
import { rng } from "../random"

export interface FuzzOptions {
  /** Number of random steps (operations, syncs, disconnects). Default 30. */
  steps?: number
  /** Number of peers (at most 5); default 3 to 5, chosen by the seed. */
  peers?: number
  /** Also check invariants after every local operation (slower; used by the long campaign). */
  checkEveryOp?: boolean
  /**
   * After every complete sync, also compare the two peers' materialized documents (not only
   * their heads). Always done at the end. Slower; used by the long campaign.
   */
  deepCompareEverySync?: boolean
}

export type FuzzResult =
  | { ok: true; ops: number; refused: number; log: string[] }
  | { ok: false; seed: number; error: string; log: string[] }

type Rand = () => number
const int = (r: Rand, n: number): number => Math.floor(r() * n)
function pick<T>(r: Rand, xs: readonly T[]): T | undefined {
  return xs.length === 0 ? undefined : xs[int(r, xs.length)]
}

const T0 = Date.parse("2026-11-25T03:00:00.000Z")
const ZONES = ["Europe/Paris", "America/Lima", "Asia/Tokyo", "Pacific/Auckland"]
const WORDS = ["ship", "fix", "draft", "review", "plan", "test", "été", "🚀", "notes", "call"]

function text(r: Rand, min = 1): string {
  const n = min + int(r, 3)
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(pick(r, WORDS) as string)
  return out.join(" ")
}

/** Mutates `s` a little: insert or delete a few characters, as a person editing would. */
function tweak(r: Rand, s: string): string {
  const chars = [...s]
  const i = int(r, chars.length + 1)
  if (r() < 0.5 && chars.length > 1) chars.splice(i, 1 + int(r, 2))
  else chars.splice(i, 0, ...[...(pick(r, WORDS) as string)])
  const out = chars.join("")
  return out.trim().length === 0 ? "x" : out
}

function member(id: string, r: Rand, now: string): M.Member {
  return {
    id,
    name: `Member ${id}`,
    color: pick(r, ["#aa0000", "#00aa00", "#0000aa"]) as string,
    timeZone: pick(r, ZONES) as string,
    workingHours: M.defaultWorkingHours(),
    status: { kind: "available" },
    joinedAt: now,
  }
}

interface Op {
  desc: string
  apply: (d: Board) => void
}

/** Chooses a random operation against the peer's current state (sometimes with stale or unknown ids). */
function randomOp(r: Rand, doc: Board, peer: number, seq: () => string, now: string): Op {
  const cards = M.allCards(doc)
  const cardIds = cards.map((c) => c.id)
  const lists = Object.values(doc.lists)
  const listIds = lists.map((l) => l.id)
  const visible = M.visibleLists(doc).map((l) => l.id)
  const labels = Object.keys(doc.labels)
  const members = Object.keys(doc.members)
  const card = (): string => (r() < 0.05 ? "ghost-card" : (pick(r, cardIds) ?? "ghost-card"))
  const list = (): string =>
    r() < 0.05 ? "ghost-list" : (pick(r, r() < 0.8 ? visible : listIds) ?? "ghost-list")
  const label = (): string => pick(r, labels) ?? "ghost-label"
  const mem = (): string => (r() < 0.05 ? "ghost-member" : (pick(r, members) ?? "ghost-member"))
  const item = (cardId: string): string => {
    const c = M.getCard(doc, cardId)
    const ids = c ? Object.values(c.checklists).flatMap((l) => Object.keys(l.items)) : []
    return pick(r, ids) ?? "ghost-item"
  }
  const checklist = (cardId: string): string => {
    const c = M.getCard(doc, cardId)
    return (c && r() > 0.05 && pick(r, Object.keys(c.checklists))) || "ghost-checklist"
  }
  const comment = (cardId: string): string => {
    const c = M.getCard(doc, cardId)
    return (c && pick(r, Object.keys(c.comments))) ?? "ghost-comment"
  }
  const me = `m${peer}`
  const k = int(r, 100)
  // Weighted: card moves and edits are the most frequent.
  if (k < 12) {
    const id = seq()
    const l = list()
    const inList = M.cardsInList(doc, l).map((c) => c.id)
    const ref = pick(r, inList)
    const at: M.CardPlacement =
      ref === undefined || r() < 0.4
        ? r() < 0.5
          ? "bottom"
          : "top"
        : r() < 0.5
          ? { after: ref }
          : { before: ref }
    return {
      desc: `addCard(${id}, ${l}, ${JSON.stringify(at)})`,
      apply: (d) => M.addCard(d, { id, listId: l, title: text(r), memberId: me, now, at }),
    }
  }
  if (k < 26) {
    const c = card()
    const l = list()
    const i = int(r, 6)
    const hinted = r() < 0.5
    return {
      desc: `moveCard(${c}, ${l}, ${i}${hinted ? ", hint" : ""})`,
      apply: (d) =>
        M.moveCard(d, c, l, i, hinted ? { listCards: M.cardsInList(doc, l) } : undefined),
    }
  }
  if (k < 32) {
    const c = card()
    const old = M.getCard(doc, c)?.title ?? "x"
    const t = tweak(r, old)
    return {
      desc: `setCardTitle(${c}, ${JSON.stringify(t)})`,
      apply: (d) => M.setCardTitle(d, c, t),
    }
  }
  if (k < 38) {
    const c = card()
    const t = tweak(r, M.getCard(doc, c)?.description ?? "")
    return {
      desc: `setCardDescription(${c}, ${JSON.stringify(t)})`,
      apply: (d) => M.setCardDescription(d, c, t),
    }
  }
  const c = card()
  const attachment = (cardId: string): string => {
    const found = M.getCard(doc, cardId)?.attachments
    return (found && r() > 0.05 && pick(r, Object.keys(found))) || "ghost-attachment"
  }
  const small: (() => Op)[] = [
    () => {
      const id = seq()
      const image = r() < 0.5
      const file = {
        id,
        // Few distinct hashes: the same file attached twice, on one card or two.
        sha256: (image ? "a" : "b").repeat(63) + String(int(r, 4)),
        name: `${text(r)}.${image ? "png" : "pdf"}`,
        mime: image ? "image/png" : "application/pdf",
        size: int(r, 10_000),
        addedBy: me,
        addedAt: now,
        kind: image ? "image" : "file",
      }
      return {
        desc: `addAttachments(${c}, ${id}, ${file.kind})`,
        apply: (d) => M.addAttachments(d, c, [file]),
      }
    },
    () => {
      const a = attachment(c)
      const name = text(r)
      return {
        desc: `renameAttachment(${c}, ${a}, ${JSON.stringify(name)})`,
        apply: (d) => M.renameAttachment(d, c, a, name),
      }
    },
    () => {
      const a = attachment(c)
      return { desc: `removeAttachment(${c}, ${a})`, apply: (d) => M.removeAttachment(d, c, a) }
    },
    () => {
      const a = r() < 0.2 ? null : attachment(c)
      return { desc: `setCoverImage(${c}, ${a})`, apply: (d) => M.setCoverImage(d, c, a) }
    },
    () => {
      const on = r() < 0.5
      return { desc: `setAutoCover(${c}, ${on})`, apply: (d) => M.setAutoCover(d, c, on) }
    },
    () => {
      const id = seq()
      const l = list()
      const options = {
        checklists: r() < 0.5,
        labels: r() < 0.5,
        owners: r() < 0.5,
        comments: r() < 0.5,
      }
      return {
        desc: `copyCard(${c}, ${id}, ${l}, ${JSON.stringify(options)})`,
        apply: (d) => M.copyCard(d, c, { id, listId: l, memberId: me, now, options }),
      }
    },
    () => {
      const l = list()
      const id = seq()
      const cardIds = [seq(), seq(), seq()]
      return {
        desc: `copyList(${l}, ${id}, ${cardIds.join()})`,
        apply: (d) => M.copyList(d, l, { id, title: text(r), cardIds, memberId: me, now }),
      }
    },
    () => {
      const on = r() < 0.7
      return { desc: `setCardTemplate(${c}, ${on})`, apply: (d) => M.setCardTemplate(d, c, on) }
    },
    () => {
      const id = seq()
      const l = list()
      return {
        desc: `addCardFromTemplate(${c}, ${id}, ${l})`,
        apply: (d) => M.addCardFromTemplate(d, c, { id, listId: l, memberId: me, now }),
      }
    },
    () => ({ desc: `archiveCard(${c})`, apply: (d) => M.archiveCard(d, c, now) }),
    () => {
      const to = r() < 0.5 ? list() : undefined
      return { desc: `restoreCard(${c}, ${to})`, apply: (d) => M.restoreCard(d, c, now, to) }
    },
    () => ({ desc: `deleteCard(${c})`, apply: (d) => M.deleteCard(d, c) }),
    () => {
      const m = mem()
      return { desc: `addOwner(${c}, ${m})`, apply: (d) => M.addOwner(d, c, m) }
    },
    () => {
      const m = mem()
      return { desc: `removeOwner(${c}, ${m})`, apply: (d) => M.removeOwner(d, c, m) }
    },
    () => {
      const dl: M.Deadline =
        r() < 0.5
          ? { kind: "date", date: `2026-12-${String(1 + int(r, 28)).padStart(2, "0")}` }
          : {
              kind: "instant",
              at: new Date(T0 + int(r, 1e9)).toISOString(),
              zone: pick(r, ZONES) as string,
            }
      return {
        desc: `setDeadline(${c}, ${JSON.stringify(dl)})`,
        apply: (d) => M.setDeadline(d, c, dl),
      }
    },
    () => ({ desc: `clearDeadline(${c})`, apply: (d) => M.clearDeadline(d, c) }),
    () => {
      const st: M.Deadline =
        r() < 0.5
          ? { kind: "date", date: `2026-11-${String(1 + int(r, 28)).padStart(2, "0")}` }
          : {
              kind: "instant",
              at: new Date(T0 - int(r, 1e9)).toISOString(),
              zone: pick(r, ZONES) as string,
            }
      return { desc: `setStart(${c}, ${JSON.stringify(st)})`, apply: (d) => M.setStart(d, c, st) }
    },
    () => ({ desc: `clearStart(${c})`, apply: (d) => M.clearStart(d, c) }),
    () => ({ desc: `markDone(${c})`, apply: (d) => M.markDone(d, c, now) }),
    () => ({ desc: `unmarkDone(${c})`, apply: (d) => M.unmarkDone(d, c) }),
    () => {
      const v = r() < 0.5
      return { desc: `setUrgent(${c}, ${v})`, apply: (d) => M.setUrgent(d, c, v) }
    },
    () => {
      const v = r() < 0.5
      return { desc: `setImportant(${c}, ${v})`, apply: (d) => M.setImportant(d, c, v) }
    },
    () => ({ desc: `pinCard(${c})`, apply: (d) => M.pinCard(d, c, now) }),
    () => ({ desc: `unpinCard(${c})`, apply: (d) => M.unpinCard(d, c) }),
    () => {
      const id = seq()
      return {
        desc: `createLabel(${id})`,
        apply: (d) =>
          M.createLabel(d, {
            id,
            name: text(r),
            color: pick(r, ["#f00", "#0f0", "#00f"]) as string,
          }),
      }
    },
    () => {
      const l = label()
      const n = text(r)
      return { desc: `renameLabel(${l}, ${n})`, apply: (d) => M.renameLabel(d, l, n) }
    },
    () => {
      const l = label()
      return { desc: `recolorLabel(${l})`, apply: (d) => M.recolorLabel(d, l, "#123456") }
    },
    () => {
      const l = label()
      return { desc: `deleteLabel(${l})`, apply: (d) => M.deleteLabel(d, l) }
    },
    () => {
      const l = label()
      return { desc: `assignLabel(${c}, ${l})`, apply: (d) => M.assignLabel(d, c, l) }
    },
    () => {
      const l = label()
      return { desc: `unassignLabel(${c}, ${l})`, apply: (d) => M.unassignLabel(d, c, l) }
    },
    () => {
      const id = seq()
      const after = r() < 0.5 ? checklist(c) : null
      const at = after === null ? ("end" as const) : { after }
      return {
        desc: `addChecklist(${c}, ${id}, ${JSON.stringify(at)})`,
        apply: (d) => M.addChecklist(d, c, { id, name: text(r), at }),
      }
    },
    () => {
      const l = checklist(c)
      const t = tweak(r, M.getCard(doc, c)?.checklists[l]?.name ?? "x")
      return {
        desc: `renameChecklist(${c}, ${l}, ${JSON.stringify(t)})`,
        apply: (d) => M.renameChecklist(d, c, l, t),
      }
    },
    () => {
      const l = checklist(c)
      const to = int(r, 3)
      return {
        desc: `moveChecklist(${c}, ${l}, ${to})`,
        apply: (d) => M.moveChecklist(d, c, l, to),
      }
    },
    () => {
      const l = checklist(c)
      return { desc: `deleteChecklist(${c}, ${l})`, apply: (d) => M.deleteChecklist(d, c, l) }
    },
    () => {
      const id = seq()
      const l = checklist(c)
      const card = M.getCard(doc, c)
      const cl = card?.checklists[l]
      const inList = card && cl ? M.checklistItems(card, cl).map((it) => it.id) : []
      const after = r() < 0.5 ? (pick(r, inList) ?? null) : null
      const at = after === null ? ("end" as const) : { after }
      return {
        desc: `addChecklistItem(${c}, ${l}, ${id}, ${JSON.stringify(at)})`,
        apply: (d) => M.addChecklistItem(d, c, l, { id, text: text(r), at }),
      }
    },
    () => {
      const i = item(c)
      const card = M.getCard(doc, c)
      const current = card
        ? Object.values(card.checklists).find((l) => l.items[i] !== undefined)?.items[i]?.text
        : undefined
      const t = tweak(r, current ?? "x")
      return {
        desc: `editChecklistItem(${c}, ${i}, ${JSON.stringify(t)})`,
        apply: (d) => M.editChecklistItem(d, c, i, t),
      }
    },
    () => {
      const i = item(c)
      const v = r() < 0.5
      return {
        desc: `toggleChecklistItem(${c}, ${i}, ${v})`,
        apply: (d) => M.toggleChecklistItem(d, c, i, v),
      }
    },
    () => {
      const i = item(c)
      const to = int(r, 4)
      return {
        desc: `moveChecklistItem(${c}, ${i}, ${to})`,
        apply: (d) => M.moveChecklistItem(d, c, i, to),
      }
    },
    () => {
      const i = item(c)
      const l = checklist(c)
      const to = int(r, 4)
      return {
        desc: `moveChecklistItemTo(${c}, ${i}, ${l}, ${to})`,
        apply: (d) => M.moveChecklistItemTo(d, c, i, l, to),
      }
    },
    () => {
      const i = item(c)
      return {
        desc: `deleteChecklistItem(${c}, ${i})`,
        apply: (d) => M.deleteChecklistItem(d, c, i),
      }
    },
    () => {
      const i = item(c)
      const m = r() < 0.2 ? null : mem()
      return {
        desc: `setChecklistItemOwner(${c}, ${i}, ${m})`,
        apply: (d) => M.setChecklistItemOwner(d, c, i, m),
      }
    },
    () => {
      const i = item(c)
      const dl: M.Deadline | null =
        r() < 0.2
          ? null
          : r() < 0.5
            ? { kind: "date", date: `2026-12-${String(1 + int(r, 28)).padStart(2, "0")}` }
            : {
                kind: "instant",
                at: new Date(T0 + int(r, 1e9)).toISOString(),
                zone: pick(r, ZONES) as string,
              }
      return {
        desc: `setChecklistItemDeadline(${c}, ${i}, ${JSON.stringify(dl)})`,
        apply: (d) => M.setChecklistItemDeadline(d, c, i, dl),
      }
    },
    () => {
      const id = seq()
      return {
        desc: `addComment(${c}, ${id})`,
        apply: (d) => M.addComment(d, c, { id, authorId: me, text: text(r), now }),
      }
    },
    () => {
      const k2 = comment(c)
      const t = tweak(r, M.getCard(doc, c)?.comments[k2]?.text ?? "x")
      return {
        desc: `editComment(${c}, ${k2}, ${JSON.stringify(t)})`,
        apply: (d) => M.editComment(d, c, k2, t, now),
      }
    },
    () => {
      const k2 = comment(c)
      return { desc: `deleteComment(${c}, ${k2})`, apply: (d) => M.deleteComment(d, c, k2) }
    },
    () => {
      const k2 = comment(c)
      return { desc: `pinComment(${c}, ${k2})`, apply: (d) => M.pinComment(d, c, k2, now) }
    },
    () => {
      const k2 = comment(c)
      return { desc: `unpinComment(${c}, ${k2})`, apply: (d) => M.unpinComment(d, c, k2) }
    },
    () => {
      const on = r() < 0.5
      return { desc: `setBoardTemplate(${on})`, apply: (d) => M.setBoardTemplate(d, on) }
    },
    () => {
      const id = seq()
      const at: M.ListPlacement =
        r() < 0.3
          ? "start"
          : r() < 0.5 && visible.length > 0
            ? { after: pick(r, visible) as string }
            : "end"
      return {
        desc: `addList(${id}, ${JSON.stringify(at)})`,
        apply: (d) => M.addList(d, { id, title: text(r), now, at }),
      }
    },
    () => {
      const l = list()
      const t = tweak(r, doc.lists[l]?.title ?? "x")
      return { desc: `renameList(${l}, ${JSON.stringify(t)})`, apply: (d) => M.renameList(d, l, t) }
    },
    () => {
      const l = list()
      const i = int(r, 5)
      return { desc: `moveList(${l}, ${i})`, apply: (d) => M.moveList(d, l, i) }
    },
    () => {
      const l = list()
      return { desc: `archiveList(${l})`, apply: (d) => M.archiveList(d, l, now) }
    },
    () => {
      const l = pick(r, listIds) ?? "ghost-list"
      return { desc: `restoreList(${l})`, apply: (d) => M.restoreList(d, l) }
    },
    () => {
      const l = list()
      return { desc: `deleteList(${l})`, apply: (d) => M.deleteList(d, l, now) }
    },
    () => {
      // Sometimes two peers join with the same new id concurrently.
      const id = r() < 0.5 ? "newcomer" : `m${peer}-${seq()}`
      return { desc: `joinBoard(${id})`, apply: (d) => M.joinBoard(d, member(id, r, now)) }
    },
    () => {
      const m = mem()
      const patch =
        r() < 0.5
          ? { name: text(r) }
          : { timeZone: pick(r, ZONES) as string, status: { kind: "focusing" as const } }
      return {
        desc: `updateMember(${m}, ${JSON.stringify(patch)})`,
        apply: (d) => M.updateMember(d, m, patch),
      }
    },
    () => ({ desc: `renameBoard`, apply: (d) => M.renameBoard(d, tweak(r, doc.title)) }),
    () => {
      const n = 1 + int(r, 48)
      return {
        desc: `updateSettings(${n})`,
        apply: (d) => M.updateSettings(d, { replyWithinWorkingHours: n }),
      }
    },
    // Peers keep editing a board deleted elsewhere (offline): their edits merge into it.
    () => ({ desc: `deleteBoard(${me})`, apply: (d) => M.deleteBoard(d, me, now) }),
  ]
  return (pick(r, small) as () => Op)()
}

let cachedBase: A.Doc<Board> | null = null

/** The board every seed starts from (built once): members m0…m4, lists L1 and L2, cards C0…C3. */
function baseBoard(): A.Doc<Board> {
  if (cachedBase !== null) return cachedBase
  const now0 = new Date(T0).toISOString()
  const r = rng(0)
  let base = A.init<Board>({ actor: "00".repeat(16) })
  base = A.change(base, (d) => {
    M.initBoard(d, { title: "Fuzz board", memberId: "m0", now: now0 })
    for (let i = 0; i < 5; i++) M.joinBoard(d, member(`m${i}`, r, now0))
    M.addList(d, { id: "L1", title: "One", now: now0 })
    M.addList(d, { id: "L2", title: "Two", now: now0 })
    M.createLabel(d, { id: "red", name: "Bug", color: "#f00" })
    for (let i = 0; i < 4; i++)
      M.addCard(d, {
        id: `C${i}`,
        listId: i % 2 ? "L2" : "L1",
        title: `Card ${i}`,
        memberId: "m0",
        now: now0,
      })
  })
  cachedBase = base
  return base
}

/** Every title in a board, by key (`board`, `list:<id>`, `card:<id>`). */
function titlesIn(d: Board): [string, string][] {
  const out: [string, string][] = [["board", d.title]]
  for (const l of Object.values(d.lists)) out.push([`list:${l.id}`, l.title])
  for (const c of M.allCards(d)) out.push([`card:${c.id}`, c.title])
  return out
}

function heads(d: A.Doc<Board>): string {
  return [...A.getHeads(d)].sort().join(",")
}

/** Runs one seed; returns the failure (with its operation log) instead of throwing. */
export function runSeed(seed: number, opts: FuzzOptions = {}): FuzzResult {
  const r = rng(seed)
  const n = Math.min(5, opts.peers ?? 3 + int(r, 3))
  const steps = opts.steps ?? 30
  const log: string[] = []
  let ops = 0
  let refused = 0
  try {
    const base = baseBoard()
    const peers: A.Doc<Board>[] = []
    for (let i = 0; i < n; i++)
      peers.push(A.clone(base, { actor: (i + 1).toString(16).padStart(2, "0").repeat(16) }))
    const online: boolean[] = peers.map(() => true)
    // Titles are one value: whatever merges, every title is one that some peer set.
    const titlesSet = new Map<string, Set<string>>()
    const setTitle = (key: string, title: string | undefined): void => {
      if (title === undefined) return
      const s = titlesSet.get(key) ?? new Set<string>()
      s.add(title)
      titlesSet.set(key, s)
    }
    for (const [key, title] of titlesIn(base)) setTitle(key, title)
    const sync: A.SyncState[][] = peers.map(() => peers.map(() => A.initSyncState()))
    let counter = 0

    const fail = (msg: string): never => {
      throw new Error(msg)
    }
    const check = (i: number, when: string): void => {
      const v = checkBoard(peers[i] as Board)
      if (v.length > 0)
        fail(`peer ${i} violates invariants ${when}: ${JSON.stringify(v.slice(0, 5))}`)
    }
    const same = (i: number, j: number, deep: boolean): boolean =>
      heads(peers[i]!) === heads(peers[j]!) &&
      (!deep || canonicalJson(peers[i]) === canonicalJson(peers[j]))

    let delivered = 0
    /** Exchanges sync messages between i and j; `budget` limits messages (an interrupted sync). */
    const syncPair = (i: number, j: number, budget: number): boolean => {
      let quiet = 0
      let from = r() < 0.5 ? i : j
      for (let sent = 0; sent < budget;) {
        const to = from === i ? j : i
        const [st, msg] = A.generateSyncMessage(peers[from]!, sync[from]![to]!)
        sync[from]![to] = st
        if (msg === null) {
          if (++quiet >= 2) return true
        } else {
          delivered++
          quiet = 0
          sent++
          const [doc2, st2] = A.receiveSyncMessage(peers[to]!, sync[to]![from]!, msg)
          peers[to] = doc2
          sync[to]![from] = st2
        }
        from = to
      }
      return false
    }

    for (let step = 0; step < steps; step++) {
      const now = new Date(T0 + (step + 1) * 60_000).toISOString()
      const x = r()
      if (x < 0.6) {
        const p = int(r, n)
        const op = randomOp(r, peers[p]!, p, () => `p${p}x${counter++}`, now)
        log.push(`step ${step}: peer ${p} ${op.desc}`)
        // Every third step the peer has indexed its current version (as a UI rendering it
        // would), so operations without a hint use that index: fuzz that path too.
        if (step % 3 === 0) M.cardsByListCached(peers[p]!)
        try {
          const before = new Map(titlesIn(peers[p]!))
          peers[p] = A.change(
            peers[p]!,
            { message: M.encodeChangeMeta({ memberId: `m${p}`, op: op.desc.split("(")[0]! }) },
            (d) => op.apply(d as Board),
          )
          ops++
          // Whatever the operation titled (a rename, a new card, a copy's cards): set by a peer.
          for (const [key, title] of titlesIn(peers[p]!))
            if (before.get(key) !== title) setTitle(key, title)
        } catch (e) {
          if (!(e instanceof ModelError)) throw e
          refused++
          log.push(`  refused: ${e.message}`)
        }
        if (opts.checkEveryOp === true) check(p, `after ${op.desc}`)
      } else if (x < 0.92) {
        const i = int(r, n)
        let j = int(r, n - 1)
        if (j >= i) j++
        if (!online[i] || !online[j]) {
          log.push(`step ${step}: sync ${i}<->${j} skipped (offline)`)
          continue
        }
        const full = r() < 0.7
        const done = syncPair(i, j, full ? 1000 : 1 + int(r, 3))
        log.push(`step ${step}: sync ${i}<->${j} ${done ? "complete" : "interrupted"}`)
        check(i, "after sync")
        check(j, "after sync")
        if (done && !same(i, j, opts.deepCompareEverySync === true))
          fail(
            `peers ${i} and ${j} differ after a complete sync (heads ${heads(peers[i]!) === heads(peers[j]!) ? "equal" : "differ"})`,
          )
      } else {
        const p = int(r, n)
        online[p] = !online[p]
        log.push(`step ${step}: peer ${p} goes ${online[p] ? "online" : "offline"}`)
        if (online[p]) {
          // A reconnection starts a fresh sync session with everyone.
          for (let q = 0; q < n; q++) {
            sync[p]![q] = A.initSyncState()
            sync[q]![p] = A.initSyncState()
          }
        }
      }
    }
    // Everyone comes online and syncs in a ring until nothing changes.
    log.push("final: all online, sync until converged")
    for (let round = 0; ; round++) {
      if (round > 2 * n + 2) fail("peers did not stop exchanging messages")
      const before = delivered
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n
        if (!syncPair(i, j, 10_000)) fail(`sync ${i}<->${j} did not finish`)
      }
      if (round > 0 && delivered === before) break
    }
    for (let i = 0; i < n; i++) {
      for (const [key, title] of titlesIn(peers[i]!))
        if (titlesSet.get(key)?.has(title) !== true)
          fail(`peer ${i} has ${key} titled ${JSON.stringify(title)}, which no peer set`)
      check(i, "at the end")
      if (!same(0, i, true)) fail(`peer ${i} did not converge with peer 0`)
    }
    return { ok: true, ops, refused, log }
  } catch (e) {
    return { ok: false, seed, error: e instanceof Error ? (e.stack ?? e.message) : String(e), log }
  }
}

/** A failure as printed by tests and the campaign: seed, error, operation log. */
export function formatFailure(f: Extract<FuzzResult, { ok: false }>): string {
  return [
    `fuzz seed ${f.seed} failed: ${f.error}`,
    "operation log:",
    ...f.log.map((l) => `  ${l}`),
  ].join("\n")
}
