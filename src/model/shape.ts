/**
 * Structural check of a current-schema board, shared by `validateBoard` (stops at the first problem)
 * and `checkBoard` (collects all). Walks only the known schema, so garbage, cycles or huge
 * values cannot make it loop; every read is of an own property.
 */
import { BUCKET_COUNT, bucketKeys, bucketOf } from "./buckets"
import { isValidPosition } from "./positions"
import { BOARD_KIND } from "./types"
import { isDeadline, isIsoInstant, isMemberStatus, isWeekHours } from "./values"

/** Reports a problem at `path`; returns false to stop the walk. */
export type Report = (kind: "schema" | "position", path: string, message: string) => boolean

type Obj = Record<string, unknown>

class Stop extends Error {}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

function own(o: Obj, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined
}

export function walkBoard(doc: unknown, report: Report): void {
  const bad = (path: string, message: string, kind: "schema" | "position" = "schema"): void => {
    if (!report(kind, path, message)) throw new Stop()
  }
  const str = (o: Obj, k: string, path: string): void => {
    if (typeof own(o, k) !== "string") bad(`${path}.${k}`, "expected text")
  }
  const bool = (o: Obj, k: string, path: string): void => {
    if (typeof own(o, k) !== "boolean") bad(`${path}.${k}`, "expected true or false")
  }
  const instant = (o: Obj, k: string, path: string, nullable: boolean, optional = false): void => {
    const v = own(o, k)
    if (optional && v === undefined) return
    if (nullable && v === null) return
    if (!isIsoInstant(v)) bad(`${path}.${k}`, "expected an ISO-8601 instant")
  }
  const pos = (o: Obj, path: string): void => {
    if (!isValidPosition(own(o, "position")))
      bad(`${path}.position`, "invalid position key", "position")
  }
  const idMatches = (o: Obj, key: string, path: string): void => {
    if (own(o, "id") !== key) bad(`${path}.id`, "id differs from its key")
  }
  const setOfTrue = (o: Obj, k: string, path: string): void => {
    const s = own(o, k)
    if (!isObj(s)) return bad(`${path}.${k}`, "expected a set")
    for (const key of Object.keys(s))
      if (s[key] !== true) bad(`${path}.${k}.${key}`, "expected true")
  }
  const map = (o: Obj, k: string, path: string): Obj | null => {
    const v = own(o, k)
    if (!isObj(v)) {
      bad(`${path}.${k}`, "expected a map")
      return null
    }
    return v
  }
  /** Each entry of a map of records keyed by id: an object whose `id` is its key, then `check`. */
  const records = (
    m: Obj | null,
    path: string,
    what: string,
    check: (o: Obj, p: string, id: string) => void,
  ): void => {
    if (m === null) return
    for (const id of Object.keys(m)) {
      const p = `${path}.${id}`
      const o = m[id]
      if (!isObj(o)) {
        bad(p, `expected ${what}`)
        continue
      }
      idMatches(o, id, p)
      check(o, p, id)
    }
  }

  const sha = (o: Obj, k: string, path: string, optional: boolean): void => {
    const v = own(o, k)
    if (optional && v === undefined) return
    if (typeof v !== "string" || !/^[0-9a-f]{64}$/.test(v))
      bad(`${path}.${k}`, "expected a SHA-256")
  }
  const count = (o: Obj, k: string, path: string, optional: boolean): void => {
    const v = own(o, k)
    if (optional && v === undefined) return
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      bad(`${path}.${k}`, "expected a whole number")
  }
  /** A card's or comment's optional `attachments` (see `src/model/attachments.ts`). */
  const attachments = (o: Obj, path: string): void => {
    if (own(o, "attachments") === undefined) return
    records(map(o, "attachments", path), `${path}.attachments`, "an attachment", (a, ap) => {
      sha(a, "sha256", ap, false)
      str(a, "name", ap)
      str(a, "mime", ap)
      count(a, "size", ap, false)
      str(a, "addedBy", ap)
      instant(a, "addedAt", ap, false)
      const k = own(a, "kind")
      if (k !== "file" && k !== "image" && k !== "voice" && k !== "video")
        bad(`${ap}.kind`, "expected file, image, voice or video")
      sha(a, "thumbSha256", ap, true)
      count(a, "width", ap, true)
      count(a, "height", ap, true)
      count(a, "durationMs", ap, true)
    })
  }

  try {
    if (!isObj(doc)) return bad("", "not an object")
    if (own(doc, "kind") !== BOARD_KIND) bad("kind", `expected "${BOARD_KIND}"`)
    const v = own(doc, "schemaVersion")
    if (typeof v !== "number" || !Number.isInteger(v)) bad("schemaVersion", "expected an integer")
    str(doc, "title", "board")
    instant(doc, "createdAt", "board", false)
    str(doc, "createdBy", "board")
    if (own(doc, "template") !== undefined) bool(doc, "template", "board")

    records(map(doc, "lists", "board"), "lists", "a list", (l, p) => {
      str(l, "title", p)
      pos(l, p)
      bool(l, "archived", p)
      bool(l, "deleted", p)
      instant(l, "createdAt", p, false)
      instant(l, "archivedAt", p, true, true)
      instant(l, "deletedAt", p, true, true)
    })

    const buckets = map(doc, "cardBuckets", "board")
    if (buckets !== null) {
      const expected = new Set(bucketKeys())
      for (const k of bucketKeys())
        if (!isObj(own(buckets, k))) bad(`cardBuckets.${k}`, "missing card bucket")
      const keys = Object.keys(buckets)
      if (keys.length !== BUCKET_COUNT)
        for (const k of keys) if (!expected.has(k)) bad(`cardBuckets.${k}`, "unknown card bucket")
      for (const b of keys) {
        const bucket = buckets[b]
        if (!isObj(bucket)) continue
        records(bucket, `cardBuckets.${b}`, "a card", (c, p, id) => {
          if (bucketOf(id) !== b) bad(p, `card is in bucket ${b}, belongs in ${bucketOf(id)}`)
          str(c, "listId", p)
          pos(c, p)
          str(c, "title", p)
          str(c, "description", p)
          setOfTrue(c, "owners", p)
          const dl = own(c, "deadline")
          if (dl !== null && !isDeadline(dl)) bad(`${p}.deadline`, "expected a deadline or null")
          const st = own(c, "start")
          if (st !== undefined && st !== null && !isDeadline(st))
            bad(`${p}.start`, "expected a start date or null")
          bool(c, "done", p)
          instant(c, "doneAt", p, true)
          setOfTrue(c, "labels", p)
          records(map(c, "checklists", p), `${p}.checklists`, "a checklist", (cl, lp) => {
            str(cl, "name", lp)
            pos(cl, lp)
            records(map(cl, "items", lp), `${lp}.items`, "a checklist item", (it, ip) => {
              str(it, "text", ip)
              bool(it, "done", ip)
              pos(it, ip)
              const ow = own(it, "owner")
              if (ow !== undefined && ow !== null && typeof ow !== "string")
                bad(`${ip}.owner`, "expected a member id or null")
              const idl = own(it, "deadline")
              if (idl !== undefined && idl !== null && !isDeadline(idl))
                bad(`${ip}.deadline`, "expected a deadline or null")
              const sh = own(it, "shownIn")
              if (sh !== undefined && sh !== null && typeof sh !== "string")
                bad(`${ip}.shownIn`, "expected a checklist id or null")
            })
          })
          records(map(c, "comments", p), `${p}.comments`, "a comment", (cm, cp) => {
            str(cm, "authorId", cp)
            str(cm, "text", cp)
            instant(cm, "createdAt", cp, false)
            instant(cm, "editedAt", cp, true)
            instant(cm, "pinnedAt", cp, true, true)
            attachments(cm, cp)
          })
          attachments(c, p)
          const ci = own(c, "coverImage")
          if (ci !== undefined && ci !== null && typeof ci !== "string")
            bad(`${p}.coverImage`, "expected an attachment id or null")
          if (own(c, "autoCoverOff") !== undefined) bool(c, "autoCoverOff", p)
          bool(c, "archived", p)
          instant(c, "archivedAt", p, true, true)
          bool(c, "urgent", p)
          bool(c, "important", p)
          instant(c, "pinnedAt", p, true)
          if (own(c, "template") !== undefined) bool(c, "template", p)
          instant(c, "repliesResolvedAt", p, true, true)
          str(c, "createdBy", p)
          instant(c, "createdAt", p, false)
        })
      }
    }

    records(map(doc, "labels", "board"), "labels", "a label", (l, p) => {
      str(l, "name", p)
      str(l, "color", p)
      bool(l, "deleted", p)
    })

    records(map(doc, "members", "board"), "members", "a member", (m, p) => {
      str(m, "name", p)
      str(m, "color", p)
      str(m, "timeZone", p)
      if (!isWeekHours(own(m, "workingHours")))
        bad(`${p}.workingHours`, "expected working hours per weekday")
      if (!isMemberStatus(own(m, "status"))) bad(`${p}.status`, "expected a status")
      instant(m, "joinedAt", p, false)
    })

    records(map(doc, "calendarFeeds", "board"), "calendarFeeds", "a calendar feed", (f, p) => {
      if (!/^[0-9a-f]{64}$/.test(String(own(f, "hash")))) bad(`${p}.hash`, "expected a SHA-256")
      const m = own(f, "memberId")
      if (m !== null && typeof m !== "string") bad(`${p}.memberId`, "expected a member id")
      str(f, "createdBy", p)
      instant(f, "createdAt", p, false)
      instant(f, "stoppedAt", p, true)
    })

    const deleted = own(doc, "deleted")
    if (deleted !== undefined && deleted !== null) {
      if (!isObj(deleted)) bad("board.deleted", "expected who deleted the board and when")
      else {
        str(deleted, "by", "board.deleted")
        instant(deleted, "at", "board.deleted", false)
      }
    }

    const settings = map(doc, "settings", "board")
    if (settings !== null) {
      const r = own(settings, "replyWithinWorkingHours")
      if (typeof r !== "number" || !Number.isFinite(r) || r <= 0)
        bad("settings.replyWithinWorkingHours", "expected a positive number")
    }
  } catch (e) {
    if (e instanceof Stop) return
    report("schema", "", `unreadable document: ${e instanceof Error ? e.message : String(e)}`)
  }
}
