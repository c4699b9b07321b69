import { describe, expect, it } from "vitest"
import { JSDOM } from "jsdom"
import { renderMarkdown } from "./markdown"

const ALLOWED_TAGS = [
  "p",
  "br",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "a",
  "ul",
  "ol",
  "li",
  "blockquote",
  "h3",
  "h4",
  "h5",
  "span",
]

describe("renderMarkdown", () => {
  it("formats the common Markdown a card description uses", () => {
    const html = renderMarkdown(
      "# Plan\nSome **bold** and *it* and `code`.\n\n- one\n- [x] two\n\n1. first\n2. second",
    )
    expect(html).toContain("<h3>Plan</h3>")
    expect(html).toContain("<strong>bold</strong>")
    expect(html).toContain("<em>it</em>")
    expect(html).toContain("<code>code</code>")
    expect(html).toContain("<ul><li>one</li><li>")
    expect(html).toContain("☑")
    expect(html).toContain("<ol><li>first</li><li>second</li></ol>")
  })

  it("keeps code blocks verbatim and escaped", () => {
    expect(renderMarkdown("```\n<b>**x**</b>\n```")).toBe(
      "<pre><code>&lt;b&gt;**x**&lt;/b&gt;</code></pre>",
    )
  })

  it("links only http(s) and mailto URLs", () => {
    expect(renderMarkdown("[site](https://example.com/a?b=1&c=2)")).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    )
    expect(renderMarkdown("see https://example.com/x")).toContain('href="https://example.com/x"')
    const js = renderMarkdown("[click](javascript:alert(1))")
    expect(js).not.toContain("<a")
    expect(js).not.toMatch(/href=/)
  })

  it.each([
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '[x](https://a.com" onmouseover="alert(1))',
    "**<iframe src=//evil>**",
    "> <svg onload=alert(1)>",
    "- <a href=javascript:alert(1)>x</a>",
    "`</code><script>alert(1)</script>`",
  ])("never lets HTML from the text through: %s", (input) => {
    const html = renderMarkdown(input)
    // Parsed by a real HTML parser: only the renderer's own elements and attributes exist.
    const body = new JSDOM(`<body>${html}</body>`).window.document.body
    for (const el of body.querySelectorAll("*")) {
      expect(ALLOWED_TAGS).toContain(el.tagName.toLowerCase())
      for (const attr of el.getAttributeNames())
        expect(["href", "target", "rel", "class", "aria-label"]).toContain(attr)
      const href = el.getAttribute("href")
      if (href !== null) expect(href).toMatch(/^(https?:|mailto:)/)
      if (href !== null) expect(href).not.toMatch(/["\s]/)
    }
  })
})
