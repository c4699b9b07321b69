/**
 * A small, safe Markdown renderer for card descriptions. Every character of the input is
 * HTML-escaped; only the tags generated here are ever produced, links are limited to
 * http(s) and mailto, and nothing else (no raw HTML, no images, no attributes from input
 * except an escaped href) gets through.
 *
 * Supports: paragraphs, line breaks, `#`–`###` headings, `-`/`*` and `1.` lists,
 * `- [ ]`/`- [x]` task items (shown, not interactive), `> ` quotes, fenced code blocks,
 * `inline code`, **bold**, *italic* / _italic_, ~~strike~~, [links](https://…) and bare
 * https:// URLs.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

function safeHref(url: string): string | null {
  const u = url.trim()
  if (/^(https?:\/\/|mailto:)/i.test(u) && !/[\s<>"'`]/.test(u)) return u
  return null
}

/** Inline formatting of one line of text (input is raw; output is safe HTML). */
export function renderInline(raw: string): string {
  // Split out code spans first so nothing inside them is formatted.
  const parts = raw.split(/(`[^`]+`)/g)
  return parts
    .map((part) => {
      if (part.length > 2 && part.startsWith("`") && part.endsWith("`")) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`
      }
      let out = ""
      const linkRe = /\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"'`)]+)/g
      let last = 0
      for (let m = linkRe.exec(part); m !== null; m = linkRe.exec(part)) {
        out += formatEmphasis(escapeHtml(part.slice(last, m.index)))
        const label = m[1] ?? m[3] ?? ""
        const href = safeHref(m[2] ?? m[3] ?? "")
        out +=
          href === null
            ? formatEmphasis(escapeHtml(m[0]))
            : `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${formatEmphasis(escapeHtml(label))}</a>`
        last = m.index + m[0].length
      }
      out += formatEmphasis(escapeHtml(part.slice(last)))
      return out
    })
    .join("")
}

function formatEmphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/__([^_]+)__/g, "<strong>$1</strong>")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_([^_\s][^_]*)_(?=$|[^\w])/g, "$1<em>$2</em>")
    .replace(/~~([^~]+)~~/g, "<del>$1</del>")
}

/** Renders Markdown to safe HTML. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, "\n").split("\n")
  const out: string[] = []
  let paragraph: string[] = []
  let list: { tag: "ul" | "ol"; items: string[] } | null = null
  let quote: string[] = []

  const flushParagraph = (): void => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(renderInline).join("<br>")}</p>`)
    paragraph = []
  }
  const flushList = (): void => {
    if (list !== null)
      out.push(`<${list.tag}>${list.items.map((i) => `<li>${i}</li>`).join("")}</${list.tag}>`)
    list = null
  }
  const flushQuote = (): void => {
    if (quote.length > 0) out.push(`<blockquote>${renderMarkdown(quote.join("\n"))}</blockquote>`)
    quote = []
  }
  const flushAll = (): void => {
    flushParagraph()
    flushList()
    flushQuote()
  }

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ""
    if (/^```/.test(line)) {
      flushAll()
      const code: string[] = []
      i++
      while (i < lines.length && !/^```/.test(lines[i] ?? "")) code.push(lines[i++] ?? "")
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`)
      continue
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line)
    if (heading) {
      flushAll()
      const level = (heading[1]?.length ?? 1) + 2 // h3–h5 inside a dialog
      out.push(`<h${level}>${renderInline(heading[2] ?? "")}</h${level}>`)
      continue
    }
    const q = /^>\s?(.*)$/.exec(line)
    if (q) {
      flushParagraph()
      flushList()
      quote.push(q[1] ?? "")
      continue
    }
    flushQuote()
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line)
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line)
    if (bullet || numbered) {
      flushParagraph()
      const tag = bullet ? "ul" : "ol"
      if (list === null || list.tag !== tag) {
        flushList()
        list = { tag, items: [] }
      }
      let text = (bullet ?? numbered)?.[1] ?? ""
      const task = /^\[([ xX])\]\s+(.*)$/.exec(text)
      if (task) {
        const done = task[1] !== " "
        text = task[2] ?? ""
        list.items.push(
          `<span class="md-task" aria-label="${done ? "done" : "to do"}">${done ? "☑" : "☐"}</span> ${renderInline(text)}`,
        )
      } else {
        list.items.push(renderInline(text))
      }
      continue
    }
    if (line.trim() === "") {
      flushAll()
      continue
    }
    flushList()
    paragraph.push(line)
  }
  flushAll()
  return out.join("")
}
