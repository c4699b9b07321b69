/**
 * Unsaved text across an update reload. Board text is saved to IndexedDB as it is typed, but
 * a field the person has not submitted yet (a new card's title, a comment being written)
 * lives only in the page. Before the update reload, every text field whose value differs
 * from its initial value is written to sessionStorage (which survives a reload of the tab);
 * after the reload each is put back into the same field, on the same route, once it appears,
 * with focus and caret where they were.
 */

export interface Draft {
  /** The hash route the field was on. */
  hash: string
  /** Identifies the field: `#id`, `name=…`, `label=…` or `placeholder=…`, plus an index. */
  key: string
  value: string
  focused: boolean
  selectionStart: number | null
  selectionEnd: number | null
}

export const DRAFTS_KEY = "baton.pwa.drafts.v1"

type TextField = HTMLInputElement | HTMLTextAreaElement

const TEXT_INPUT_TYPES = new Set(["", "text", "search", "url", "email", "tel", "number"])

function isTextField(el: Element): el is TextField {
  if (el.tagName === "TEXTAREA") return true
  if (el.tagName !== "INPUT") return false
  return TEXT_INPUT_TYPES.has((el.getAttribute("type") ?? "").toLowerCase())
}

function baseKey(el: TextField): string | null {
  if (el.id !== "") return `#${el.id}`
  const name = el.getAttribute("name")
  if (name) return `name=${name}`
  const label = el.getAttribute("aria-label")
  if (label) return `label=${label}`
  const placeholder = el.getAttribute("placeholder")
  if (placeholder) return `placeholder=${placeholder}`
  return null
}

/** Every identifiable text field of the document with its key (`base@index`). */
function keyedFields(doc: Document): Array<{ key: string; el: TextField }> {
  const counts = new Map<string, number>()
  const out: Array<{ key: string; el: TextField }> = []
  for (const el of Array.from(doc.querySelectorAll("input, textarea"))) {
    if (!isTextField(el)) continue
    const base = baseKey(el)
    if (base === null) continue
    const n = counts.get(base) ?? 0
    counts.set(base, n + 1)
    out.push({ key: `${base}@${n}`, el })
  }
  return out
}

/** The unsaved text fields of the page. */
export function captureDrafts(doc: Document): Draft[] {
  const hash = doc.location?.hash ?? ""
  const drafts: Draft[] = []
  for (const { key, el } of keyedFields(doc)) {
    if (el.value === el.defaultValue || el.readOnly || el.disabled) continue
    drafts.push({
      hash,
      key,
      value: el.value,
      focused: doc.activeElement === el,
      selectionStart: el.selectionStart,
      selectionEnd: el.selectionEnd,
    })
  }
  return drafts
}

/** Writes the drafts for the next page load; false if storage refused. */
export function saveDrafts(storage: Pick<Storage, "setItem">, drafts: Draft[]): boolean {
  try {
    storage.setItem(DRAFTS_KEY, JSON.stringify(drafts))
    return true
  } catch {
    return false
  }
}

function isDraft(v: unknown): v is Draft {
  if (typeof v !== "object" || v === null) return false
  const d = v as Record<string, unknown>
  return typeof d.hash === "string" && typeof d.key === "string" && typeof d.value === "string"
}

/** Reads and removes the saved drafts. Never throws; bad entries are dropped. */
export function takeDrafts(storage: Pick<Storage, "getItem" | "removeItem">): Draft[] {
  let raw: string | null = null
  try {
    raw = storage.getItem(DRAFTS_KEY)
    storage.removeItem(DRAFTS_KEY)
  } catch {
    return []
  }
  if (raw === null) return []
  try {
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed.filter(isDraft) : []
  } catch {
    return []
  }
}

/** Puts a value into a field the way typing does, so frameworks listening to `input` see it. */
function fill(el: TextField, value: string): void {
  const view = el.ownerDocument.defaultView
  const ctor = el.tagName === "TEXTAREA" ? view?.HTMLTextAreaElement : view?.HTMLInputElement
  const setter = ctor ? Object.getOwnPropertyDescriptor(ctor.prototype, "value")?.set : undefined
  if (setter) setter.call(el, value)
  else el.value = value
  el.dispatchEvent(new (view?.Event ?? Event)("input", { bubbles: true }))
}

/**
 * Restores drafts into their fields as they appear (the app renders asynchronously), for
 * at most `timeoutMs`. A field the person already typed into again is left alone. Resolves
 * with the number of drafts restored.
 */
export function restoreDrafts(doc: Document, drafts: Draft[], timeoutMs = 15_000): Promise<number> {
  const hash = doc.location?.hash ?? ""
  const pending = new Map(drafts.filter((d) => d.hash === hash).map((d) => [d.key, d]))
  let restored = 0
  return new Promise((resolve) => {
    if (pending.size === 0) {
      resolve(0)
      return
    }
    const view = doc.defaultView
    const tryRestore = (): boolean => {
      for (const { key, el } of keyedFields(doc)) {
        const draft = pending.get(key)
        if (draft === undefined) continue
        pending.delete(key)
        if (el.value !== el.defaultValue) continue
        fill(el, draft.value)
        restored++
        if (draft.focused) {
          el.focus()
          try {
            el.setSelectionRange(draft.selectionStart, draft.selectionEnd)
          } catch {
            // Some input types (number, email) have no selection.
          }
        }
      }
      return pending.size === 0
    }
    if (tryRestore()) {
      resolve(restored)
      return
    }
    const observer = new (view?.MutationObserver ?? MutationObserver)(() => {
      if (tryRestore()) finish()
    })
    const timer = setTimeout(() => finish(), timeoutMs)
    const finish = (): void => {
      observer.disconnect()
      clearTimeout(timer)
      resolve(restored)
    }
    observer.observe(doc, { childList: true, subtree: true })
  })
}
