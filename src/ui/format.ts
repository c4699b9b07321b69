/** Small display helpers shared by the screens. */

/** "just now", "5 min ago", "3 h ago", "2 days ago", or a date. */
export function relativeTime(iso: string, now: Date): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t) || t <= 0) return "never"
  const s = Math.round((now.getTime() - t) / 1000)
  if (s < 45) return "just now"
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min ago`
  const h = Math.round(m / 60)
  if (h < 24) return `${h} h ago`
  const d = Math.round(h / 24)
  if (d < 14) return `${d} day${d === 1 ? "" : "s"} ago`
  return new Date(t).toLocaleDateString()
}

/** Up to two initials of a name, for avatars. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => w !== "")
  if (words.length === 0) return "?"
  const first = words[0]?.[0] ?? ""
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? "") : ""
  return (first + last).toUpperCase()
}

/** Black or white text, whichever contrasts more with a `#rrggbb` background. */
export function textOn(color: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color)
  if (m === null) return "#000"
  const lin = (h: string): number => {
    const c = parseInt(h, 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const l = 0.2126 * lin(m[1] ?? "0") + 0.7152 * lin(m[2] ?? "0") + 0.0722 * lin(m[3] ?? "0")
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#000" : "#fff"
}

/** The first lines of a text, without Markdown's markers, for a preview. */
export function firstLines(text: string, lines = 2, max = 160): string {
  const out = text
    .split("\n")
    .map((l) =>
      l
        .replace(/^\s*(#{1,3}|[-*]|\d+\.|>)\s+/, "")
        .replace(/[*_`]/g, "")
        .trim(),
    )
    .filter((l) => l !== "")
    .slice(0, lines)
    .join(" · ")
  return out.length > max ? `${out.slice(0, max - 1)}…` : out
}
